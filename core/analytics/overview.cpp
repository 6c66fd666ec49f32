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
const QString kMeasureColumns = QStringLiteral(
    "calls, failed, cache_hits, input_tokens, output_tokens, cached_input_tokens, cost_micros, latency_hist, ttft_hist, "
    "input_tokens_hist, output_tokens_hist, max_input_tokens, max_input_call, max_output_tokens, max_output_call");

// Reads rows and hands each to `add`.
template<typename Add>
Result<void> readRows(store::Connection &connection, const QString &sql, const QVariantList &values, Add &&add)
{
    auto rows = connection.exec(sql, values);
    if (!rows)
        return std::unexpected(rows.error());
    while (rows->next())
        add(*rows);
    return connection.readCompleted(*rows);
}

// The outliers' feature, tenant and model, from their calls: a few lookups by key.
Result<void> labelOutliers(store::Connection &connection, std::vector<TokenOutlier> &outliers)
{
    for (TokenOutlier &outlier : outliers) {
        auto labelled = readRows(connection, QStringLiteral("SELECT feature, tenant, model FROM calls WHERE id = ?"),
                                 { outlier.callId }, [&](const QSqlQuery &row) {
                                     outlier.feature = labelOf(row.value(0).toString());
                                     outlier.tenant = labelOf(row.value(1).toString());
                                     outlier.model = row.value(2).toString();
                                 });
        if (!labelled)
            return labelled;
    }
    return {};
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

    // A row of measures, from the column `first` on (see kMeasureColumns).
    struct Measures
    {
        qint64 bucket = 0;
        qint64 calls = 0;
        qint64 cost = 0;
        const QSqlQuery *row = nullptr;
        int first = 0;
        QVariant at(int i) const { return row->value(first + i); }
    };

    // What every call of a row adds to the headline, the time series and the distributions.
    void addTotals(const Measures &m)
    {
        const bool current = m.bucket >= m_from;
        PeriodTotals &totals = current ? m_report.current : m_report.previous;
        const qint64 failed = m.at(1).toLongLong();
        totals.calls += m.calls;
        totals.failed += failed;
        totals.cacheHits += m.at(2).toLongLong();
        totals.inputTokens += m.at(3).toLongLong();
        totals.outputTokens += m.at(4).toLongLong();
        totals.costMicros += m.cost;
        const QByteArray latency = m.at(7).toByteArray();
        const QByteArray ttft = m.at(8).toByteArray();
        totals.latency.mergeSerialized(latency);
        totals.ttft.mergeSerialized(ttft);
        const auto index = static_cast<std::size_t>((m.bucket - m_from) / m_grain);
        if (!current || index >= m_report.points.size())
            return;
        TimePoint &point = m_report.points[index];
        point.calls += m.calls;
        point.failed += failed;
        m_latency[index].mergeSerialized(latency);
        m_ttft[index].mergeSerialized(ttft);
        m_report.inputTokensPerCall.mergeSerialized(m.at(9).toByteArray());
        m_report.outputTokensPerCall.mergeSerialized(m.at(10).toByteArray());
        addOutliers(m);
    }

    // What the row's calls add to one dimension's ranking and, if it is the split, to the cost series.
    void addDimension(CostSplit dimension, const QString &rawValue, const Measures &m)
    {
        const auto index = static_cast<std::size_t>((m.bucket - m_from) / m_grain);
        if (m.bucket < m_from || index >= m_report.points.size())
            return;
        const QString value = labelOf(rawValue);
        addTo((dimension == CostSplit::Feature ? m_features : dimension == CostSplit::Model ? m_models : m_tenants)[value],
              m.calls, m.cost);
        if (dimension == m_query.split) {
            m_report.points[index].costMicros[value] += m.cost;
            m_seriesCost[value] += m.cost;
        }
        addOutliers(m);
    }

    void addCell(const QSqlQuery &row)
    {
        const Measures m = measuresOf(row, 5);
        addTotals(m);
        addDimension(CostSplit::Model, row.value(1).toString(), m);
        addDimension(CostSplit::Feature, row.value(2).toString(), m);
        addDimension(CostSplit::Tenant, row.value(3).toString(), m);
    }

    void addSlice(const QSqlQuery &row)
    {
        const Measures m = measuresOf(row, 3);
        const QString dimension = row.value(1).toString();
        if (dimension.isEmpty())
            addTotals(m);
        else if (dimension == QLatin1String("feature"))
            addDimension(CostSplit::Feature, row.value(2).toString(), m);
        else if (dimension == QLatin1String("model"))
            addDimension(CostSplit::Model, row.value(2).toString(), m);
        else if (dimension == QLatin1String("tenant"))
            addDimension(CostSplit::Tenant, row.value(2).toString(), m);
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
        for (auto *candidates : { &m_inputOutliers, &m_outputOutliers }) {
            std::vector<TokenOutlier> largest;
            for (auto &[id, outlier] : *candidates)
                largest.push_back(std::move(outlier));
            keepLargest(largest, n);
            m_report.outliers.insert(m_report.outliers.end(), largest.begin(), largest.end());
        }
        return std::move(m_report);
    }

private:
    Measures measuresOf(const QSqlQuery &row, int first) const
    {
        Measures m;
        m.row = &row;
        m.first = first;
        m.bucket = row.value(0).toLongLong();
        m.calls = m.at(0).toLongLong();
        m.cost = m.at(6).toLongLong();
        return m;
    }

    // A row's largest calls become candidates; the same call met in several rows counts once.
    void addOutliers(const Measures &m)
    {
        for (const auto &[tokensColumn, callColumn, input] : { std::tuple { 11, 12, true }, { 13, 14, false } }) {
            const qint64 tokens = m.at(tokensColumn).toLongLong();
            const QString call = m.at(callColumn).toString();
            if (tokens > 0 && !call.isEmpty())
                (input ? m_inputOutliers : m_outputOutliers).try_emplace(call, TokenOutlier { call, input, tokens, m.bucket, {}, {}, {} });
        }
    }

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
    std::map<QString, TokenOutlier> m_inputOutliers; // by call id
    std::map<QString, TokenOutlier> m_outputOutliers;
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

    // Without a filter, slices answer: a few rows per bucket, whatever the cardinality.
    const bool sliced = query.filter == TrafficFilter {};
    OverviewReport report;
    Result<void> read = connection.readTransaction([&]() -> Result<void> {
        const QVariantList range { grain, previousFrom, query.toMs };
        const QString inRange = QStringLiteral(" WHERE grain_ms = ? AND bucket_ms >= ? AND bucket_ms < ? AND origin = 'gateway'");
        Result<void> rows = sliced
            ? readRows(connection,
                       QStringLiteral("SELECT bucket_ms, dimension, value, ") + kMeasureColumns + QStringLiteral(" FROM rollup_slices")
                           + inRange + QStringLiteral(" AND dimension IN ('', 'feature', 'model', 'tenant')"),
                       range, [&](const QSqlQuery &row) { builder.addSlice(row); })
            : readRows(connection,
                       QStringLiteral("SELECT bucket_ms, model, feature, tenant, prompt, ") + kMeasureColumns
                           + QStringLiteral(" FROM rollup_cells WHERE ")
                           + RollupScope { grain, previousFrom, query.toMs, query.filter }.whereSql(),
                       RollupScope { grain, previousFrom, query.toMs, query.filter }.values(),
                       [&](const QSqlQuery &row) { builder.addCell(row); });
        if (!rows)
            return rows;

        const auto addFailures = [&](const QSqlQuery &row) {
            builder.addFailures(row.value(0).toLongLong(), row.value(1).toString(), row.value(2).toLongLong());
        };
        const RollupScope current { grain, from, query.toMs, query.filter };
        Result<void> failures = sliced
            ? readRows(connection,
                       QStringLiteral("SELECT bucket_ms, category, count FROM rollup_slice_failures") + inRange
                           + QStringLiteral(" AND dimension = ''"),
                       { grain, from, query.toMs }, addFailures)
            : readRows(connection,
                       QStringLiteral("SELECT bucket_ms, category, SUM(count) FROM rollup_cell_failures WHERE ")
                           + current.whereSql() + QStringLiteral(" GROUP BY bucket_ms, category"),
                       current.values(), addFailures);
        if (!failures)
            return failures;
        report = builder.finish();
        return labelOutliers(connection, report.outliers);
    });
    if (!read)
        return std::unexpected(read.error());
    return report;
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
