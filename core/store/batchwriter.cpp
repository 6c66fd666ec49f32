#include "store/batchwriter.h"

#include "store/callrepository.h"
#include "store/connection.h"
#include "store/rollupcell.h"

#include <sqlite3.h>


namespace switchboard::core::store {

Result<void> BatchWriter::prepare()
{
    if (m_prepared)
        return {};
    sqlite3 *db = m_connection.sqliteHandle();
    if (!db)
        return fail(ErrorCode::Unsupported, QStringLiteral("The recorder writes SQLite workspaces only, for now."));
    // The writer's own connection: a larger page cache keeps the indexes being appended to
    // in memory, and foreign keys are not checked row by row, since every batch writes a
    // call before its payload and attempts in the same transaction.
    const QByteArray cacheSize = "PRAGMA cache_size = -" + QByteArray::number(m_pageCacheMb * 1024);
    for (const char *pragma : { cacheSize.constData(), "PRAGMA foreign_keys = OFF" }) {
        if (sqlite3_exec(db, pragma, nullptr, nullptr, nullptr) != SQLITE_OK)
            return fail(ErrorCode::StoreFailure,
                        QStringLiteral("Could not configure the recorder's connection: %1").arg(QString::fromUtf8(sqlite3_errmsg(db))));
    }
    const auto make = [db](std::optional<SqliteStatement> &slot, const QString &sql) -> Result<void> {
        auto statement = SqliteStatement::prepare(db, sql.toUtf8());
        if (!statement)
            return std::unexpected(statement.error());
        slot.emplace(std::move(*statement));
        return {};
    };
    const std::pair<std::optional<SqliteStatement> *, QString> statements[] = {
        { &m_insertCall, CallRepository::insertSql() },
        { &m_insertPayload, QStringLiteral("INSERT INTO call_payloads (call_id, redaction, request_json, response_json, "
                                           "variables_json, chunk_offsets) VALUES (?, ?, ?, ?, ?, ?)") },
        { &m_insertAttempt, QStringLiteral("INSERT INTO call_attempts (call_id, seq, provider, model, started_ms, latency_us, "
                                           "http_status, failure, message, billed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)") },
        { &m_selectCell, RollupSql::select(RollupSql::Table::Cells) },
        { &m_upsertCell, RollupSql::upsert(RollupSql::Table::Cells) },
        { &m_upsertCellFailure, RollupSql::upsertFailure(RollupSql::Table::Cells) },
        { &m_selectSlice, RollupSql::select(RollupSql::Table::Slices) },
        { &m_upsertSlice, RollupSql::upsert(RollupSql::Table::Slices) },
        { &m_upsertSliceFailure, RollupSql::upsertFailure(RollupSql::Table::Slices) },
    };
    for (const auto &[slot, sql] : statements) {
        if (auto made = make(*slot, sql); !made)
            return made;
    }
    m_prepared = true;
    return {};
}

Result<void> BatchWriter::write(std::span<const EncodedCall> calls, Rollups rollups)
{
    if (auto ready = prepare(); !ready)
        return ready;
    return m_connection.writeTransaction([&]() -> Result<void> {
        for (const EncodedCall &call : calls) {
            if (auto written = writeCall(call); !written)
                return written;
        }
        return rollups == Rollups::Count ? writeRollups(calls) : Result<void> {};
    });
}

Result<void> BatchWriter::writeCall(const EncodedCall &encoded)
{
    if (encoded.call.record.id.isEmpty())
        return fail(ErrorCode::InvalidArgument, QStringLiteral("A recorded call has no id."));
    if (auto done = m_insertCall->run(encoded.callRow); !done)
        return done;
    if (auto done = m_insertPayload->run(encoded.payloadRow); !done)
        return done;
    for (const BoundRow &attempt : encoded.attemptRows) {
        if (auto done = m_insertAttempt->run(attempt); !done)
            return done;
    }
    return {};
}

template<typename Rows>
Result<void> BatchWriter::writeRows(Rows &rows, SqliteStatement &select, SqliteStatement &upsert, SqliteStatement &upsertFailure)
{
    for (auto &[key, sums] : rows) {
        // Histograms and largest calls merge in code: read what the row holds, add, write back.
        const QVariantList keys = key.values();
        for (int i = 0; i < keys.size(); ++i)
            select.bind(i + 1, keys.at(i));
        auto row = select.step();
        if (row && *row)
            sums.mergeStored(select.blobColumn(0), select.blobColumn(1), select.blobColumn(2), select.blobColumn(3),
                             select.intColumn(4), select.textColumn(5), select.intColumn(6), select.textColumn(7));
        select.reset();
        if (!row)
            return std::unexpected(row.error());
        if (auto done = upsert.run(keys + sums.values()); !done)
            return done;
        for (const auto &[category, count] : sums.failures) {
            if (auto done = upsertFailure.run(QVariantList(keys) << category << count); !done)
                return done;
        }
    }
    return {};
}

Result<void> BatchWriter::writeRollups(std::span<const EncodedCall> calls)
{
    // Sum the batch in memory first: one row per cell and slice, however many calls.
    RollupCells cells;
    RollupSlices slices;
    for (const EncodedCall &encoded : calls) {
        addToRollups(cells, encoded.call.record);
        addToSlices(slices, encoded.call.record);
    }
    if (auto written = writeRows(cells, *m_selectCell, *m_upsertCell, *m_upsertCellFailure); !written)
        return written;
    return writeRows(slices, *m_selectSlice, *m_upsertSlice, *m_upsertSliceFailure);
}

} // namespace switchboard::core::store
