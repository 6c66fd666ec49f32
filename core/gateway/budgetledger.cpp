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

BudgetLedger::Account &BudgetLedger::account(qint64 keyId, qint64 nowMs)
{
    Account &account = m_accounts[keyId];
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
    Account &entry = account(keyId, nowMs);
    // Calls this process settled are in the store too once recorded; never count less than
    // either knows.
    entry.spentToday = std::max(entry.spentToday, spentTodayMicros);
    entry.spentThisMonth = std::max(entry.spentThisMonth, spentThisMonthMicros);
}

std::optional<BudgetRefusal> BudgetLedger::reserve(const GatewayKey &key, qint64 micros, qint64 nowMs)
{
    std::lock_guard lock(m_mutex);
    if (!key.budgetMicrosPerDay && !key.budgetMicrosPerMonth)
        return std::nullopt;
    Account &entry = account(key.id, nowMs);
    if (key.budgetMicrosPerDay && entry.spentToday + entry.reserved + micros > *key.budgetMicrosPerDay)
        return BudgetRefusal { BudgetRefusal::Period::Day, *key.budgetMicrosPerDay, entry.spentToday + entry.reserved, micros,
                               nextUtcDayMs(nowMs) - nowMs };
    if (key.budgetMicrosPerMonth && entry.spentThisMonth + entry.reserved + micros > *key.budgetMicrosPerMonth)
        return BudgetRefusal { BudgetRefusal::Period::Month, *key.budgetMicrosPerMonth, entry.spentThisMonth + entry.reserved,
                               micros, nextUtcMonthMs(nowMs) - nowMs };
    entry.reserved += micros;
    return std::nullopt;
}

QString BudgetRefusal::message(const QString &keyName) const
{
    auto usd = [](qint64 micros) { return QStringLiteral("$%1").arg(double(micros) / 1e6, 0, 'f', micros < 10'000 ? 4 : 2); };
    const bool day = period == Period::Day;
    return QStringLiteral("The key \"%1\" has used its %2 budget of %3 (%4 spent or held by calls in flight; this call "
                          "could cost up to %5). It resets at the start of the next UTC %6. Use a key with a larger "
                          "budget, or wait.")
        .arg(keyName, day ? QStringLiteral("daily") : QStringLiteral("monthly"), usd(limitMicros), usd(usedMicros),
             usd(callMicros), day ? QStringLiteral("day") : QStringLiteral("month"));
}

void BudgetLedger::settle(const GatewayKey &key, qint64 reservedMicros, qint64 actualMicros, qint64 nowMs)
{
    std::lock_guard lock(m_mutex);
    if (!key.budgetMicrosPerDay && !key.budgetMicrosPerMonth)
        return;
    Account &entry = account(key.id, nowMs);
    entry.reserved = std::max<qint64>(0, entry.reserved - reservedMicros);
    entry.spentToday += actualMicros;
    entry.spentThisMonth += actualMicros;
}

qint64 BudgetLedger::spentTodayMicros(qint64 keyId) const
{
    std::lock_guard lock(m_mutex);
    return m_accounts.value(keyId).spentToday;
}

} // namespace switchboard::core::gateway
