#pragma once

#include "analytics/loghistogram.h"
#include "model/error.h"

#include <QString>
#include <QStringList>

#include <map>
#include <optional>
#include <vector>

namespace switchboard::core::store {
class Connection;
}

namespace switchboard::core::analytics {

// What a dashboard is cut to; an empty field takes everything.
struct TrafficFilter
{
    QString tenant;
    QString feature;
    QString model;
    QString prompt;

    friend bool operator==(const TrafficFilter &, const TrafficFilter &) = default;
};

// The dimension cost over time is stacked by.
enum class CostSplit { Feature, Model, Tenant };

struct OverviewQuery
{
    qint64 fromMs = 0; // the range [from, to); the previous period is as long and ends at from
    qint64 toMs = 0;
    TrafficFilter filter;
    CostSplit split = CostSplit::Feature;
    int maxSeries = 6;    // cost series shown; the rest are summed as "Other"
    int maxOutliers = 10;
};

// Headline figures of one period.
struct PeriodTotals
{
    qint64 calls = 0;
    qint64 failed = 0;
    qint64 cacheHits = 0;
    qint64 inputTokens = 0;
    qint64 outputTokens = 0;
    qint64 costMicros = 0;
    LogHistogram latency;
    LogHistogram ttft;

    std::optional<double> errorRate() const;    // failed / calls, nullopt without calls
    std::optional<double> cacheHitRate() const;
    std::optional<qint64> p95LatencyUs() const { return latency.quantile(0.95); }
};

struct Percentiles
{
    std::optional<qint64> p50;
    std::optional<qint64> p95;
    std::optional<qint64> p99;
};

// One bucket of the range (empty buckets included, so charts keep their time axis).
struct TimePoint
{
    qint64 bucketMs = 0;
    qint64 calls = 0;
    qint64 failed = 0;
    Percentiles latencyUs;
    Percentiles ttftUs;
    std::map<QString, qint64> costMicros; // series (see OverviewReport::costSeries) -> cost
    std::map<QString, qint64> failures;   // failure category -> calls
};

// A feature, tenant or model ranked by what it cost.
struct CostRank
{
    QString name;
    qint64 calls = 0;
    qint64 costMicros = 0;
    qint64 costPerCallMicros() const { return calls > 0 ? costMicros / calls : 0; }
};

// One of the largest calls by tokens: the call to open in the request log.
struct TokenOutlier
{
    QString callId;
    bool input = true; // by input tokens, else by output tokens
    qint64 tokens = 0;
    qint64 bucketMs = 0;
    QString feature;
    QString tenant;
    QString model;
};

// Everything the Overview shows for a range and filter, read from the rollups (gateway
// traffic only: replays, evals, shadow and playground calls are not production traffic).
struct OverviewReport
{
    qint64 fromMs = 0; // the range as read: whole buckets, from aligned down and to up
    qint64 toMs = 0;
    qint64 grainMs = 0;
    qint64 previousFromMs = 0; // the previous period is [previousFrom, from): whole buckets
    PeriodTotals current;
    PeriodTotals previous;
    std::vector<TimePoint> points;
    QStringList costSeries;                 // largest first; "Other" last when some were summed
    std::map<QString, qint64> failures;     // category -> calls over the range
    LogHistogram inputTokensPerCall;
    LogHistogram outputTokensPerCall;
    std::vector<TokenOutlier> outliers;     // largest first
    std::vector<CostRank> topFeatures;      // by cost, largest first
    std::vector<CostRank> topTenants;
    std::vector<CostRank> topModels;
};

inline const QString kOtherSeries = QStringLiteral("Other");

// The rollup grain a range is read at: minutes up to 3 hours, hours up to 8 days, days beyond.
qint64 grainFor(qint64 spanMs);

// Blocking: for a worker thread. Reads rows in proportion to the range and the number of
// dimension values, never to the number of calls.
Result<OverviewReport> readOverview(store::Connection &connection, const OverviewQuery &query);

// The tenants, features, models and prompts that had gateway traffic since a time, sorted,
// for the filter pickers.
struct TrafficDimensions
{
    QStringList tenants;
    QStringList features;
    QStringList models;
    QStringList prompts;
};
Result<TrafficDimensions> readDimensions(store::Connection &connection, qint64 sinceMs);

} // namespace switchboard::core::analytics
