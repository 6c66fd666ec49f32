#pragma once

#include <QString>

namespace switchboard::core::store {

// The few places where SQLite and PostgreSQL spell the same schema differently. Migrations
// are written once, with tokens ({pk}, {blob}) that the dialect expands.
class SqlDialect final
{
public:
    enum class Kind { Sqlite, PostgreSql };

    explicit SqlDialect(Kind kind) : m_kind(kind) { }

    Kind kind() const { return m_kind; }
    QString expand(QString sql) const;
    // Opens a write transaction; SQLite takes the write lock at once so that two processes
    // migrating or writing the same file never deadlock halfway.
    QString beginWrite() const;
    // A transaction that reads one snapshot of the store, whatever commits meanwhile.
    QString beginRead() const;

private:
    Kind m_kind;
};

} // namespace switchboard::core::store
