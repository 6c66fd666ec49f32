#include "analytics/overview.h"

#include "analytics/rollupscope.h"
#include "store/connection.h"
#include "store/rollupcell.h"

#include <algorithm>
#include <set>

namespace switchboard::core::analytics {
namespace {

const QString kNone = QStringLiteral("(none)");

QString labelOf(const QString &value)
{
    return value.isEmpty() ? kNone : value;
}

Percentiles percentilesOf(const LogHistogram &histogram)
{
    return { histogram.quantile(0.50), histogram.quantile(0.95), histogram.quantile(0.99) };
}

void addTo(CostRank &rank, qint64 calls, qint64 cost)
{
    rank.calls += calls;
    rank.costMicros += cost;
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

// Keeps the n largest, largest first.
void keepLargest(std::vector<TokenOutlier> &outliers, std::size_t n)
{
    const auto larger = [](const TokenOutlier &a, const TokenOutlier &b) { return a.tokens > b.tokens; };
    if (outliers.size() > n) {
        std::ranges::nth_element(outliers, outliers.begin() + static_cast<std::ptrdiff_t>(n), larger);
        outliers.resize(n);
    }
    std::ranges::sort(outliers, larger);
}

// Accumulates cells into the report as they are read.
class OverviewBuilder
{
public:
    OverviewBuilder(const OverviewQuery &query, qint64 grainMs, qint64 fromMs, qint64 previousFromMs)
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
            m_latency.emplace_back();
            m_ttft.emplace_back();
        }
    }

    void addCell(const QSqlQuery &row)
    {
        const qint64 bucket = row.value(0).toLongLong();
        const qint64 calls = row.value(5).toLongLong();
        const qint64 failed = row.value(6).toLongLong();
        const qint64 cost = row.value(10).toLongLong();
        const bool current = bucket >= m_from;
        PeriodTotals &totals = current ? m_report.current : m_report.previous;
        totals.calls += calls;
        totals.failed += failed;
        totals.cacheHits += row.value(7).toLongLong();
        totals.inputTokens += row.value(8).toLongLong();
        totals.outputTokens += row.value(9).toLongLong();
        totals.costMicros += cost;
        const QByteArray latency = row.value(11).toByteArray();
        const QByteArray ttft = row.value(12).toByteArray();
        totals.latency.mergeSerialized(latency);
        totals.ttft.mergeSerialized(ttft);
        if (!current)
            return;

        const auto index = static_cast<std::size_t>((bucket - m_from) / m_grain);
        if (index >= m_report.points.size())
            return;
        TimePoint &point = m_report.points[index];
        point.calls += calls;
        point.failed += failed;
        m_latency[index].mergeSerialized(latency);
        m_ttft[index].mergeSerialized(ttft);
        m_report.inputTokensPerCall.mergeSerialized(row.value(13).toByteArray());
        m_report.outputTokensPerCall.mergeSerialized(row.value(14).toByteArray());

        const QString model = row.value(1).toString();
        const QString feature = labelOf(row.value(2).toString());
        const QString tenant = labelOf(row.value(3).toString());
        const QString &series = m_query.split == CostSplit::Feature ? feature
            : m_query.split == CostSplit::Model                     ? model
                                                                    : tenant;
        point.costMicros[series] += cost;
        m_seriesCost[series] += cost;
        addTo(m_features[feature], calls, cost);
        addTo(m_tenants[tenant], calls, cost);
        addTo(m_models[model], calls, cost);
        for (const auto &[tokensColumn, callColumn, input] : { std::tuple { 15, 16, true }, { 17, 18, false } }) {
            const qint64 tokens = row.value(tokensColumn).toLongLong();
            const QString call = row.value(callColumn).toString();
            if (tokens > 0 && !call.isEmpty())
                (input ? m_inputOutliers : m_outputOutliers)
                    .push_back({ call, input, tokens, bucket, feature, tenant, model });
        }
    }

    void addFailures(qint64 bucket, const QString &category, qint64 count)
    {
        const auto index = static_cast<std::size_t>((bucket - m_from) / m_grain);
        if (bucket < m_from || index >= m_report.points.size())
            return;
        m_report.points[index].failures[category] += count;
        m_report.failures[category] += count;
    }

    OverviewReport finish()
    {
        for (std::size_t i = 0; i < m_report.points.size(); ++i) {
            m_report.points[i].latencyUs = percentilesOf(m_latency[i]);
            m_report.points[i].ttftUs = percentilesOf(m_ttft[i]);
        }
        stackCostSeries();
        m_report.topFeatures = ranked(std::move(m_features));
        m_report.topTenants = ranked(std::move(m_tenants));
        m_report.topModels = ranked(std::move(m_models));
        const auto n = static_cast<std::size_t>(std::max(0, m_query.maxOutliers));
        keepLargest(m_inputOutliers, n);
        keepLargest(m_outputOutliers, n);
        m_report.outliers = std::move(m_inputOutliers);
        m_report.outliers.insert(m_report.outliers.end(), m_outputOutliers.begin(), m_outputOutliers.end());
        return std::move(m_report);
    }

private:
    // The largest series keep their names; the rest are summed as "Other".
    void stackCostSeries()
    {
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

    const OverviewQuery &m_query;
    qint64 m_grain;
    qint64 m_from;
    OverviewReport m_report;
    std::vector<LogHistogram> m_latency;
    std::vector<LogHistogram> m_ttft;
    std::map<QString, qint64> m_seriesCost;
    std::map<QString, CostRank> m_features;
    std::map<QString, CostRank> m_tenants;
    std::map<QString, CostRank> m_models;
    std::vector<TokenOutlier> m_inputOutliers;
    std::vector<TokenOutlier> m_outputOutliers;
};

} // namespace

std::optional<double> PeriodTotals::errorRate() const
{
    if (calls == 0)
        return std::nullopt;
    return static_cast<double>(failed) / static_cast<double>(calls);
}

std::optional<double> PeriodTotals::cacheHitRate() const
{
    if (calls == 0)
        return std::nullopt;
    return static_cast<double>(cacheHits) / static_cast<double>(calls);
}

qint64 grainFor(qint64 spanMs)
{
    if (spanMs <= 3 * store::kHourMs)
        return store::kMinuteMs;
    if (spanMs <= 8 * store::kDayMs)
        return store::kHourMs;
    return store::kDayMs;
}

Result<OverviewReport> readOverview(store::Connection &connection, const OverviewQuery &query)
{
    if (query.toMs <= query.fromMs)
        return fail(ErrorCode::InvalidArgument, QStringLiteral("The range ends before it starts: pick an end after its start."));
    const qint64 grain = grainFor(query.toMs - query.fromMs);
    const qint64 from = bucketStart(query.fromMs, grain);
    // The previous period is as many whole buckets as come nearest the range's length.
    const qint64 span = query.toMs - from;
    const qint64 previousFrom = from - (span + grain / 2) / grain * grain;
    OverviewBuilder builder(query, grain, from, previousFrom);

    Result<void> read = connection.readTransaction([&]() -> Result<void> {
        const RollupScope scope { grain, previousFrom, query.toMs, query.filter };
        auto cells = connection.exec(
            QStringLiteral("SELECT bucket_ms, model, feature, tenant, prompt, calls, failed, cache_hits, input_tokens, "
                           "output_tokens, cost_micros, latency_hist, ttft_hist, input_tokens_hist, output_tokens_hist, "
                           "max_input_tokens, max_input_call, max_output_tokens, max_output_call FROM rollup_cells WHERE ")
                + scope.whereSql(),
            scope.values());
        if (!cells)
            return std::unexpected(cells.error());
        while (cells->next())
            builder.addCell(*cells);
        if (auto done = connection.readCompleted(*cells); !done)
            return done;

        const RollupScope currentScope { grain, from, query.toMs, query.filter };
        auto failures = connection.exec(QStringLiteral("SELECT bucket_ms, category, SUM(count) FROM rollup_cell_failures WHERE ")
                                            + currentScope.whereSql() + QStringLiteral(" GROUP BY bucket_ms, category"),
                                        currentScope.values());
        if (!failures)
            return std::unexpected(failures.error());
        while (failures->next())
            builder.addFailures(failures->value(0).toLongLong(), failures->value(1).toString(), failures->value(2).toLongLong());
        return connection.readCompleted(*failures);
    });
    if (!read)
        return std::unexpected(read.error());
    return builder.finish();
}

Result<TrafficDimensions> readDimensions(store::Connection &connection, qint64 sinceMs)
{
    auto rows = connection.exec(QStringLiteral("SELECT DISTINCT tenant, feature, model, prompt FROM rollup_cells "
                                               "WHERE grain_ms = ? AND bucket_ms >= ? AND origin = 'gateway'"),
                                { store::kDayMs, bucketStart(sinceMs, store::kDayMs) });
    if (!rows)
        return std::unexpected(rows.error());
    std::set<QString> seen[4];
    while (rows->next()) {
        for (int i = 0; i < 4; ++i) {
            if (const QString value = rows->value(i).toString(); !value.isEmpty())
                seen[i].insert(value);
        }
    }
    if (auto done = connection.readCompleted(*rows); !done)
        return std::unexpected(done.error());
    const auto list = [](const std::set<QString> &values) { return QStringList(values.begin(), values.end()); };
    return TrafficDimensions { list(seen[0]), list(seen[1]), list(seen[2]), list(seen[3]) };
}

} // namespace switchboard::core::analytics
