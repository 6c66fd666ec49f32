#pragma once

#include "execute/callspec.h"
#include "gateway/gatewaykey.h"
#include "model/error.h"
#include "pricing/pricebook.h"
#include "prompts/prompt.h"
#include "routing/ruleset.h"

#include <QHash>
#include <QString>

#include <map>
#include <vector>

namespace switchboard::core::store {
class Connection;
}

namespace switchboard::core::gateway {

// An alias as pinned: the provider (by name) and the provider's model name.
struct PinnedModel
{
    QString provider;
    QString model;

    friend bool operator==(const PinnedModel &, const PinnedModel &) = default;
};

// A budget the gateway enforces besides keys' own: the workspace's, a tenant's or a feature's,
// set as a hard limit, with what it had spent in its period when the config was read.
struct HardBudget
{
    qint64 id = 0;
    enum class Scope { Workspace, Tenant, Feature } scope = Scope::Workspace;
    QString value; // the tenant or feature
    bool daily = true;
    qint64 limitMicros = 0;
    qint64 spentMicros = 0;
    QString scopeText; // "Tenant acme", as refusals name it

    bool covers(const QString &tenant, const QString &feature) const
    {
        return scope == Scope::Workspace || (scope == Scope::Tenant && value == tenant) || (scope == Scope::Feature && value == feature);
    }
};

// Everything the gateway serves by, read from the workspace in one go and swapped whole when
// the workspace changes, so that a call never sees half an edit. A plain value: loaded on a
// worker thread, handed to the serving thread.
struct GatewayConfig
{
    std::map<QString, ProviderConfig> providers; // by name
    std::map<QString, PinnedModel> pins;         // by alias
    routing::RuleSet rules;
    int ruleSetVersion = 0; // 0: no active rule set; every call goes to the model it names
    QHash<QString, GatewayKey> keys; // active keys by the hash of their secret
    std::map<QString, prompts::Prompt> prompts; // by name
    pricing::PriceBook prices;
    // What the keys with budgets have spent in the current day and month, in micro-dollars.
    QHash<qint64, qint64> spentTodayMicros;
    QHash<qint64, qint64> spentThisMonthMicros;
    std::vector<HardBudget> hardBudgets;
    QString fingerprint; // configFingerprint() when this was read

    // A target as rules and callers name it, an alias or "provider/model", as the executor
    // takes it; empty when the workspace has no such alias or provider.
    std::optional<execute::Target> resolve(const QString &target) const;
};

// Start of the current UTC day and month, as budgets count them.
qint64 startOfUtcDayMs(qint64 nowMs);
qint64 startOfUtcMonthMs(qint64 nowMs);

// A cheap summary of everything the config is read from; when it changes, read it again.
Result<QString> configFingerprint(store::Connection &connection);
// Only what resolve() and pricing need: providers, pins and prices.
Result<GatewayConfig> loadGatewayTargets(store::Connection &connection);
Result<GatewayConfig> loadGatewayConfig(store::Connection &connection, qint64 nowMs);

} // namespace switchboard::core::gateway
