#pragma once

#include "model/chatrequest.h"
#include "model/error.h"
#include "store/recordedcall.h"

#include <QMetaType>

#include <optional>

namespace switchboard::core::store {
class Connection;
}

namespace switchboard::core::replay {

// What a replay changes about its source call. Nothing set: an exact replay, the same
// request (parameters and seed included) to the same provider and snapshot.
struct ReplayChange
{
    QString model;  // a pinned alias or "provider/model" to run instead
    QString prompt; // a prompt version to re-render from the call's logged variables:
                    // "name@3", "name@staging", or "@3" for the call's own prompt
    std::optional<double> temperature;

    bool isExact() const { return model.isEmpty() && prompt.isEmpty() && !temperature; }
    // In words, for the comparison view and the CLI: "exact", "model chat-smart", ...
    QString describe() const;

    friend bool operator==(const ReplayChange &, const ReplayChange &) = default;
};

// One replay as it will run: the request, the snapshot it goes to, and what the log records.
struct ReplayPlan
{
    ChatRequest request; // request.model: the alias (or provider/model) the replay asks for
    QString provider;    // the target, resolved when planned
    QString model;
    QString promptName;
    int promptVersion = 0;
    QByteArray variablesJson;

    QString sourceId;
    QString tenant;
    QString feature;
    QString userId;
    QStringList tags;

    QString change;         // ReplayChange::describe()
    QStringList assumptions; // what planning had to assume, said once to the user
};

// Plans a replay of `source` with `change`, reading prompts and pins from the workspace.
// Fails, saying why and what to do instead, when the call cannot be replayed: its payload
// was stored redacted or could not be read, it never reached a provider (exact replays), its
// prompt logged no variables, or the change names something the workspace does not have.
Result<ReplayPlan> planReplay(const store::RecordedCall &source, const ReplayChange &change,
                              store::Connection &connection);

} // namespace switchboard::core::replay

Q_DECLARE_METATYPE(switchboard::core::replay::ReplayChange)
Q_DECLARE_METATYPE(switchboard::core::replay::ReplayPlan)
