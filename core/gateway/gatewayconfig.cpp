#include "gateway/gatewayconfig.h"

#include "analytics/budgetstatus.h"
#include "store/rulesetrepository.h"
#include "store/budgetrepository.h"
#include "store/connection.h"
#include "store/gatewaykeyrepository.h"
#include "store/pinrepository.h"
#include "store/pricerepository.h"
#include "store/promptrepository.h"
#include "store/providerrepository.h"

#include <QDateTime>
#include <QTimeZone>

namespace switchboard::core::gateway {
namespace {

// Spend per gateway key since a moment, for the keys that have a budget.
Result<QHash<qint64, qint64>> spentSince(store::Connection &connection, qint64 sinceMs)
{
    auto query = connection.exec(QStringLiteral("SELECT gateway_key_id, SUM(cost_micros) FROM calls "
                                                "WHERE started_ms >= ? AND gateway_key_id IN "
                                                "(SELECT k.id FROM gateway_keys k JOIN budgets b ON b.scope_kind = 'key' "
                                                "AND b.scope_value = CAST(k.id AS TEXT) WHERE k.revoked_ms IS NULL) "
                                                "GROUP BY gateway_key_id"),
                                 { sinceMs });
    if (!query)
        return std::unexpected(query.error());
    QHash<qint64, qint64> spent;
    while (query->next())
        spent.insert(query->value(0).toLongLong(), query->value(1).toLongLong());
    return spent;
}

} // namespace

std::optional<execute::Target> GatewayConfig::resolve(const QString &target) const
{
    QString providerName;
    QString model;
    if (const auto pin = pins.find(target); pin != pins.end()) {
        providerName = pin->second.provider;
        model = pin->second.model;
    } else if (const qsizetype slash = target.indexOf(u'/'); slash > 0) {
        providerName = target.left(slash);
        model = target.mid(slash + 1);
    }
    const auto provider = providers.find(providerName);
    if (provider == providers.end() || model.isEmpty() || !provider->second.enabled)
        return std::nullopt;
    return execute::Target { provider->second, model };
}

qint64 startOfUtcDayMs(qint64 nowMs)
{
    const QDate day = QDateTime::fromMSecsSinceEpoch(nowMs, QTimeZone::utc()).date();
    return QDateTime(day, QTime(0, 0), QTimeZone::utc()).toMSecsSinceEpoch();
}

qint64 startOfUtcMonthMs(qint64 nowMs)
{
    const QDate day = QDateTime::fromMSecsSinceEpoch(nowMs, QTimeZone::utc()).date();
    return QDateTime(QDate(day.year(), day.month(), 1), QTime(0, 0), QTimeZone::utc()).toMSecsSinceEpoch();
}

Result<QString> configFingerprint(store::Connection &connection)
{
    auto query = connection.exec(QStringLiteral(
        "SELECT (SELECT COALESCE(MAX(id), 0) FROM audit_log), "
        "(SELECT COUNT(*) FROM prompt_versions), "
        "(SELECT COUNT(*) || '.' || COALESCE(MAX(updated_ms), 0) FROM providers), "
        "(SELECT COUNT(*) || '.' || COALESCE(MAX(updated_ms), 0) FROM pins), "
        "(SELECT COUNT(*) || '.' || COALESCE(MAX(activated_ms), 0) FROM rule_sets), "
        "(SELECT COUNT(*) || '.' || COALESCE(MAX(revoked_ms), 0) FROM gateway_keys), "
        "(SELECT COUNT(*) FROM prices)"));
    if (!query)
        return std::unexpected(query.error());
    if (!query->next())
        return QString();
    QStringList parts;
    for (int i = 0; i < 7; ++i)
        parts.push_back(query->value(i).toString());
    return parts.join(u':');
}

Result<GatewayConfig> loadGatewayTargets(store::Connection &connection)
{
    GatewayConfig config;
    auto providers = store::ProviderRepository(connection).list();
    if (!providers)
        return std::unexpected(providers.error());
    for (ProviderConfig &provider : *providers)
        config.providers.emplace(provider.name, std::move(provider));

    auto pins = store::PinRepository(connection).list();
    if (!pins)
        return std::unexpected(pins.error());
    for (const store::Pin &pin : *pins)
        config.pins.emplace(pin.alias, PinnedModel { pin.provider, pin.model });

    auto prices = store::PriceRepository(connection).loadPriceBook();
    if (!prices)
        return std::unexpected(prices.error());
    config.prices = std::move(*prices);
    return config;
}

Result<GatewayConfig> loadGatewayConfig(store::Connection &connection, qint64 nowMs)
{
    auto fingerprint = configFingerprint(connection);
    if (!fingerprint)
        return std::unexpected(fingerprint.error());
    auto targets = loadGatewayTargets(connection);
    if (!targets)
        return std::unexpected(targets.error());
    GatewayConfig config = std::move(*targets);
    config.fingerprint = *fingerprint;

    auto active = store::RuleSetRepository(connection).active();
    if (!active)
        return std::unexpected(active.error());
    if (*active) {
        config.rules = (*active)->rules;
        config.ruleSetVersion = static_cast<int>((*active)->version);
    }

    auto keys = store::GatewayKeyRepository(connection).activeByHash();
    if (!keys)
        return std::unexpected(keys.error());
    for (auto &[hash, key] : *keys)
        config.keys.insert(hash, std::move(key));

    store::PromptRepository promptRepository(connection);
    auto summaries = promptRepository.list();
    if (!summaries)
        return std::unexpected(summaries.error());
    for (const prompts::PromptSummary &summary : *summaries) {
        auto prompt = promptRepository.load(summary.name);
        if (!prompt)
            return std::unexpected(prompt.error());
        config.prompts.emplace(summary.name, std::move(*prompt));
    }

    auto today = spentSince(connection, startOfUtcDayMs(nowMs));
    auto month = today ? spentSince(connection, startOfUtcMonthMs(nowMs)) : today;
    if (!month)
        return std::unexpected(month.error());
    config.spentTodayMicros = std::move(*today);
    config.spentThisMonthMicros = std::move(*month);

    // Hard budgets other than keys': their spend so far as the Budgets page reads it (which
    // reads keys' spend from the calls too: only when there is a hard budget to read for).
    auto budgets = store::BudgetRepository(connection).list();
    if (!budgets)
        return std::unexpected(budgets.error());
    if (std::ranges::none_of(*budgets, [](const store::Budget &b) { return b.hardLimit && b.scope != store::Budget::Scope::Key; }))
        return config;
    auto statuses = analytics::readBudgetStatus(connection, nowMs);
    if (!statuses)
        return std::unexpected(statuses.error());
    for (const analytics::BudgetStatus &status : *statuses) {
        const store::Budget &budget = status.budget;
        if (!budget.hardLimit || budget.scope == store::Budget::Scope::Key)
            continue;
        HardBudget hard;
        hard.id = budget.id;
        hard.scope = budget.scope == store::Budget::Scope::Tenant    ? HardBudget::Scope::Tenant
            : budget.scope == store::Budget::Scope::Feature           ? HardBudget::Scope::Feature
                                                                      : HardBudget::Scope::Workspace;
        hard.value = budget.scopeValue;
        hard.daily = budget.period == store::Budget::Period::Day;
        hard.limitMicros = budget.limitMicros;
        hard.spentMicros = status.spentMicros;
        hard.scopeText = budget.scopeText();
        config.hardBudgets.push_back(std::move(hard));
    }
    return config;
}

} // namespace switchboard::core::gateway
