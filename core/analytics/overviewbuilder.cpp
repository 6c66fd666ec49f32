#include "analytics/overviewbuilder.h"

#include "store/rollupcell.h"

#include <algorithm>
#include <set>

namespace switchboard::core::analytics {
namespace {

Percentiles percentilesOf(const LogHistogram &histogram)
{
    return { histogram.quantile(0.50), histogram.quantile(0.95), histogram.quantile(0.99) };
}

std::vector<CostRank> ranked(std::map<QString, CostRank> ranks)
{
    std::vector<CostRank> out;
    out.reserve(ranks.size());
    for (auto &[name, rank] : ranks) {
        rank.name = name;
        out.push_back(std::move(rank));
    }
    std::ranges::stable_sort(out, std::greater {}, &CostRank::costMicros);
    return out;
}

// The n largest, largest first.
std::vector<TokenOutlier> largest(std::map<QString, TokenOutlier> candidates, std::size_t n)
{
    std::vector<TokenOutlier> outliers;
    for (auto &[id, outlier] : candidates)
        outliers.push_back(std::move(outlier));
    const auto larger = [](const TokenOutlier &a, const TokenOutlier &b) { return a.tokens > b.tokens; };
    if (outliers.size() > n) {
        std::ranges::nth_element(outliers, outliers.begin() + static_cast<std::ptrdiff_t>(n), larger);
        outliers.resize(n);
    }
    std::ranges::sort(outliers, larger);
    return outliers;
}

} // namespace

QString dimensionLabel(const QString &value)
{
    return value.isEmpty() ? QStringLiteral("(none)") : value;
}

RollupMeasures RollupMeasures::of(qint64 bucketMs, const store::RollupSums &sums)
{
    return { bucketMs,
             sums.calls,
             sums.failed,
             sums.cacheHits,
             sums.inputTokens,
             sums.outputTokens,
             sums.costMicros,
             sums.latency.serialize(),
             sums.ttft.serialize(),
             sums.inputTokensPerCall.serialize(),
             sums.outputTokensPerCall.serialize(),
             sums.maxInputTokens,
             sums.maxInputCall,
             sums.maxOutputTokens,
             sums.maxOutputCall };
}

OverviewBuilder::OverviewBuilder(const OverviewQuery &query, qint64 grainMs, qint64 fromMs, qint64 previousFromMs)
    : m_query(query), m_grain(grainMs), m_from(fromMs)
{
    m_report.fromMs = fromMs;
    m_report.previousFromMs = previousFromMs;
    m_report.toMs = query.toMs;
    m_report.grainMs = grainMs;
    for (qint64 bucket = fromMs; bucket < query.toMs; bucket += grainMs) {
        TimePoint point;
        point.bucketMs = bucket;
        m_report.points.push_back(std::move(point));
    }
    m_latency.resize(m_report.points.size());
    m_ttft.resize(m_report.points.size());
}

std::optional<std::size_t> OverviewBuilder::pointOf(qint64 bucketMs) const
{
    if (bucketMs < m_from)
        return std::nullopt;
    const auto index = static_cast<std::size_t>((bucketMs - m_from) / m_grain);
    return index < m_report.points.size() ? std::optional(index) : std::nullopt;
}

void OverviewBuilder::addTotals(const RollupMeasures &m)
{
    const auto index = pointOf(m.bucketMs);
    PeriodTotals &totals = m.bucketMs >= m_from ? m_report.current : m_report.previous;
    totals.calls += m.calls;
    totals.failed += m.failed;
    totals.cacheHits += m.cacheHits;
    totals.inputTokens += m.inputTokens;
    totals.outputTokens += m.outputTokens;
    totals.costMicros += m.costMicros;
    totals.latency.mergeSerialized(m.latency);
    totals.ttft.mergeSerialized(m.ttft);
    if (!index)
        return;
    TimePoint &point = m_report.points[*index];
    point.calls += m.calls;
    point.failed += m.failed;
    m_latency[*index].mergeSerialized(m.latency);
    m_ttft[*index].mergeSerialized(m.ttft);
    m_report.inputTokensPerCall.mergeSerialized(m.inputTokensPerCall);
    m_report.outputTokensPerCall.mergeSerialized(m.outputTokensPerCall);
    addOutliers(m);
}

void OverviewBuilder::addDimension(CostSplit dimension, const QString &rawValue, const RollupMeasures &m)
{
    const auto index = pointOf(m.bucketMs);
    if (!index)
        return;
    const QString value = dimensionLabel(rawValue);
    CostRank &rank = m_ranks[int(dimension)][value];
    rank.calls += m.calls;
    rank.costMicros += m.costMicros;
    if (dimension == m_query.split) {
        m_report.points[*index].costMicros[value] += m.costMicros;
        m_seriesCost[value] += m.costMicros;
    }
    addOutliers(m);
}

void OverviewBuilder::addFailures(qint64 bucketMs, const QString &category, qint64 count)
{
    const auto index = pointOf(bucketMs);
    if (!index)
        return;
    m_report.points[*index].failures[category] += count;
    m_report.failures[category] += count;
}

void OverviewBuilder::addOutliers(const RollupMeasures &m)
{
    if (m.maxInputTokens > 0 && !m.maxInputCall.isEmpty())
        m_inputOutliers.try_emplace(m.maxInputCall, TokenOutlier { m.maxInputCall, true, m.maxInputTokens, m.bucketMs, {}, {}, {} });
    if (m.maxOutputTokens > 0 && !m.maxOutputCall.isEmpty())
        m_outputOutliers.try_emplace(m.maxOutputCall,
                                     TokenOutlier { m.maxOutputCall, false, m.maxOutputTokens, m.bucketMs, {}, {}, {} });
}

OverviewReport OverviewBuilder::finish()
{
    for (std::size_t i = 0; i < m_report.points.size(); ++i) {
        m_report.points[i].latencyUs = percentilesOf(m_latency[i]);
        m_report.points[i].ttftUs = percentilesOf(m_ttft[i]);
    }
    stackCostSeries();
    m_report.topFeatures = ranked(std::move(m_ranks[int(CostSplit::Feature)]));
    m_report.topModels = ranked(std::move(m_ranks[int(CostSplit::Model)]));
    m_report.topTenants = ranked(std::move(m_ranks[int(CostSplit::Tenant)]));
    const auto n = static_cast<std::size_t>(std::max(0, m_query.maxOutliers));
    m_report.outliers = largest(std::move(m_inputOutliers), n);
    for (TokenOutlier &outlier : largest(std::move(m_outputOutliers), n))
        m_report.outliers.push_back(std::move(outlier));
    return std::move(m_report);
}

void OverviewBuilder::stackCostSeries()
{
    // The largest series keep their names; the rest are summed as "Other".
    std::vector<std::pair<QString, qint64>> series(m_seriesCost.begin(), m_seriesCost.end());
    std::ranges::stable_sort(series, std::greater {}, &std::pair<QString, qint64>::second);
    const auto shown = static_cast<std::size_t>(std::max(1, m_query.maxSeries));
    std::set<QString> kept;
    for (std::size_t i = 0; i < series.size() && i < shown; ++i) {
        kept.insert(series[i].first);
        m_report.costSeries << series[i].first;
    }
    if (series.size() > shown)
        m_report.costSeries << kOtherSeries;
    for (TimePoint &point : m_report.points) {
        std::map<QString, qint64> stacked;
        for (const auto &[name, cost] : point.costMicros)
            stacked[kept.contains(name) ? name : kOtherSeries] += cost;
        point.costMicros = std::move(stacked);
    }
}

} // namespace switchboard::core::analytics
