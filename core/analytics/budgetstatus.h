#pragma once

#include "model/error.h"
#include "store/budgetrepository.h"

#include <optional>
#include <vector>

namespace switchboard::core::store {
class Connection;
}

namespace switchboard::core::analytics {

// The UTC day or month a budget counts, around a moment.
struct BudgetWindow
{
    qint64 startMs = 0;
    qint64 endMs = 0;
};
BudgetWindow budgetWindow(store::Budget::Period period, qint64 nowMs);

// Where spend ends the period at the pace it has had so far (linear from the start); spent
// itself when the period has only begun (under an hour: too little to project from).
qint64 projectSpend(qint64 spentMicros, const BudgetWindow &window, qint64 nowMs);

// Spend so far against one budget.
struct BudgetStatus
{
    store::Budget budget;
    BudgetWindow window;
    qint64 spentMicros = 0;
    qint64 projectedMicros = 0;
    qint64 bucketMs = 0;            // an hour for daily budgets, a day for monthly ones
    std::vector<qint64> burnMicros; // spend up to the end of each bucket so far, cumulative
    std::vector<int> crossed;       // thresholds reached, lowest first
    std::optional<int> projectedToCross; // the highest threshold the projection reaches and spend has not

    double usedShare() const { return budget.limitMicros > 0 ? double(spentMicros) / double(budget.limitMicros) : 0.0; }
};

// Pure: a budget's status from its spend per bucket since the window's start.
BudgetStatus statusOf(const store::Budget &budget, const BudgetWindow &window, qint64 bucketMs,
                      const std::vector<qint64> &spendPerBucket, qint64 nowMs);

// Every budget's status now. Spend is read from the rollups' slices (workspace, tenant,
// feature: every call that cost money, replays and evals included) or, for gateway keys,
// from the keys' calls through their index. Blocking: for a worker thread.
Result<std::vector<BudgetStatus>> readBudgetStatus(store::Connection &connection, qint64 nowMs);

} // namespace switchboard::core::analytics
