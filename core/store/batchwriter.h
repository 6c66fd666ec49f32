#pragma once

#include "model/error.h"
#include "store/encodedcall.h"

#include "store/sqlitestatement.h"

#include <optional>
#include <span>

namespace switchboard::core::store {

class Connection;

// Writes batches of recorded calls in one transaction each: the narrow rows, payloads,
// attempts, and the rollups' cells and slices at every grain (store/rollupcell.h). Statements are prepared once, on
// SQLite's own API (see SqliteStatement). Used by the recorder's thread only.
class BatchWriter final
{
public:
    // pageCacheMb: SQLite's page cache for the writer's connection.
    BatchWriter(Connection &connection, int pageCacheMb) : m_connection(connection), m_pageCacheMb(pageCacheMb) { }

    enum class Rollups { Count, Skip };

    // All of the batch or none of it. Calls brought in from elsewhere (a reproduction bundle)
    // skip the rollups, so that this workspace's dashboards count only its own traffic.
    Result<void> write(std::span<const EncodedCall> calls, Rollups rollups = Rollups::Count);

private:
    Result<void> prepare();
    Result<void> writeCall(const EncodedCall &call);
    Result<void> writeRollups(std::span<const EncodedCall> calls);
    template<typename Rows>
    Result<void> writeRows(Rows &rows, SqliteStatement &select, SqliteStatement &upsert, SqliteStatement &upsertFailure);

    Connection &m_connection;
    int m_pageCacheMb;
    bool m_prepared = false;
    std::optional<SqliteStatement> m_insertCall;
    std::optional<SqliteStatement> m_insertPayload;
    std::optional<SqliteStatement> m_insertAttempt;
    std::optional<SqliteStatement> m_selectCell;
    std::optional<SqliteStatement> m_upsertCell;
    std::optional<SqliteStatement> m_upsertCellFailure;
    std::optional<SqliteStatement> m_selectSlice;
    std::optional<SqliteStatement> m_upsertSlice;
    std::optional<SqliteStatement> m_upsertSliceFailure;
};

} // namespace switchboard::core::store
