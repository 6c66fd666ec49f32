#pragma once

#include "analytics/overview.h"

#include <QByteArray>

#include <map>

namespace switchboard::core::store {
struct RollupSums;
}

namespace switchboard::core::analytics {

// What one rollup row (a cell, a slice, or calls summed in memory) holds, as the Overview
// reads it: sums, serialized histograms and the row's largest calls.
struct RollupMeasures
{
    qint64 bucketMs = 0;
    qint64 calls = 0;
    qint64 failed = 0;
    qint64 cacheHits = 0;
    qint64 inputTokens = 0;
    qint64 outputTokens = 0;
    qint64 costMicros = 0;
    QByteArray latency;
    QByteArray ttft;
    QByteArray inputTokensPerCall;
    QByteArray outputTokensPerCall;
    qint64 maxInputTokens = 0;
    QString maxInputCall;
    qint64 maxOutputTokens = 0;
    QString maxOutputCall;

    static RollupMeasures of(qint64 bucketMs, const store::RollupSums &sums);
};

// Adds rollup rows up into an OverviewReport: every row counts towards the headline and the
// time series once (addTotals), and towards the ranking of each dimension it names
// (addDimension); a cell does both, a slice one or the other.
class OverviewBuilder final
{
public:
    OverviewBuilder(const OverviewQuery &query, qint64 grainMs, qint64 fromMs, qint64 previousFromMs);

    void addTotals(const RollupMeasures &m);
    void addDimension(CostSplit dimension, const QString &value, const RollupMeasures &m);
    void addFailures(qint64 bucketMs, const QString &category, qint64 count);
    OverviewReport finish();

private:
    std::optional<std::size_t> pointOf(qint64 bucketMs) const;
    void addOutliers(const RollupMeasures &m);
    void stackCostSeries();

    OverviewQuery m_query;
    qint64 m_grain;
    qint64 m_from;
    OverviewReport m_report;
    std::vector<LogHistogram> m_latency;
    std::vector<LogHistogram> m_ttft;
    std::map<QString, qint64> m_seriesCost;
    std::map<QString, CostRank> m_ranks[3]; // by CostSplit
    std::map<QString, TokenOutlier> m_inputOutliers; // by call id: a call met in several rows counts once
    std::map<QString, TokenOutlier> m_outputOutliers;
};

// "(none)" for an empty dimension value, as charts and tables show it.
QString dimensionLabel(const QString &value);

} // namespace switchboard::core::analytics
