#pragma once

#include "analytics/loghistogram.h"
#include "model/error.h"
#include "store/slorepository.h"

#include <optional>
#include <vector>

namespace switchboard::core::store {
class Connection;
}

namespace switchboard::core::analytics {

// How one objective fares: the share of good calls, how much of the error budget (the bad
// calls the objective allows) is spent over the window, and how fast the last 24 hours spend
// it (1.0 spends exactly the budget over the window; 2.0 twice as fast).
struct ObjectiveStatus
{
    qint64 total = 0;
    qint64 good = 0;
    double allowedBadShare = 0;        // 0.05 for "95 % within", 0.01 for "1 % errors"
    std::optional<double> burnRate24h; // nullopt without calls in the last 24 hours

    std::optional<double> attained() const; // good / total
    std::optional<double> budgetUsed() const; // bad / (allowedBadShare * total)
    bool met() const { return !budgetUsed() || *budgetUsed() <= 1.0; }
};

// Pure: an objective from the calls counted and those that were good.
ObjectiveStatus objectiveOf(qint64 total, qint64 good, double allowedBadShare, qint64 total24h, qint64 good24h);
// The calls of a histogram at most a threshold (milliseconds) as good.
ObjectiveStatus latencyObjective(const LogHistogram &window, const LogHistogram &last24h, qint64 thresholdMs);

struct SloStatus
{
    store::Slo slo;
    qint64 calls = 0;
    std::optional<ObjectiveStatus> latency;
    std::optional<ObjectiveStatus> ttft;
    std::optional<ObjectiveStatus> errors;

    bool met() const;
};

// Every feature's objectives against its gateway traffic over the window (N UTC days, today
// so far the last, from day slices) and the last 24 hours (hour slices). Blocking: for a worker.
Result<std::vector<SloStatus>> readSloStatus(store::Connection &connection, qint64 nowMs);

} // namespace switchboard::core::analytics
