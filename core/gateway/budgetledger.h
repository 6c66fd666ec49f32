#pragma once

#include <QHash>

#include <optional>

namespace switchboard::core::gateway {

struct GatewayKey;

// What each gateway key has spent against its daily and monthly budget, with the calls in
// flight held as reservations: a call is admitted only if its most it could cost fits beside
// what is spent and reserved, so concurrent calls cannot overrun a budget together. Settling
// replaces the reservation by the actual cost (streamed usage included). Lives on the serving
// thread, which makes each reserve-and-check one step.
class BudgetLedger final
{
public:
    // What the workspace says was spent before this process started.
    void seed(qint64 keyId, qint64 spentTodayMicros, qint64 spentThisMonthMicros, qint64 nowMs);

    // Reserves `micros` for a call; nullopt when admitted, else the time until the budget
    // that refused resets (the next UTC day or month).
    std::optional<qint64> reserve(const GatewayKey &key, qint64 micros, qint64 nowMs);
    void settle(const GatewayKey &key, qint64 reservedMicros, qint64 actualMicros, qint64 nowMs);

    qint64 spentTodayMicros(qint64 keyId) const;

private:
    struct Account
    {
        qint64 dayStartMs = 0;
        qint64 monthStartMs = 0;
        qint64 spentToday = 0;
        qint64 spentThisMonth = 0;
        qint64 reserved = 0;
    };
    Account &account(qint64 keyId, qint64 nowMs);

    QHash<qint64, Account> m_accounts;
};

} // namespace switchboard::core::gateway
