#include "analytics/overview.h"

#include "analytics/drilldown.h"
#include "analytics/overviewbuilder.h"
#include "analytics/rollupscope.h"
#include "store/callrepository.h"
#include "store/connection.h"
#include "store/rollupcell.h"

#include <algorithm>
#include <set>

namespace switchboard::core::analytics {
namespace {

const QString kMeasureColumns = QStringLiteral(
    "calls, failed, cache_hits, input_tokens, output_tokens, cost_micros, latency_hist, ttft_hist, "
    "input_tokens_hist, output_tokens_hist, max_input_tokens, max_input_call, max_output_tokens, max_output_call");

// A rollup row's measures, from column `first` on (kMeasureColumns).
RollupMeasures measuresOf(const QSqlQuery &row, int first)
{
    const auto at = [&](int i) { return row.value(first + i); };
    return { row.value(0).toLongLong(), at(0).toLongLong(), at(1).toLongLong(), at(2).toLongLong(), at(3).toLongLong(),
             at(4).toLongLong(), at(5).toLongLong(), at(6).toByteArray(), at(7).toByteArray(), at(8).toByteArray(),
             at(9).toByteArray(), at(10).toLongLong(), at(11).toString(), at(12).toLongLong(), at(13).toString() };
}

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
                                     outlier.feature = dimensionLabel(row.value(0).toString());
                                     outlier.tenant = dimensionLabel(row.value(1).toString());
                                     outlier.model = row.value(2).toString();
                                 });
        if (!labelled)
            return labelled;
    }
    return {};
}

// Without a filter, slices answer: a few rows per bucket, whatever the cardinality.
Result<void> readSlices(store::Connection &connection, OverviewBuilder &builder, const RollupScope &scope)
{
    const QString inRange = QStringLiteral(" WHERE grain_ms = ? AND bucket_ms >= ? AND bucket_ms < ? AND origin = 'gateway'");
    const QVariantList range { scope.grainMs, scope.fromMs, scope.toMs };
    auto rows = readRows(connection,
                         QStringLiteral("SELECT bucket_ms, dimension, value, ") + kMeasureColumns
                             + QStringLiteral(" FROM rollup_slices") + inRange
                             + QStringLiteral(" AND dimension IN ('', 'feature', 'model', 'tenant')"),
                         range, [&](const QSqlQuery &row) {
                             const RollupMeasures m = measuresOf(row, 3);
                             const QString dimension = row.value(1).toString();
                             if (dimension.isEmpty())
                                 builder.addTotals(m);
                             else
                                 builder.addDimension(dimension == QLatin1String("feature") ? CostSplit::Feature
                                                          : dimension == QLatin1String("model") ? CostSplit::Model
                                                                                                : CostSplit::Tenant,
                                                      row.value(2).toString(), m);
                         });
    if (!rows)
        return rows;
    return readRows(connection,
                    QStringLiteral("SELECT bucket_ms, category, count FROM rollup_slice_failures") + inRange
                        + QStringLiteral(" AND dimension = ''"),
                    range, [&](const QSqlQuery &row) {
                        builder.addFailures(row.value(0).toLongLong(), row.value(1).toString(), row.value(2).toLongLong());
                    });
}

// With a filter, cells: every dimension crossed, so any filter and any split can be read.
Result<void> readCells(store::Connection &connection, OverviewBuilder &builder, const RollupScope &scope)
{
    auto rows = readRows(connection,
                         QStringLiteral("SELECT bucket_ms, model, feature, tenant, ") + kMeasureColumns
                             + QStringLiteral(" FROM rollup_cells WHERE ") + scope.whereSql(),
                         scope.values(), [&](const QSqlQuery &row) {
                             const RollupMeasures m = measuresOf(row, 4);
                             builder.addTotals(m);
                             builder.addDimension(CostSplit::Model, row.value(1).toString(), m);
                             builder.addDimension(CostSplit::Feature, row.value(2).toString(), m);
                             builder.addDimension(CostSplit::Tenant, row.value(3).toString(), m);
                         });
    if (!rows)
        return rows;
    return readRows(connection,
                    QStringLiteral("SELECT bucket_ms, category, SUM(count) FROM rollup_cell_failures WHERE ") + scope.whereSql()
                        + QStringLiteral(" GROUP BY bucket_ms, category"),
                    scope.values(), [&](const QSqlQuery &row) {
                        builder.addFailures(row.value(0).toLongLong(), row.value(1).toString(), row.value(2).toLongLong());
                    });
}

// Ranges of a few hours, by minute: the calls themselves, summed in memory (minutes are not
// kept for every cross of dimensions; see store/rollupcell.h). Read through the request log's
// own filter, the one a drill-down opens.
Result<void> readCalls(store::Connection &connection, OverviewBuilder &builder, const RollupScope &scope)
{
    constexpr int kMostCalls = 500'000;
    const store::CallFilter filter = callFilterOf(scope.filter, scope.fromMs, scope.toMs);
    auto calls = store::CallRepository(connection).page(kMostCalls + 1, {}, filter, scope.toMs);
    if (!calls)
        return std::unexpected(calls.error());
    if (calls->size() > std::size_t(kMostCalls))
        return fail(ErrorCode::Unsupported, QStringLiteral("Over %L1 calls in this range and the one before it: too many to chart "
                                                           "by minute. Pick a longer range (read by hour) or narrow the filter.")
                                                .arg(kMostCalls));
    store::RollupCells cells;
    const std::array<qint64, 1> grain { scope.grainMs };
    for (const CallRecord &call : *calls)
        store::addToRollups(cells, call, grain);
    for (const auto &[key, sums] : cells) {
        const RollupMeasures m = RollupMeasures::of(key.bucketMs, sums);
        builder.addTotals(m);
        builder.addDimension(CostSplit::Model, key.model, m);
        builder.addDimension(CostSplit::Feature, key.feature, m);
        builder.addDimension(CostSplit::Tenant, key.tenant, m);
        for (const auto &[category, count] : sums.failures)
            builder.addFailures(key.bucketMs, category, count);
    }
    return {};
}

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
    // Whole buckets: the range widens to the buckets it touches (and says so), so a drill-down
    // opens exactly the calls counted; the previous period is as many buckets before it.
    const qint64 from = bucketStart(query.fromMs, grain);
    OverviewQuery aligned = query;
    aligned.toMs = bucketStart(query.toMs - 1, grain) + grain;
    const qint64 previousFrom = from - (aligned.toMs - from);
    OverviewBuilder builder(aligned, grain, from, previousFrom);

    OverviewReport report;
    Result<void> read = connection.readTransaction([&]() -> Result<void> {
        const RollupScope scope { grain, previousFrom, aligned.toMs, query.filter };
        Result<void> rows = grain == store::kMinuteMs      ? readCalls(connection, builder, scope)
            : query.filter == TrafficFilter {} ? readSlices(connection, builder, scope)
                                                            : readCells(connection, builder, scope);
        if (!rows)
            return rows;
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
