#pragma once

#include <QHash>

#include <mutex>
#include <optional>
#include <vector>

namespace switchboard::core::gateway {

struct GatewayKey;
struct HardBudget;

// What each gateway key has spent against its daily and monthly budget, with the calls in
// flight held as reservations: a call is admitted only if its most it could cost fits beside
// what is spent and reserved, so concurrent calls cannot overrun a budget together. Settling
// replaces the reservation by the actual cost (streamed usage included). Shared by the serving
// threads: each reserve-and-check is one step under the ledger's lock.
// Why a call was refused: which budget, how much of it is gone, and when it resets.
struct BudgetRefusal
{
    enum class Period { Day, Month };
    Period period = Period::Day;
    qint64 limitMicros = 0;
    qint64 usedMicros = 0; // spent and reserved by calls in flight
    qint64 callMicros = 0; // the most the refused call could have cost
    qint64 waitMs = 0;     // until the budget resets (the next UTC day or month)
    QString scope;         // empty: the key's own budget; else "Tenant acme", "Workspace"

    // "The key "acme" has used its daily budget of $10.00 ..."; says what to do.
    QString message(const QString &keyName) const;
};

class BudgetLedger final
{
public:
    // What the workspace says was spent before this process started.
    void seed(qint64 keyId, qint64 spentTodayMicros, qint64 spentThisMonthMicros, qint64 nowMs);

    // The same for a hard budget of the workspace, a tenant or a feature.
    void seedBudget(qint64 budgetId, qint64 spentInPeriodMicros, qint64 nowMs);
    // Reserves `micros` for a call against its key's budgets and the hard budgets that cover
    // it, all or none; nullopt when admitted, else which budget refused it.
    std::optional<BudgetRefusal> reserve(const GatewayKey &key, qint64 micros, qint64 nowMs,
                                         const std::vector<const HardBudget *> &budgets = {});
    void settle(const GatewayKey &key, qint64 reservedMicros, qint64 actualMicros, qint64 nowMs,
                const std::vector<qint64> &budgetIds = {});

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
    Account &account(QHash<qint64, Account> &accounts, qint64 id, qint64 nowMs);

    mutable std::mutex m_mutex;
    QHash<qint64, Account> m_accounts; // by key id
    QHash<qint64, Account> m_budgets;  // by budget id
};

} // namespace switchboard::core::gateway
