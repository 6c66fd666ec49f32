#include "store/connection.h"

#include <QAtomicInteger>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlDriver>
#include <QSqlError>

namespace switchboard::core::store {
namespace {

constexpr QByteArrayView kSqliteHeader("SQLite format 3\0", 16);

// SQLite's primary result codes (the low byte of an extended code).
constexpr int kSqliteBusy = 5;
constexpr int kSqliteLocked = 6;
constexpr int kSqliteFull = 13;
constexpr int kSqliteCorrupt = 11;
constexpr int kSqliteCantOpen = 14;
constexpr int kSqliteConstraint = 19;
constexpr int kSqliteNotADb = 26;

QString nextConnectionName()
{
    static QAtomicInteger<quint64> counter;
    return QStringLiteral("switchboard-%1").arg(counter.fetchAndAddRelaxed(1));
}

Result<void> checkSqliteFile(const QString &path, Connection::Mode mode)
{
    const QFileInfo info(path);
    if (!info.exists()) {
        if (mode == Connection::Mode::OpenExisting)
            return fail(ErrorCode::NotFound,
                        QStringLiteral("There is no workspace at %1. Check the path, or create "
                                       "one (File > New Workspace in the console, or "
                                       "switchboard-cli init).")
                            .arg(QDir::toNativeSeparators(path)));
        if (!QDir().mkpath(info.absolutePath()))
            return fail(ErrorCode::Io,
                        QStringLiteral("Cannot create the folder %1 for the workspace. Check "
                                       "that you may write there, or choose another place.")
                            .arg(QDir::toNativeSeparators(info.absolutePath())));
        return {};
    }
    if (info.isDir())
        return fail(ErrorCode::NotAWorkspace,
                    QStringLiteral("%1 is a folder, not a workspace file.")
                        .arg(QDir::toNativeSeparators(path)));
    if (info.size() == 0)
        return {}; // an empty file becomes a new workspace
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(ErrorCode::Io,
                    QStringLiteral("Cannot read %1: %2. Check its permissions.")
                        .arg(QDir::toNativeSeparators(path), file.errorString()));
    if (file.read(kSqliteHeader.size()) != kSqliteHeader)
        return fail(ErrorCode::NotAWorkspace,
                    QStringLiteral("%1 is not a Switchboard workspace (it is not an SQLite "
                                   "database). It was left untouched; open another file or "
                                   "create a new workspace.")
                        .arg(QDir::toNativeSeparators(path)));
    return {};
}

} // namespace

Connection::Connection(WorkspaceLocation location, SqlDialect dialect, QString name)
    : m_location(std::move(location))
    , m_dialect(dialect)
    , m_name(std::move(name))
{
}

Connection::~Connection()
{
    if (m_db.isOpen())
        m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_name);
}

Result<std::unique_ptr<Connection>> Connection::open(const WorkspaceLocation &location, Mode mode)
{
    if (!location.isValid())
        return fail(ErrorCode::InvalidArgument, QStringLiteral("No workspace location given."));
    if (location.kind() == WorkspaceLocation::Kind::PostgreSql)
        return fail(ErrorCode::Unsupported,
                    QStringLiteral("This build opens SQLite workspaces only; PostgreSQL "
                                   "workspaces are not available yet. Use a workspace file."));

    if (auto checked = checkSqliteFile(location.target(), mode); !checked)
        return std::unexpected(checked.error());

    std::unique_ptr<Connection> connection(
        new Connection(location, SqlDialect(SqlDialect::Kind::Sqlite), nextConnectionName()));
    connection->m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection->m_name);
    connection->m_db.setDatabaseName(location.target());
    connection->m_db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    if (!connection->m_db.open())
        return std::unexpected(
            connection->errorFrom(connection->m_db.lastError(), QStringLiteral("open")));
    if (auto foreign = connection->refuseForeignDatabase(); !foreign)
        return std::unexpected(foreign.error());
    if (auto configured = connection->configureSqlite(); !configured)
        return std::unexpected(configured.error());
    return connection;
}

Result<void> Connection::refuseForeignDatabase()
{
    // Changing the journal mode rewrites the file header, so someone else's database must be
    // recognised, and left alone, before anything is set.
    auto tables = exec(QStringLiteral(
        "SELECT COUNT(*), COALESCE(SUM(name = 'schema_migrations'), 0) FROM sqlite_master "
        "WHERE type = 'table'"));
    if (!tables)
        return std::unexpected(tables.error());
    tables->next();
    if (tables->value(0).toInt() > 0 && tables->value(1).toInt() == 0)
        return fail(ErrorCode::NotAWorkspace,
                    QStringLiteral("%1 is a database, but not a Switchboard workspace (it has no "
                                   "schema_migrations table). It was left untouched; open "
                                   "another file or create a new workspace.")
                        .arg(m_location.displayName()));
    return {};
}

Result<void> Connection::configureSqlite()
{
    // New workspaces only (an existing file keeps its page size): with 8 KB pages three 2 KB
    // payload rows share a page, where on SQLite's default 4 KB each takes one to itself, so
    // the recorder writes a third less to the log and the database.
    if (auto size = exec(QStringLiteral("PRAGMA page_size = 8192")); !size)
        return std::unexpected(size.error());
    auto mode = exec(QStringLiteral("PRAGMA journal_mode = WAL"));
    if (!mode)
        return std::unexpected(mode.error());
    for (const char *pragma : { "PRAGMA foreign_keys = ON", "PRAGMA synchronous = NORMAL" }) {
        if (auto done = exec(QString::fromLatin1(pragma)); !done)
            return std::unexpected(done.error());
    }
    return {};
}

Result<QSqlQuery> Connection::prepare(const QString &sql)
{
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    if (!query.prepare(sql))
        return std::unexpected(errorFrom(query.lastError(), sql));
    return query;
}

Result<void> Connection::run(QSqlQuery &query, const QVariantList &values)
{
    for (int i = 0; i < values.size(); ++i) {
        const QVariant &value = values.at(i);
        // A null QString binds as SQL NULL; the schema keeps text NOT NULL DEFAULT '', and a
        // missing value is passed as an invalid QVariant where NULL is meant.
        if (value.typeId() == QMetaType::QString && value.toString().isNull())
            query.bindValue(i, QString(QLatin1String("")));
        else
            query.bindValue(i, value);
    }
    if (!query.exec())
        return std::unexpected(errorFrom(query.lastError(), query.lastQuery()));
    return {};
}

Result<QSqlQuery> Connection::exec(const QString &sql, const QVariantList &values)
{
    auto query = prepare(sql);
    if (!query)
        return query;
    if (auto ran = run(*query, values); !ran)
        return std::unexpected(ran.error());
    return query;
}

Result<void> Connection::writeTransaction(const std::function<Result<void>()> &work)
{
    // Inside a transaction already: a savepoint, so that this part rolls back on its own and
    // repositories that write in a transaction can be used inside a larger one.
    const QString savepoint = QStringLiteral("nested_%1").arg(m_transactionDepth);
    const bool nested = m_transactionDepth > 0;
    if (auto begun = exec(nested ? QStringLiteral("SAVEPOINT ") + savepoint : m_dialect.beginWrite()); !begun)
        return std::unexpected(begun.error());
    ++m_transactionDepth;
    Result<void> outcome = work();
    --m_transactionDepth;
    const QString rollback = nested ? QStringLiteral("ROLLBACK TO SAVEPOINT ") + savepoint : QStringLiteral("ROLLBACK");
    if (!outcome) {
        exec(rollback);
        if (nested)
            exec(QStringLiteral("RELEASE SAVEPOINT ") + savepoint);
        return outcome;
    }
    if (auto committed = exec(nested ? QStringLiteral("RELEASE SAVEPOINT ") + savepoint : QStringLiteral("COMMIT")); !committed) {
        exec(rollback);
        return std::unexpected(committed.error());
    }
    return {};
}

Result<void> Connection::readTransaction(const std::function<Result<void>()> &work)
{
    if (m_transactionDepth > 0)
        return work();
    if (auto begun = exec(m_dialect.beginRead()); !begun)
        return std::unexpected(begun.error());
    ++m_transactionDepth;
    Result<void> outcome = work();
    --m_transactionDepth;
    if (auto ended = exec(outcome ? QStringLiteral("COMMIT") : QStringLiteral("ROLLBACK")); !ended && outcome)
        return std::unexpected(ended.error());
    return outcome;
}

Result<void> Connection::readCompleted(const QSqlQuery &query) const
{
    if (query.lastError().isValid())
        return std::unexpected(errorFrom(query.lastError(), query.lastQuery()));
    return {};
}

sqlite3 *Connection::sqliteHandle() const
{
    const QVariant handle = m_db.driver()->handle();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3 *const *>(handle.constData());
}

Error Connection::errorFrom(const QSqlError &error, const QString &what) const
{
    const QString where = m_location.displayName();
    const QString detail = error.text().trimmed();
    bool ok = false;
    const int code = error.nativeErrorCode().toInt(&ok) & 0xff;
    if (!ok)
        return Error { ErrorCode::StoreFailure,
                       QStringLiteral("The workspace %1 could not run a statement (%2): %3")
                           .arg(where, what.left(80), detail) };
    switch (code) {
    case kSqliteCorrupt:
    case kSqliteNotADb:
        return Error { ErrorCode::StoreCorrupt,
                       QStringLiteral("The workspace %1 is damaged or is not a workspace (%2). "
                                      "Nothing was written to it; restore it from a backup or "
                                      "open another workspace.")
                           .arg(where, detail) };
    case kSqliteBusy:
    case kSqliteLocked:
        return Error { ErrorCode::StoreUnavailable,
                       QStringLiteral("The workspace %1 stayed locked by another program for "
                                      "too long (%2). Try again in a moment.")
                           .arg(where, detail) };
    case kSqliteFull:
        return Error { ErrorCode::Io,
                       QStringLiteral("The disk holding the workspace %1 is full (%2). Free "
                                      "some space; nothing already stored was lost.")
                           .arg(where, detail) };
    case kSqliteCantOpen:
        return Error { ErrorCode::Io,
                       QStringLiteral("Cannot open the workspace %1 (%2). Check that the folder "
                                      "exists and that you may write to it.")
                           .arg(where, detail) };
    case kSqliteConstraint:
        // Unique keys and references are conflicts a user can resolve; a NOT NULL or CHECK
        // violation is a defect in this program, not in what the user asked.
        if (detail.contains(QLatin1String("UNIQUE")) || detail.contains(QLatin1String("PRIMARY KEY")))
            return Error { ErrorCode::Conflict,
                           QStringLiteral("The workspace already holds an entry with the same "
                                          "key (%1).")
                               .arg(detail) };
        if (detail.contains(QLatin1String("FOREIGN KEY")))
            return Error { ErrorCode::Conflict,
                           QStringLiteral("Other entries of the workspace still refer to this "
                                          "one (%1).")
                               .arg(detail) };
        return Error { ErrorCode::StoreFailure,
                       QStringLiteral("The workspace %1 refused a value (%2). This is a defect "
                                      "in Switchboard; nothing was written.")
                           .arg(where, detail) };
    default:
        return Error { ErrorCode::StoreFailure,
                       QStringLiteral("The workspace %1 could not run a statement (%2): %3")
                           .arg(where, what.left(80), detail) };
    }
}

} // namespace switchboard::core::store
