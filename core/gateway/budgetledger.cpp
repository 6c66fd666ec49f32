#include "gateway/budgetledger.h"

#include "gateway/gatewayconfig.h"
#include "gateway/gatewaykey.h"

#include <QDateTime>
#include <QTimeZone>

namespace switchboard::core::gateway {
namespace {

qint64 nextUtcDayMs(qint64 nowMs)
{
    return startOfUtcDayMs(nowMs) + 24 * 3600 * 1000;
}

qint64 nextUtcMonthMs(qint64 nowMs)
{
    const QDateTime start = QDateTime::fromMSecsSinceEpoch(startOfUtcMonthMs(nowMs), QTimeZone::utc());
    return start.addMonths(1).toMSecsSinceEpoch();
}

} // namespace

BudgetLedger::Account &BudgetLedger::account(QHash<qint64, Account> &accounts, qint64 id, qint64 nowMs)
{
    Account &account = accounts[id];
    const qint64 day = startOfUtcDayMs(nowMs);
    const qint64 month = startOfUtcMonthMs(nowMs);
    if (account.dayStartMs != day) {
        account.dayStartMs = day;
        account.spentToday = 0;
    }
    if (account.monthStartMs != month) {
        account.monthStartMs = month;
        account.spentThisMonth = 0;
    }
    return account;
}

void BudgetLedger::seed(qint64 keyId, qint64 spentTodayMicros, qint64 spentThisMonthMicros, qint64 nowMs)
{
    std::lock_guard lock(m_mutex);
    Account &entry = account(m_accounts, keyId, nowMs);
    // Calls this process settled are in the store too once recorded; never count less than
    // either knows.
    entry.spentToday = std::max(entry.spentToday, spentTodayMicros);
    entry.spentThisMonth = std::max(entry.spentThisMonth, spentThisMonthMicros);
}

void BudgetLedger::seedBudget(qint64 budgetId, qint64 spentInPeriodMicros, qint64 nowMs)
{
    std::lock_guard lock(m_mutex);
    Account &entry = account(m_budgets, budgetId, nowMs);
    entry.spentToday = std::max(entry.spentToday, spentInPeriodMicros);
    entry.spentThisMonth = std::max(entry.spentThisMonth, spentInPeriodMicros);
}

std::optional<BudgetRefusal> BudgetLedger::reserve(const GatewayKey &key, qint64 micros, qint64 nowMs,
                                                   const std::vector<const HardBudget *> &budgets)
{
    std::lock_guard lock(m_mutex);
    const bool keyBudget = key.budgetMicrosPerDay || key.budgetMicrosPerMonth;
    if (keyBudget) {
        Account &entry = account(m_accounts, key.id, nowMs);
        if (key.budgetMicrosPerDay && entry.spentToday + entry.reserved + micros > *key.budgetMicrosPerDay)
            return BudgetRefusal { BudgetRefusal::Period::Day, *key.budgetMicrosPerDay, entry.spentToday + entry.reserved, micros,
                                   nextUtcDayMs(nowMs) - nowMs, {} };
        if (key.budgetMicrosPerMonth && entry.spentThisMonth + entry.reserved + micros > *key.budgetMicrosPerMonth)
            return BudgetRefusal { BudgetRefusal::Period::Month, *key.budgetMicrosPerMonth, entry.spentThisMonth + entry.reserved,
                                   micros, nextUtcMonthMs(nowMs) - nowMs, {} };
    }
    // Every budget is checked before any is charged: a refused call holds nothing.
    for (const HardBudget *budget : budgets) {
        Account &entry = account(m_budgets, budget->id, nowMs);
        const qint64 spent = budget->daily ? entry.spentToday : entry.spentThisMonth;
        if (spent + entry.reserved + micros > budget->limitMicros)
            return BudgetRefusal { budget->daily ? BudgetRefusal::Period::Day : BudgetRefusal::Period::Month,
                                   budget->limitMicros,
                                   spent + entry.reserved,
                                   micros,
                                   (budget->daily ? nextUtcDayMs(nowMs) : nextUtcMonthMs(nowMs)) - nowMs,
                                   budget->scopeText };
    }
    if (keyBudget)
        account(m_accounts, key.id, nowMs).reserved += micros;
    for (const HardBudget *budget : budgets)
        account(m_budgets, budget->id, nowMs).reserved += micros;
    return std::nullopt;
}

QString BudgetRefusal::message(const QString &keyName) const
{
    auto usd = [](qint64 micros) { return QStringLiteral("$%1").arg(double(micros) / 1e6, 0, 'f', micros < 10'000 ? 4 : 2); };
    const bool day = period == Period::Day;
    if (!scope.isEmpty())
        return QStringLiteral("%1 has used its %2 budget of %3 (%4 spent or held by calls in flight; this call could cost "
                              "up to %5), and the gateway enforces it. It resets at the start of the next UTC %6. Raise "
                              "the budget on the Budgets page, or wait.")
            .arg(scope, day ? QStringLiteral("daily") : QStringLiteral("monthly"), usd(limitMicros), usd(usedMicros),
                 usd(callMicros), day ? QStringLiteral("day") : QStringLiteral("month"));
    return QStringLiteral("The key \"%1\" has used its %2 budget of %3 (%4 spent or held by calls in flight; this call "
                          "could cost up to %5). It resets at the start of the next UTC %6. Use a key with a larger "
                          "budget, or wait.")
        .arg(keyName, day ? QStringLiteral("daily") : QStringLiteral("monthly"), usd(limitMicros), usd(usedMicros),
             usd(callMicros), day ? QStringLiteral("day") : QStringLiteral("month"));
}

void BudgetLedger::settle(const GatewayKey &key, qint64 reservedMicros, qint64 actualMicros, qint64 nowMs,
                          const std::vector<qint64> &budgetIds)
{
    std::lock_guard lock(m_mutex);
    const auto charge = [&](Account &entry) {
        entry.reserved = std::max<qint64>(0, entry.reserved - reservedMicros);
        entry.spentToday += actualMicros;
        entry.spentThisMonth += actualMicros;
    };
    if (key.budgetMicrosPerDay || key.budgetMicrosPerMonth)
        charge(account(m_accounts, key.id, nowMs));
    for (const qint64 id : budgetIds)
        charge(account(m_budgets, id, nowMs));
}

qint64 BudgetLedger::spentTodayMicros(qint64 keyId) const
{
    std::lock_guard lock(m_mutex);
    return m_accounts.value(keyId).spentToday;
}

} // namespace switchboard::core::gateway
