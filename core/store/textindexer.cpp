#include "store/textindexer.h"

#include "store/connection.h"

namespace switchboard::core::store {

Result<int> TextIndexer::step(int maxRows)
{
    if (m_connection.dialect().kind() != SqlDialect::Kind::Sqlite)
        return 0;
    int indexed = 0;
    auto done = m_connection.writeTransaction([&]() -> Result<void> {
        auto progress = m_connection.exec(QStringLiteral("SELECT indexed_rowid FROM call_text_progress WHERE id = 1"));
        if (!progress)
            return std::unexpected(progress.error());
        if (!progress->next())
            return {};
        const qint64 from = progress->value(0).toLongLong();
        auto last = m_connection.exec(QStringLiteral("SELECT MAX(rowid), COUNT(*) FROM (SELECT rowid FROM call_payloads "
                                                     "WHERE rowid > ? ORDER BY rowid LIMIT ?)"),
                                      { from, maxRows });
        if (!last)
            return std::unexpected(last.error());
        if (!last->next() || last->value(1).toInt() == 0)
            return {};
        const qint64 to = last->value(0).toLongLong();
        indexed = last->value(1).toInt();
        if (auto fed = m_connection.exec(QStringLiteral("INSERT INTO call_text (rowid, request_json, response_json) "
                                                        "SELECT rowid, request_json, response_json FROM call_payloads "
                                                        "WHERE rowid > ? AND rowid <= ?"),
                                         { from, to });
            !fed)
            return std::unexpected(fed.error());
        if (auto moved = m_connection.exec(QStringLiteral("UPDATE call_text_progress SET indexed_rowid = ? WHERE id = 1"), { to });
            !moved)
            return std::unexpected(moved.error());
        return {};
    });
    if (!done)
        return std::unexpected(done.error());
    return indexed;
}

Result<qint64> TextIndexer::catchUp(int rowsPerStep)
{
    qint64 total = 0;
    for (;;) {
        auto indexed = step(rowsPerStep);
        if (!indexed)
            return std::unexpected(indexed.error());
        total += *indexed;
        if (*indexed < rowsPerStep)
            return total;
    }
}

} // namespace switchboard::core::store
