#pragma once

#include "execute/httpattempt.h"
#include "model/callrecord.h"
#include "model/chatresponse.h"
#include "model/providerconfig.h"
#include "providers/providerfailure.h"
#include "store/recordedcall.h"

#include <QMetaType>

#include <optional>
#include <vector>

namespace switchboard::core::execute {

// A model snapshot on a provider, as routing resolved it.
struct Target
{
    ProviderConfig provider;
    QString model; // the provider's name for it, e.g. "gpt-4o-2024-08-06"

    QString key() const { return provider.name + QLatin1Char('/') + model; }
};

// Everything the executor needs to run one call. Routing made the target list (primary
// first, then the fallback chain); the executor only walks it.
struct CallSpec
{
    ChatRequest request; // as the caller sent it: request.model is the alias asked for
    std::vector<Target> targets;

    CallOrigin origin = CallOrigin::Gateway;
    QString parentId;
    qint64 gatewayKeyId = 0;
    QString tenant;
    QString feature;
    QString userId;
    QStringList tags;
    QString promptName;
    int promptVersion = 0;
    int ruleSetVersion = 0;
    QString ruleName;
    QByteArray variablesJson; // the prompt's variables as the caller gave them, for the log

    qint64 deadlineMs = 120'000; // every attempt and every wait included
    HttpAttempt::Timeouts attemptTimeouts;
};

// One attempt: the row the request log keeps, and what it cost and what came of it.
struct AttemptRecord : store::AttemptRow
{
    qint64 costMicros = 0;
    QString decision; // what the executor did next, and why
};

// How a call ended: the narrow record, the answer, each attempt, and the payloads to store.
struct CallOutcome
{
    CallRecord record;
    std::optional<ChatResponse> response;
    std::optional<providers::ProviderFailure> failure;
    std::vector<AttemptRecord> attempts;
    std::vector<qint64> chunkOffsetsMs; // of the attempt whose stream reached the caller
    QStringList trace;                  // how the executor walked the plan, in words
    QByteArray requestJson;             // canonical request (OpenAI form); never a key
    QByteArray responseJson;
    QByteArray variablesJson;           // as the spec gave them
};

} // namespace switchboard::core::execute

Q_DECLARE_METATYPE(switchboard::core::execute::CallOutcome)
