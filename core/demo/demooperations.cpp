#include "demo/demooperations.h"

#include "analytics/alertcheck.h"
#include "store/alertrepository.h"
#include "store/budgetrepository.h"
#include "store/connection.h"
#include "store/slorepository.h"

namespace switchboard::core::demo {
namespace {

const QString kActor = QStringLiteral("demo");

// The snapshot an alias's primary route serves, for rules on a model as calls record it.
QString servedModel(const DemoRecipe &recipe, const QString &provider, const QString &modelPrefix)
{
    for (const DemoRecipe::Alias &alias : recipe.aliases) {
        if (alias.primary.provider == provider && alias.primary.model.startsWith(modelPrefix))
            return alias.primary.model;
    }
    return {};
}

// The feature that an alias served by `provider` and `modelPrefix` answers most, by weight.
QString featureServedBy(const DemoRecipe &recipe, const QString &provider, const QString &modelPrefix)
{
    const DemoRecipe::Feature *best = nullptr;
    for (const DemoRecipe::Alias &alias : recipe.aliases) {
        if (alias.primary.provider != provider || !alias.primary.model.startsWith(modelPrefix))
            continue;
        for (const DemoRecipe::Feature &feature : recipe.features) {
            if (feature.alias == alias.alias && (!best || feature.weight > best->weight))
                best = &feature;
        }
    }
    return best ? best->name : QString();
}

store::AlertRule ruleFor(const DemoRecipe &recipe, const DemoRecipe::Incident &incident)
{
    store::AlertRule rule;
    switch (incident.kind) {
    case DemoRecipe::IncidentKind::LatencyRegression:
        rule.name = QStringLiteral("%1 slow").arg(incident.model);
        rule.kind = store::AlertRule::Kind::P95Latency;
        rule.dimension = QStringLiteral("model");
        rule.value = servedModel(recipe, incident.provider, incident.model);
        rule.threshold = 30'000; // the demo's busy hours reach about 25 s at p95
        rule.forMinutes = 60;
        rule.minCalls = 20;
        rule.runbook = QStringLiteral("Compare the model's latency on the Overview with the provider's status page. If "
                                      "the provider is slow, repin the alias to the backup provider (Models & Pins) "
                                      "and say so in #llm-ops.");
        break;
    case DemoRecipe::IncidentKind::CostSpike:
        rule.name = QStringLiteral("%1 cost spike").arg(incident.feature);
        rule.kind = store::AlertRule::Kind::CostSpike;
        rule.dimension = QStringLiteral("feature");
        rule.value = incident.feature;
        rule.threshold = 4;
        rule.forMinutes = 60;
        rule.minCalls = 5;
        rule.runbook = QStringLiteral("Open the largest calls behind the spike (Overview, tokens per call). A prompt "
                                      "or client change that sends more input is the usual cause: roll the prompt's "
                                      "production label back, or cap input tokens in the routing rule.");
        break;
    case DemoRecipe::IncidentKind::RateLimitStorm:
        rule.name = QStringLiteral("%1 errors").arg(featureServedBy(recipe, incident.provider, incident.model));
        rule.kind = store::AlertRule::Kind::ErrorRate;
        rule.dimension = QStringLiteral("feature");
        rule.value = featureServedBy(recipe, incident.provider, incident.model);
        rule.threshold = 0.12; // long answers cut by the timeout keep the usual rate at 5 to 8 %
        rule.forMinutes = 30;
        rule.minCalls = 30;
        rule.runbook = QStringLiteral("Check which failure category grows (Overview, failures). Rate limits: ask the "
                                      "provider for quota or move traffic to the fallback; timeouts: raise the routing "
                                      "rule's timeout only if the answers are worth the wait.");
        break;
    }
    return rule;
}

} // namespace

Result<void> seedDemoOperations(store::Connection &connection, const DemoRecipe &recipe, qint64 atMs)
{
    return connection.writeTransaction([&]() -> Result<void> {
        store::BudgetRepository budgets(connection);
        store::Budget month;
        month.scope = store::Budget::Scope::Workspace;
        month.period = store::Budget::Period::Month;
        month.limitMicros = 150'000'000;
        if (auto saved = budgets.save(month, kActor, atMs); !saved)
            return std::unexpected(saved.error());
        if (!recipe.tenants.empty()) {
            const auto largest = std::ranges::max_element(recipe.tenants, {}, &DemoRecipe::Tenant::weight);
            store::Budget day;
            day.scope = store::Budget::Scope::Tenant;
            day.scopeValue = largest->name;
            day.period = store::Budget::Period::Day;
            day.limitMicros = 3'000'000;
            if (auto saved = budgets.save(day, kActor, atMs); !saved)
                return std::unexpected(saved.error());
        }
        store::SloRepository slos(connection);
        for (const DemoRecipe::Feature &feature : recipe.features) {
            store::Slo slo;
            slo.feature = feature.name;
            slo.latencyMs = 60'000;
            slo.maxErrorRate = 0.01;
            slo.windowDays = 7;
            if (auto saved = slos.save(slo, kActor, atMs); !saved)
                return std::unexpected(saved.error());
        }
        store::AlertRepository alerts(connection);
        for (const DemoRecipe::Incident &incident : recipe.incidents) {
            const store::AlertRule rule = ruleFor(recipe, incident);
            if (rule.value.isEmpty())
                continue; // the recipe names nothing this rule could watch
            if (auto saved = alerts.saveRule(rule, kActor, atMs); !saved)
                return std::unexpected(saved.error());
        }
        store::AlertRule spend;
        spend.name = QStringLiteral("Spend");
        spend.kind = store::AlertRule::Kind::Budget;
        spend.runbook = QStringLiteral("See which tenant or feature drives spend (Overview, cost by tenant). Tell the "
                                       "tenant's account owner before the limit is reached.");
        if (auto saved = alerts.saveRule(spend, kActor, atMs); !saved)
            return std::unexpected(saved.error());
        return {};
    });
}

Result<void> judgeDemoWeek(store::Connection &connection, qint64 fromMs, qint64 toMs, qint64 stepMs)
{
    // One transaction: thousands of small writes, each its own commit, would take minutes.
    return connection.writeTransaction([&]() -> Result<void> {
        for (qint64 t = fromMs; t <= toMs; t += stepMs) {
            if (auto check = analytics::checkAlerts(connection, t, stepMs - 1); !check)
                return std::unexpected(check.error());
        }
        return {};
    });
}

} // namespace switchboard::core::demo
