#pragma once

#include "model/error.h"
#include "store/encodedcall.h"

#include <QByteArray>
#include <QVariant>

struct sqlite3;
struct sqlite3_stmt;

namespace switchboard::core::store {

// A statement prepared once on SQLite's own API, for the recorder's hot path: QtSql's
// positional binding builds a placeholder name per value and converts text to UTF-16 and
// back, which costs more than the insert itself at tens of thousands of rows a second.
class SqliteStatement final
{
    Q_DISABLE_COPY(SqliteStatement)

public:
    static Result<SqliteStatement> prepare(sqlite3 *db, const QByteArray &sql);
    SqliteStatement(SqliteStatement &&other) noexcept;
    SqliteStatement &operator=(SqliteStatement &&other) noexcept;
    ~SqliteStatement();

    // Binds values by position (QString and QByteArray as UTF-8 text, integers, null for an
    // invalid QVariant), runs the statement and resets it. Rows it returns are not read.
    Result<void> run(const QVariantList &values);
    // The same for a row encoded beforehand. Its bytes are bound without a copy, so the row
    // must outlive the call (it does: the statement is reset before returning).
    Result<void> run(const BoundRow &row);
    // Binds UTF-8 text directly, without a QVariant: the payloads.
    void bindText(int index, const QByteArray &utf8);
    void bindBlob(int index, const QByteArray &bytes);
    void bindInt(int index, qint64 value);
    void bindNull(int index);
    void bind(int index, const QVariant &value);
    // Runs what is bound; with a row, reads it through the accessors until reset().
    Result<bool> step();
    QByteArray blobColumn(int column) const;
    qint64 intColumn(int column) const;
    QString textColumn(int column) const;
    void reset();

private:
    SqliteStatement(sqlite3 *db, sqlite3_stmt *statement) : m_db(db), m_statement(statement) { }
    Error lastError() const;

    sqlite3 *m_db = nullptr;
    sqlite3_stmt *m_statement = nullptr;
};

} // namespace switchboard::core::store
