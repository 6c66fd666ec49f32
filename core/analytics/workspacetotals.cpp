#include "analytics/workspacetotals.h"

#include "store/connection.h"

namespace switchboard::core::analytics {

Result<WorkspaceTotals> readTotals(store::Connection &connection)
{
    auto rows = connection.exec(QStringLiteral(
        "SELECT provider, model, SUM(calls), SUM(failed), SUM(input_tokens), SUM(output_tokens), SUM(cost_micros) "
        "FROM rollup_cells WHERE grain_ms = 86400000 GROUP BY provider, model"));
    if (!rows)
        return std::unexpected(rows.error());
    WorkspaceTotals totals;
    while (rows->next()) {
        const TotalsRow row { rows->value(2).toLongLong(), rows->value(3).toLongLong(), rows->value(4).toLongLong(),
                              rows->value(5).toLongLong(), rows->value(6).toLongLong() };
        for (TotalsRow *sum : { &totals.all, &totals.byProvider[rows->value(0).toString()],
                                &totals.byModel[rows->value(1).toString()] }) {
            sum->calls += row.calls;
            sum->failed += row.failed;
            sum->inputTokens += row.inputTokens;
            sum->outputTokens += row.outputTokens;
            sum->costMicros += row.costMicros;
        }
    }
    if (auto read = connection.readCompleted(*rows); !read)
        return std::unexpected(read.error());
    auto failures = connection.exec(QStringLiteral("SELECT category, SUM(count) FROM rollup_cell_failures WHERE grain_ms = 86400000 GROUP BY category"));
    if (!failures)
        return std::unexpected(failures.error());
    while (failures->next())
        totals.byFailure[failures->value(0).toString()] = failures->value(1).toLongLong();
    if (auto read = connection.readCompleted(*failures); !read)
        return std::unexpected(read.error());
    return totals;
}

Result<WorkspaceTotals> readTotals(const store::WorkspaceLocation &location)
{
    auto connection = store::Connection::open(location);
    if (!connection)
        return std::unexpected(connection.error());
    return readTotals(**connection);
}

} // namespace switchboard::core::analytics
