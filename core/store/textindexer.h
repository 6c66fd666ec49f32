#pragma once

#include "model/error.h"

namespace switchboard::core::store {

class Connection;

// Feeds the full-text index of the request log (SQLite's call_text) with payloads written
// since it last ran, a bounded step at a time, so that indexing stays off the write path:
// the recorder runs it when it has nothing to write. Searches cover what is not indexed yet
// by reading those payloads directly. Does nothing on a store without the index.
class TextIndexer final
{
public:
    explicit TextIndexer(Connection &connection) : m_connection(connection) { }

    // Indexes up to maxRows payloads in one transaction; returns how many it indexed (fewer
    // than maxRows: the index has caught up).
    Result<int> step(int maxRows);
    // Steps until the index has caught up.
    Result<qint64> catchUp(int rowsPerStep = 2'000);

private:
    Connection &m_connection;
};

} // namespace switchboard::core::store
