#include "store/migrator.h"

#include "store/connection.h"
#include "store/rollupmigration.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QRegularExpression>

#include <algorithm>

namespace switchboard::core::store {
namespace {

QStringList splitStatements(const QString &sql)
{
    static const QRegularExpression comment(QStringLiteral("--[^\n]*"));
    QString stripped = sql;
    stripped.remove(comment);
    QStringList statements;
    for (const QString &part : stripped.split(QLatin1Char(';'))) {
        const QString statement = part.trimmed();
        if (!statement.isEmpty())
            statements.append(statement);
    }
    return statements;
}

Result<bool> hasTable(Connection &connection, const QString &table)
{
    const bool sqlite = connection.dialect().kind() == SqlDialect::Kind::Sqlite;
    auto query = connection.exec(
        sqlite ? QStringLiteral("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")
               : QStringLiteral("SELECT 1 FROM information_schema.tables WHERE table_name = ?"),
        { table });
    if (!query)
        return std::unexpected(query.error());
    return query->next();
}

} // namespace

Migrator::Migrator() : Migrator(builtIn()) { }

Migrator::Migrator(std::vector<Migration> migrations) : m_migrations(std::move(migrations))
{
    std::ranges::sort(m_migrations, {}, &Migration::version);
}

std::vector<Migration> Migrator::builtIn()
{
    std::vector<Migration> migrations;
    const QDir dir(QStringLiteral(":/switchboard/migrations"));
    for (const QString &file : dir.entryList({ QStringLiteral("*.sql") }, QDir::Files, QDir::Name)) {
        QFile source(dir.filePath(file));
        if (!source.open(QIODevice::ReadOnly))
            continue;
        Migration migration;
        migration.version = file.section(QLatin1Char('_'), 0, 0).toInt();
        migration.name = file.section(QLatin1Char('_'), 1).chopped(4);
        if (migration.name.endsWith(QLatin1String(".sqlite"))) {
            migration.name.chop(7);
            migration.onlyFor = SqlDialect::Kind::Sqlite;
        }
        migration.sql = QString::fromUtf8(source.readAll());
        if (migration.version == 5)
            migration.then = moveRollupsToCells;
        if (migration.version > 0)
            migrations.push_back(std::move(migration));
    }
    return migrations;
}

int Migrator::latestVersion() const
{
    return m_migrations.empty() ? 0 : m_migrations.back().version;
}

Result<int> Migrator::currentVersion(Connection &connection) const
{
    auto bookkept = hasTable(connection, QStringLiteral("schema_migrations"));
    if (!bookkept)
        return std::unexpected(bookkept.error());
    if (!*bookkept)
        return 0; // a new, empty file: Connection::open refused anyone else's database
    auto query = connection.exec(QStringLiteral("SELECT MAX(version) FROM schema_migrations"));
    if (!query)
        return std::unexpected(query.error());
    query->next();
    return query->value(0).toInt();
}

Result<int> Migrator::migrate(Connection &connection) const
{
    auto current = currentVersion(connection);
    if (!current)
        return current;
    if (*current > latestVersion())
        return fail(ErrorCode::NewerSchema,
                    QStringLiteral("The workspace %1 was written by a newer Switchboard (schema "
                                   "version %2; this program knows up to %3). It was left "
                                   "untouched; open it with a newer Switchboard.")
                        .arg(connection.location().displayName())
                        .arg(*current)
                        .arg(latestVersion()));
    if (*current == latestVersion())
        return *current;

    if (auto ready = ensureBookkeeping(connection); !ready)
        return std::unexpected(ready.error());
    for (const Migration &migration : m_migrations) {
        if (migration.version <= *current)
            continue;
        if (auto applied = apply(connection, migration); !applied)
            return std::unexpected(applied.error());
    }
    return currentVersion(connection);
}

Result<void> Migrator::ensureBookkeeping(Connection &connection) const
{
    auto created = connection.exec(
        QStringLiteral("CREATE TABLE IF NOT EXISTS schema_migrations ("
                       "version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_ms BIGINT NOT NULL)"));
    if (!created)
        return std::unexpected(created.error());
    return {};
}

Result<void> Migrator::apply(Connection &connection, const Migration &migration) const
{
    return connection.writeTransaction([&]() -> Result<void> {
        // Another process may have migrated while this one waited for the write lock.
        auto done = connection.exec(
            QStringLiteral("SELECT 1 FROM schema_migrations WHERE version = ?"),
            { migration.version });
        if (!done)
            return std::unexpected(done.error());
        if (done->next())
            return {};
        const bool applies = !migration.onlyFor || *migration.onlyFor == connection.dialect().kind();
        for (const QString &statement : applies ? splitStatements(connection.dialect().expand(migration.sql)) : QStringList {}) {
            if (auto ran = connection.exec(statement); !ran)
                return fail(ran.error().code,
                            QStringLiteral("Migration %1 (%2) failed; the workspace was left at "
                                           "the previous version. %3")
                                .arg(migration.version)
                                .arg(migration.name, ran.error().message));
        }
        if (applies && migration.then) {
            if (auto ran = migration.then(connection); !ran)
                return fail(ran.error().code,
                            QStringLiteral("Migration %1 (%2) failed; the workspace was left at "
                                           "the previous version. %3")
                                .arg(migration.version)
                                .arg(migration.name, ran.error().message));
        }
        auto recorded = connection.exec(
            QStringLiteral("INSERT INTO schema_migrations (version, name, applied_ms) "
                           "VALUES (?, ?, ?)"),
            { migration.version, migration.name, QDateTime::currentMSecsSinceEpoch() });
        if (!recorded)
            return std::unexpected(recorded.error());
        return {};
    });
}

} // namespace switchboard::core::store
