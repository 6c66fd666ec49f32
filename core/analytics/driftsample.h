#pragma once

#include "analytics/drift.h"
#include "model/error.h"

#include <QStringList>

namespace switchboard::core::store {
class Connection;
}

namespace switchboard::core::analytics {

// A drift rule's windows: the recent one ends at the last complete minute and lasts the
// rule's minutes; the baseline is the 7 days before it.
struct DriftWindows
{
    qint64 baselineFromMs = 0;
    qint64 recentFromMs = 0;
    qint64 recentToMs = 0;
};
inline constexpr qint64 kDriftBaselineMs = 7 * 86'400'000LL;
DriftWindows driftWindows(qint64 nowMs, int recentMinutes);

// Each window reads at most this many calls: above it, a uniform sample of that size. KS and
// the z-test at 20,000 calls a side already resolve changes far below the effect sizes that
// count as drift, and reading more would only cost time.
inline constexpr int kDriftSampleCap = 20'000;

// The answered gateway calls of one feature started in [fromMs, toMs), in one query. When
// there are more than `cap`, the query keeps the `cap` with the lowest random tail of their
// id (the last 30 of a call id's 80 random bits), a uniform sample over the whole window
// rather than its newest hours; the database keeps only `cap` rows while it scans.
Result<DriftSample> readDriftSample(store::Connection &connection, const QString &feature, qint64 fromMs, qint64 toMs,
                                    int cap = kDriftSampleCap);

// The features with at least `minCalls` gateway calls in [fromMs, toMs) by the hourly slices
// (the hours the window touches), the busiest first, at most `limit` of them.
Result<QStringList> featuresWithTraffic(store::Connection &connection, qint64 fromMs, qint64 toMs, qint64 minCalls,
                                        int limit);

// Reads both windows of a feature and compares them. Blocking: for a worker thread.
Result<DriftReport> readDrift(store::Connection &connection, const QString &feature, const DriftWindows &windows,
                              const DriftSettings &settings);

} // namespace switchboard::core::analytics
