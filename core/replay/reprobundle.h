#pragma once

#include "model/error.h"
#include "model/providerconfig.h"
#include "prompts/prompt.h"
#include "store/recordedcall.h"

#include <QByteArray>
#include <QStringList>

#include <nlohmann/json.hpp>

#include <vector>

namespace switchboard::core::store {
class Connection;
}

namespace switchboard::core::replay {

// A pin as the bundle carries it: where the alias pointed when the bundle was made.
struct BundledPin
{
    QString alias;
    QString provider;
    QString model;

    friend bool operator==(const BundledPin &, const BundledPin &) = default;
};

// A routing rule set version that routed one of the calls, as evidence (toJson of the rules).
struct BundledRuleSet
{
    qint64 version = 0;
    nlohmann::json rules;

    friend bool operator==(const BundledRuleSet &, const BundledRuleSet &) = default;
};

// A reproduction: one call or a few, with their replays, and what another workspace needs
// to replay them: the providers that answered (settings and where the key comes from, never
// a key), the pins of the aliases they asked for, the prompts they rendered (every version,
// for replays on another one), and the rule set versions that routed them. Payloads are as
// the log stored them: already redacted by the workspace's policy, never a key.
struct ReproBundle
{
    static constexpr int kFormat = 1;

    qint64 exportedMs = 0;
    QString exportedBy;
    QString productVersion;
    std::vector<store::RecordedCall> calls; // the chosen calls, then the replays of them
    std::vector<ProviderConfig> providers;
    std::vector<BundledPin> pins;
    std::vector<prompts::Prompt> prompts;
    std::vector<BundledRuleSet> ruleSets;

    friend bool operator==(const ReproBundle &, const ReproBundle &) = default;
};

// Reads the calls (and every replay of them) and what they used from the workspace.
Result<ReproBundle> collectBundle(store::Connection &connection, const QStringList &callIds);

// What was said, taken out: every message's text, tool call arguments and results, the
// answer's text, and the prompt variables' values become "[redacted: N characters]"; the
// shape stays (roles, models, parameters, tool names, timings, tokens, costs), and each
// call is marked redacted. For handing a user's calls over without what they wrote.
void redactConversations(ReproBundle &bundle);

// One JSON file.
QByteArray toBytes(const ReproBundle &bundle);
// Fails naming what is wrong (not JSON, another format version, a call without an id, ...).
Result<ReproBundle> bundleFromBytes(const QByteArray &bytes);

// What an import added, and what it left as it was.
struct ImportReport
{
    int callsAdded = 0;
    int callsPresent = 0;
    QStringList providersAdded;
    QStringList pinsAdded;
    QStringList promptsAdded;
    QStringList notes; // what the workspace has differently, and what to do about it
};

// Adds the bundle to the workspace in one transaction: calls it does not have yet (to the
// log only: they stay out of this workspace's dashboards), and providers, pins and prompts
// it has no namesake of. Nothing already there is changed; all or nothing.
Result<ImportReport> importBundle(store::Connection &connection, const ReproBundle &bundle, const QString &actor);

} // namespace switchboard::core::replay
