#pragma once

#include "model/callrecord.h"
#include "model/error.h"

#include <optional>
#include <span>
#include <vector>

namespace switchboard::core::store {

class Connection;

// The narrow calls table. Writers insert in batches inside one transaction; readers page by
// (started_ms, id) and never load the table whole.
class CallRepository final
{
public:
    explicit CallRepository(Connection &connection) : m_connection(connection) { }

    // Inserts every record or none.
    Result<void> insert(std::span<const CallRecord> records);
    Result<std::optional<CallRecord>> find(const QString &id);
    // The newest calls first, at most limit of them, strictly older than the cursor when one
    // is given (keyset paging).
    struct Cursor
    {
        qint64 startedMs = 0;
        QString id;
    };
    Result<std::vector<CallRecord>> page(int limit, const std::optional<Cursor> &before = {});
    Result<qint64> count();

    // The insert statement and its values, shared with the recorder's batch writer.
    static QString insertSql();
    static QVariantList insertValues(const CallRecord &record);

private:
    Result<void> insertOne(const CallRecord &record);

    Connection &m_connection;
};

} // namespace switchboard::core::store
