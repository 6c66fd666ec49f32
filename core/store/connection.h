#pragma once

#include "model/error.h"
#include "store/sqldialect.h"
#include "store/workspacelocation.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QVariantList>

#include <functional>
#include <memory>
#include <optional>

struct sqlite3;

namespace switchboard::core::store {

// An optional number as a statement binds it: SQL NULL (of an integer type) when absent.
inline QVariant nullableValue(const std::optional<qint64> &value)
{
    return value ? QVariant(*value) : QVariant(QMetaType::fromType<qint64>());
}

// One database connection, used by the thread that opened it and by no other (a rule of
// QtSql). Every statement goes through exec(), which turns driver errors into typed errors
// with a message the user can act on.
class Connection final
{
    Q_DISABLE_COPY_MOVE(Connection)

public:
    enum class Mode { OpenExisting, CreateIfMissing };

    static Result<std::unique_ptr<Connection>> open(const WorkspaceLocation &location,
                                                    Mode mode = Mode::OpenExisting);
    ~Connection();

    const WorkspaceLocation &location() const { return m_location; }
    const SqlDialect &dialect() const { return m_dialect; }

    Result<QSqlQuery> exec(const QString &sql, const QVariantList &values = {});
    // A statement prepared once and run many times (the recorder's inserts).
    Result<QSqlQuery> prepare(const QString &sql);
    Result<void> run(QSqlQuery &query, const QVariantList &values);
    // Runs work inside one write transaction: committed when it succeeds, rolled back when it
    // returns an error. Inside another one it is a savepoint: an error rolls back only its own
    // writes, and nothing is committed until the outermost transaction is.
    Result<void> writeTransaction(const std::function<Result<void>()> &work);
    // Runs reads that must agree with each other (a page that lists providers, their models and
    // the pins on them) against one snapshot of the store. Inside another transaction the work
    // simply runs in it. The work must not write.
    Result<void> readTransaction(const std::function<Result<void>()> &work);

    // After reading rows with next(): whether the read ended because the rows ran out, or
    // because a step failed (a damaged page met halfway), which next() reports only as false.
    Result<void> readCompleted(const QSqlQuery &query) const;

    // SQLite's own handle of this connection, for the recorder's prepared statements.
    sqlite3 *sqliteHandle() const;

    // The last failure of a statement, mapped to a typed error.
    Error errorFrom(const QSqlError &error, const QString &what) const;

private:
    Connection(WorkspaceLocation location, SqlDialect dialect, QString name);
    Result<void> refuseForeignDatabase();
    Result<void> configureSqlite();

    WorkspaceLocation m_location;
    SqlDialect m_dialect;
    QString m_name;
    QSqlDatabase m_db;
    int m_transactionDepth = 0;
};

} // namespace switchboard::core::store
