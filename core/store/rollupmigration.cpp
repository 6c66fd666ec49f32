#include "store/rollupmigration.h"

#include "store/connection.h"
#include "store/rollupcell.h"

namespace switchboard::core::store {
namespace {

// Every grain's key for an old minute row's dimensions.
template<typename Visit>
void forEachGrain(const QSqlQuery &row, Visit &&visit)
{
    const qint64 minute = row.value(0).toLongLong();
    for (qint64 grain : kSliceGrains) {
        visit(RollupKey { grain, minute - minute % grain, row.value(1).toString(), row.value(2).toString(),
                          row.value(3).toString(), row.value(4).toString(), QString(), row.value(5).toString() });
    }
}

Result<RollupCells> readOldCells(Connection &connection)
{
    RollupCells cells;
    auto rows = connection.exec(QStringLiteral(
        "SELECT bucket_ms, provider, model, feature, tenant, origin, calls, failed, cache_hits, input_tokens, "
        "output_tokens, cached_input_tokens, cost_micros, latency_hist, ttft_hist FROM rollups"));
    if (!rows)
        return std::unexpected(rows.error());
    while (rows->next()) {
        RollupSums sums;
        sums.calls = rows->value(6).toLongLong();
        sums.failed = rows->value(7).toLongLong();
        sums.cacheHits = rows->value(8).toLongLong();
        sums.inputTokens = rows->value(9).toLongLong();
        sums.outputTokens = rows->value(10).toLongLong();
        sums.cachedInputTokens = rows->value(11).toLongLong();
        sums.costMicros = rows->value(12).toLongLong();
        sums.latency.mergeSerialized(rows->value(13).toByteArray());
        sums.ttft.mergeSerialized(rows->value(14).toByteArray());
        forEachGrain(*rows, [&](RollupKey key) { cells[std::move(key)].merge(sums); });
    }
    if (auto read = connection.readCompleted(*rows); !read)
        return std::unexpected(read.error());

    auto failures = connection.exec(QStringLiteral(
        "SELECT bucket_ms, provider, model, feature, tenant, origin, category, count FROM rollup_failures"));
    if (!failures)
        return std::unexpected(failures.error());
    while (failures->next()) {
        const QString category = failures->value(6).toString();
        const qint64 count = failures->value(7).toLongLong();
        forEachGrain(*failures, [&](RollupKey key) { cells[std::move(key)].failures[category] += count; });
    }
    if (auto read = connection.readCompleted(*failures); !read)
        return std::unexpected(read.error());
    return cells;
}

template<typename Rows>
Result<void> writeAll(Connection &connection, const Rows &rows, RollupSql::Table table)
{
    const QString upsert = RollupSql::upsert(table);
    const QString upsertFailure = RollupSql::upsertFailure(table);
    for (const auto &[key, sums] : rows) {
        if (auto written = connection.exec(upsert, key.values() + sums.values()); !written)
            return std::unexpected(written.error());
        for (const auto &[category, count] : sums.failures) {
            if (auto written = connection.exec(upsertFailure, key.values() << category << count); !written)
                return std::unexpected(written.error());
        }
    }
    return {};
}

} // namespace

Result<void> moveRollupsToCells(Connection &connection)
{
    auto cells = readOldCells(connection);
    if (!cells)
        return std::unexpected(cells.error());
    // Minutes become slices only (see kCellGrains).
    RollupSlices slices;
    for (const auto &[key, sums] : *cells)
        addCellToSlices(slices, key, sums);
    std::erase_if(*cells, [](const auto &cell) { return cell.first.grainMs == kMinuteMs; });
    if (auto written = writeAll(connection, *cells, RollupSql::Table::Cells); !written)
        return written;
    if (auto written = writeAll(connection, slices, RollupSql::Table::Slices); !written)
        return written;
    for (const QString &drop : { QStringLiteral("DROP TABLE rollup_failures"), QStringLiteral("DROP TABLE rollups") }) {
        if (auto dropped = connection.exec(drop); !dropped)
            return std::unexpected(dropped.error());
    }
    return {};
}

} // namespace switchboard::core::store
