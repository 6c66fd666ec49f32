// The migrator and the checks in front of it: what opening a file may do to it, and what it
// must leave alone.
#include "analytics/loghistogram.h"
#include "model/callid.h"
#include "storefixtures.h"
#include "store/callrepository.h"
#include "store/connection.h"
#include "store/migrator.h"
#include "store/workspace.h"
#include "temporaryworkspace.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

#include <memory>
#include <vector>

using namespace switchboard;
using core::ErrorCode;
using core::store::Connection;
using core::store::Migration;
using core::store::Migrator;
using tests::codeOf;

namespace {

// The migration files as they are in the source tree, independent of what the library embeds.
QStringList migrationFiles()
{
    return QDir(QStringLiteral(SWITCHBOARD_MIGRATIONS_DIR))
        .entryList({ QStringLiteral("*.sql") }, QDir::Files, QDir::Name);
}

QStringList declaredObjects(const QString &kind)
{
    const QRegularExpression create(
        QStringLiteral("CREATE\\s+%1\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?(\\w+)").arg(kind),
        QRegularExpression::CaseInsensitiveOption);
    QStringList names;
    const QDir dir(QStringLiteral(SWITCHBOARD_MIGRATIONS_DIR));
    for (const QString &file : migrationFiles()) {
        QFile source(dir.filePath(file));
        if (!source.open(QIODevice::ReadOnly))
            return {};
        const QString sql = QString::fromUtf8(source.readAll());
        for (const auto &match : create.globalMatch(sql))
            names << match.captured(1);
    }
    return names;
}

QStringList existingObjects(Connection &connection, const QString &type)
{
    QStringList names;
    auto query = connection.exec(
        QStringLiteral("SELECT name FROM sqlite_master WHERE type = ? ORDER BY name"), { type });
    if (!query)
        return { QStringLiteral("<error: %1>").arg(query.error().message) };
    while (query->next())
        names << query->value(0).toString();
    return names;
}

// (version, name, applied_ms) of every applied migration, as one comparable list.
QStringList appliedMigrations(Connection &connection)
{
    QStringList rows;
    auto query = connection.exec(
        QStringLiteral("SELECT version, name, applied_ms FROM schema_migrations ORDER BY version"));
    if (!query)
        return { QStringLiteral("<error: %1>").arg(query.error().message) };
    while (query->next())
        rows << QStringLiteral("%1 %2 %3")
                    .arg(query->value(0).toString(), query->value(1).toString(),
                         query->value(2).toString());
    return rows;
}

// Creates an SQLite database the way another program would (rollback journal, its own tables),
// without going through the store.
bool createForeignDatabase(const QString &path)
{
    const QString name = QStringLiteral("foreign-database");
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        if (db.open()) {
            QSqlQuery query(db);
            ok = query.exec(QStringLiteral("CREATE TABLE contacts (id INTEGER PRIMARY KEY, name TEXT)"))
                && query.exec(QStringLiteral("INSERT INTO contacts (name) VALUES ('Ada'), ('Grace')"));
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}

} // namespace

class TestMigrations final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void shippedMigrationsAreEmbedded()
    {
        // Every file of core/store/migrations must reach the program, or new workspaces would
        // silently miss tables.
        const QStringList files = migrationFiles();
        QVERIFY(!files.isEmpty());
        QCOMPARE(Migrator().latestVersion(), files.last().section(u'_', 0, 0).toInt());
        QCOMPARE(int(Migrator::builtIn().size()), int(files.size()));
    }

    void newWorkspaceHasTheWholeSchema()
    {
        tests::TemporaryWorkspace temp;
        QVERIFY(!QFile::exists(temp.path()));

        auto prepared = core::store::prepareWorkspace(temp.location(),
                                                      Connection::Mode::CreateIfMissing);
        QVERIFY_OK(prepared);
        QCOMPARE(prepared->schemaVersion, Migrator().latestVersion());
        QVERIFY(!prepared->info.id.isEmpty());
        QCOMPARE(prepared->info.name, QStringLiteral("test"));
        QCOMPARE(prepared->providers, qint64(0));
        QCOMPARE(prepared->prompts, qint64(0));

        auto connection = Connection::open(temp.location());
        QVERIFY_OK(connection);
        auto version = Migrator().currentVersion(**connection);
        QVERIFY_OK(version);
        QCOMPARE(*version, Migrator().latestVersion());

        const QStringList tables = existingObjects(**connection, QStringLiteral("table"));
        const QStringList declaredTables = declaredObjects(QStringLiteral("TABLE"));
        QVERIFY(declaredTables.size() >= 20);
        // Migration 5 replaced the minute rollups by rollup cells at every grain.
        const QStringList dropped { QStringLiteral("rollups"), QStringLiteral("rollup_failures") };
        for (const QString &table : declaredTables)
            QVERIFY2(tables.contains(table) != dropped.contains(table), qPrintable(table + QLatin1String(" is missing or stayed")));
        QVERIFY(tables.contains(QStringLiteral("schema_migrations")));

        const QStringList indexes = existingObjects(**connection, QStringLiteral("index"));
        for (const QString &index : declaredObjects(QStringLiteral("INDEX")))
            QVERIFY2(indexes.contains(index), qPrintable(index + QLatin1String(" is missing")));
    }

    void reopeningChangesNothing()
    {
        tests::TemporaryWorkspace temp;
        auto first = core::store::prepareWorkspace(temp.location(),
                                                   Connection::Mode::CreateIfMissing);
        QVERIFY_OK(first);
        QStringList appliedBefore;
        {
            auto connection = Connection::open(temp.location());
            QVERIFY_OK(connection);
            appliedBefore = appliedMigrations(**connection);
        }
        QCOMPARE(appliedBefore.size(), Migrator().latestVersion());

        for (const auto mode : { Connection::Mode::OpenExisting, Connection::Mode::CreateIfMissing }) {
            auto again = core::store::prepareWorkspace(temp.location(), mode);
            QVERIFY_OK(again);
            QCOMPARE(again->info, first->info);
            QCOMPARE(again->schemaVersion, first->schemaVersion);
        }
        auto connection = Connection::open(temp.location());
        QVERIFY_OK(connection);
        QCOMPARE(appliedMigrations(**connection), appliedBefore);
    }

    void newerSchemaIsRefusedUntouched()
    {
        tests::TemporaryWorkspace temp;
        QVERIFY_OK(core::store::prepareWorkspace(temp.location(),
                                                   Connection::Mode::CreateIfMissing));
        const int newer = Migrator().latestVersion() + 1;
        {
            auto connection = Connection::open(temp.location());
            QVERIFY_OK(connection);
            QVERIFY_OK((*connection)->exec(
                QStringLiteral("INSERT INTO schema_migrations (version, name, applied_ms) "
                               "VALUES (?, 'from_the_future', 0)"),
                { newer }));
        }
        QVERIFY(!QFile::exists(temp.path() + QLatin1String("-wal")));
        const QByteArray before = tests::sha256Of(temp.path());
        QVERIFY(!before.isEmpty());

        for (const auto mode : { Connection::Mode::OpenExisting, Connection::Mode::CreateIfMissing }) {
            auto prepared = core::store::prepareWorkspace(temp.location(), mode);
            QCOMPARE(codeOf(prepared), core::nameOf(ErrorCode::NewerSchema));
            QVERIFY(prepared.error().message.contains(QString::number(newer)));
        }
        QCOMPARE(tests::sha256Of(temp.path()), before);
    }

    void notAnSqliteFileIsRefusedUntouched_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::newRow("text") << QByteArrayLiteral("# my notes\nremember to rotate the keys\n");
        QTest::newRow("short") << QByteArrayLiteral("SQLite");
        QByteArray random(64 * 1024, Qt::Uninitialized);
        QRandomGenerator generator(7);
        for (char &byte : random)
            byte = static_cast<char>(generator.bounded(256));
        QTest::newRow("random bytes") << random;
    }

    void notAnSqliteFileIsRefusedUntouched()
    {
        QFETCH(QByteArray, content);
        tests::TemporaryWorkspace temp;
        {
            QFile file(temp.path());
            QVERIFY(file.open(QIODevice::WriteOnly));
            QCOMPARE(file.write(content), content.size());
        }
        const QByteArray before = tests::sha256Of(temp.path());

        for (const auto mode : { Connection::Mode::OpenExisting, Connection::Mode::CreateIfMissing }) {
            auto prepared = core::store::prepareWorkspace(temp.location(), mode);
            QCOMPARE(codeOf(prepared), core::nameOf(ErrorCode::NotAWorkspace));
            QVERIFY(prepared.error().message.contains(QFileInfo(temp.path()).fileName()));
        }
        QCOMPARE(tests::sha256Of(temp.path()), before);
        QCOMPARE(QDir(temp.dir()).entryList(QDir::Files), QStringList { QStringLiteral("test.switchboard") });
    }

    void someoneElsesDatabaseIsRefusedUntouched()
    {
        tests::TemporaryWorkspace temp;
        QVERIFY(createForeignDatabase(temp.path()));
        const QByteArray before = tests::sha256Of(temp.path());

        for (const auto mode : { Connection::Mode::OpenExisting, Connection::Mode::CreateIfMissing }) {
            auto prepared = core::store::prepareWorkspace(temp.location(), mode);
            QCOMPARE(codeOf(prepared), core::nameOf(ErrorCode::NotAWorkspace));
        }
        QCOMPARE(tests::sha256Of(temp.path()), before);
    }

    void damagedPagesGiveStoreCorrupt_data()
    {
        QTest::addColumn<bool>("fromMiddle");
        QTest::newRow("pages 2 and 3") << false;
        QTest::newRow("middle of the calls") << true;
    }

    void damagedPagesGiveStoreCorrupt()
    {
        QFETCH(bool, fromMiddle);
        tests::TemporaryWorkspace temp;
        QVERIFY_OK(core::store::prepareWorkspace(temp.location(),
                                                   Connection::Mode::CreateIfMissing));
        {
            auto connection = Connection::open(temp.location());
            QVERIFY_OK(connection);
            core::store::CallRepository calls(**connection);
            std::vector<core::CallRecord> batch;
            const qint64 start = 1'700'000'000'000;
            for (int i = 0; i < 3000; ++i)
                batch.push_back(tests::fullCall(core::callIdAt(start + i), start + i, i));
            QVERIFY_OK(calls.insert(batch));
        }
        // Closing the last connection checkpoints the log into the file: the damage below is
        // not healed by a log replay.
        QVERIFY(!QFile::exists(temp.path() + QLatin1String("-wal")));
        const qint64 size = QFileInfo(temp.path()).size();
        QVERIFY(size > 64 * 4096);
        const qint64 offset = fromMiddle ? size / 2 / 4096 * 4096 : 4096;
        QVERIFY(tests::overwriteWithGarbage(temp.path(), offset, 8192));

        // Read everything a console reads when it opens a workspace and shows its requests.
        const auto readAll = [&]() -> core::Result<qint64> {
            auto prepared = core::store::prepareWorkspace(temp.location());
            if (!prepared)
                return std::unexpected(prepared.error());
            auto connection = Connection::open(temp.location());
            if (!connection)
                return std::unexpected(connection.error());
            core::store::CallRepository calls(**connection);
            auto count = calls.count();
            if (!count)
                return count;
            qint64 seen = 0;
            std::optional<core::store::CallRepository::Cursor> cursor;
            for (;;) {
                auto page = calls.page(250, cursor);
                if (!page)
                    return std::unexpected(page.error());
                for (const core::CallRecord &call : *page) {
                    if (auto found = calls.find(call.id); !found)
                        return std::unexpected(found.error());
                }
                seen += qint64(page->size());
                if (page->size() < 250)
                    break;
                cursor = core::store::CallRepository::Cursor { page->back().startedMs,
                                                               page->back().id };
            }
            return seen;
        };
        const auto read = readAll();
        QVERIFY2(!read, qPrintable(QStringLiteral("read %1 calls from a damaged file without an error")
                                       .arg(read.value_or(-1))));
        QCOMPARE(codeOf(read), core::nameOf(ErrorCode::StoreCorrupt));
        QVERIFY(read.error().message.contains(QFileInfo(temp.path()).fileName()));
    }

    void damagedPageIsNotAShortPage()
    {
        // A damaged page met after the first row of a read must fail the read: a page that
        // merely comes back short looks like the end of the request log.
        tests::TemporaryWorkspace temp;
        constexpr int kCalls = 3000;
        QVERIFY_OK(core::store::prepareWorkspace(temp.location(),
                                                 Connection::Mode::CreateIfMissing));
        {
            auto connection = Connection::open(temp.location());
            QVERIFY_OK(connection);
            std::vector<core::CallRecord> batch;
            const qint64 start = 1'700'000'000'000;
            for (int i = 0; i < kCalls; ++i)
                batch.push_back(tests::fullCall(core::callIdAt(start + i), start + i, i));
            QVERIFY_OK(core::store::CallRepository(**connection).insert(batch));
        }
        QVERIFY(!QFile::exists(temp.path() + QLatin1String("-wal")));
        const qint64 size = QFileInfo(temp.path()).size();

        QStringList shortPages;
        int refused = 0;
        for (int eighth = 1; eighth < 8; ++eighth) {
            const QString copy = temp.path(QStringLiteral("damaged-%1.switchboard").arg(eighth));
            QVERIFY(QFile::copy(temp.path(), copy));
            const qint64 offset = size * eighth / 8 / 4096 * 4096;
            QVERIFY(tests::overwriteWithGarbage(copy, offset, 4096, quint32(eighth)));
            auto connection = Connection::open(core::store::WorkspaceLocation::sqliteFile(copy));
            if (!connection) {
                QCOMPARE(codeOf(connection), core::nameOf(ErrorCode::StoreCorrupt));
                ++refused;
                continue;
            }
            auto page = core::store::CallRepository(**connection).page(kCalls + 1);
            if (!page) {
                QCOMPARE(codeOf(page), core::nameOf(ErrorCode::StoreCorrupt));
                ++refused;
            } else if (int(page->size()) != kCalls) {
                shortPages << QStringLiteral("page at offset %1: %2 of %3 calls, no error")
                                  .arg(offset)
                                  .arg(page->size())
                                  .arg(kCalls);
            }
        }
        QVERIFY2(shortPages.isEmpty(), qPrintable(shortPages.join(u'\n')));
        // Some of the damage is met: otherwise this test would prove nothing.
        QVERIFY(refused + shortPages.size() > 0);
    }

    void anotherStoresMigrationIsOnlyRecorded()
    {
        tests::TemporaryWorkspace temp;
        const Migration tables { 1, QStringLiteral("tables"), QStringLiteral("CREATE TABLE a (x INTEGER);\n"), {}, {} };
        const Migration elsewhere { 2, QStringLiteral("postgresql only"), QStringLiteral("CREATE TABLE nope (;\n"),
                                    core::store::SqlDialect::Kind::PostgreSql, {} };
        const Migration after { 3, QStringLiteral("after"), QStringLiteral("INSERT INTO a VALUES (3);\n"), {}, {} };
        auto connection = Connection::open(temp.location(), Connection::Mode::CreateIfMissing);
        QVERIFY_OK(connection);
        auto migrated = Migrator({ tables, elsewhere, after }).migrate(**connection);
        QVERIFY_OK(migrated);
        QCOMPARE(*migrated, 3);
        QVERIFY(!existingObjects(**connection, QStringLiteral("table")).contains(QStringLiteral("nope")));
        auto rows = (*connection)->exec(QStringLiteral("SELECT COUNT(*) FROM a"));
        QVERIFY_OK(rows);
        QVERIFY(rows->next());
        QCOMPARE(rows->value(0).toInt(), 1);
    }

    void failedMigrationIsRolledBack()
    {
        tests::TemporaryWorkspace temp;
        const Migration first { 1, QStringLiteral("first"),
                                QStringLiteral("CREATE TABLE kept (x INTEGER);\n"
                                               "INSERT INTO kept VALUES (1);\n"), {}, {} };
        const Migration broken { 2, QStringLiteral("broken"),
                                 QStringLiteral("CREATE TABLE added (y INTEGER);\n"
                                                "INSERT INTO kept VALUES (2);\n"
                                                "CREATE TABLE oops (;\n"), {}, {} };
        auto connection = Connection::open(temp.location(), Connection::Mode::CreateIfMissing);
        QVERIFY_OK(connection);

        const Migrator migrator({ broken, first }); // given out of order on purpose
        QCOMPARE(migrator.latestVersion(), 2);
        auto migrated = migrator.migrate(**connection);
        QVERIFY(!migrated);
        QVERIFY2(migrated.error().message.contains(QLatin1String("broken")),
                 qPrintable(migrated.error().message));

        auto version = migrator.currentVersion(**connection);
        QVERIFY_OK(version);
        QCOMPARE(*version, 1);
        const QStringList tables = existingObjects(**connection, QStringLiteral("table"));
        QVERIFY(tables.contains(QStringLiteral("kept")));
        QVERIFY(!tables.contains(QStringLiteral("added")));
        auto kept = (*connection)->exec(QStringLiteral("SELECT group_concat(x) FROM kept"));
        QVERIFY_OK(kept);
        QVERIFY(kept->next());
        QCOMPARE(kept->value(0).toString(), QStringLiteral("1"));

        // The connection is usable afterwards, and a corrected migration applies from there.
        const Migration fixed { 2, QStringLiteral("fixed"),
                                QStringLiteral("CREATE TABLE added (y INTEGER);\n"), {}, {} };
        auto retried = Migrator({ first, fixed }).migrate(**connection);
        QVERIFY_OK(retried);
        QCOMPARE(*retried, 2);
        QVERIFY(existingObjects(**connection, QStringLiteral("table")).contains(QStringLiteral("added")));
    }

    void minuteRollupsMoveToCellsAtEveryGrain()
    {
        // A workspace as the previous version left it: two minutes of one hour, with failures.
        tests::TemporaryWorkspace temp;
        auto connection = Connection::open(temp.location(), Connection::Mode::CreateIfMissing);
        QVERIFY_OK(connection);
        std::vector<Migration> before = Migrator::builtIn();
        before.resize(4);
        QVERIFY_OK(Migrator(before).migrate(**connection));
        const qint64 hour = 1'790'000'000'000 - 1'790'000'000'000 % 3'600'000;
        core::analytics::LogHistogram first;
        core::analytics::LogHistogram second;
        for (qint64 v : { 120'000, 130'000, 900'000 })
            first.add(v);
        second.add(2'000'000, 2);
        const auto insert = [&](qint64 minute, qint64 calls, qint64 cost, const core::analytics::LogHistogram &latency) {
            return (*connection)->exec(QStringLiteral("INSERT INTO rollups VALUES (?, 'sim', 'm-1', 'support', 'acme', "
                                                      "'gateway', ?, 1, 0, 10, 20, 0, ?, ?, ?)"),
                                       { minute, calls, cost, latency.serialize(), QByteArray("") });
        };
        QVERIFY_OK(insert(hour, 3, 300, first));
        QVERIFY_OK(insert(hour + 60'000, 2, 500, second));
        QVERIFY_OK((*connection)->exec(QStringLiteral("INSERT INTO rollup_failures VALUES (?, 'sim', 'm-1', 'support', "
                                                      "'acme', 'gateway', 'timeout', 1)"),
                                       { hour + 60'000 }));

        auto migrated = Migrator().migrate(**connection);
        QVERIFY_OK(migrated);
        QCOMPARE(*migrated, Migrator().latestVersion());
        const QStringList tables = existingObjects(**connection, QStringLiteral("table"));
        QVERIFY(!tables.contains(QStringLiteral("rollups")));
        QVERIFY(!tables.contains(QStringLiteral("rollup_failures")));

        core::analytics::LogHistogram both = first;
        both.merge(second);
        // Hours and days become cells; minutes, hours and days slices.
        for (const auto &[grain, rows] : { std::pair { 60'000, 0 }, { 3'600'000, 1 }, { 86'400'000, 1 } }) {
            auto cells = (*connection)->exec(QStringLiteral("SELECT COUNT(*), SUM(calls), SUM(cost_micros), MIN(prompt), "
                                                            "MAX(latency_hist) FROM rollup_cells WHERE grain_ms = ?"),
                                             { grain });
            QVERIFY_OK(cells);
            QVERIFY(cells->next());
            QCOMPARE(cells->value(0).toInt(), rows);
            if (rows == 0)
                continue;
            QCOMPARE(cells->value(1).toLongLong(), 5);
            QCOMPARE(cells->value(2).toLongLong(), 800);
            QCOMPARE(cells->value(3).toString(), QString());
            // The hour and the day hold both minutes' histograms.
            QCOMPARE(core::analytics::LogHistogram::deserialize(cells->value(4).toByteArray()), both);
            auto failures = (*connection)->exec(QStringLiteral("SELECT SUM(count) FROM rollup_cell_failures WHERE "
                                                               "grain_ms = ? AND category = 'timeout'"),
                                                { grain });
            QVERIFY_OK(failures);
            QVERIFY(failures->next());
            QCOMPARE(failures->value(0).toLongLong(), 1);
        }
        for (const qint64 grain : { 60'000, 3'600'000, 86'400'000 }) {
            for (const char *dimension : { "", "feature" }) {
                auto slice = (*connection)->exec(QStringLiteral("SELECT SUM(calls), SUM(cost_micros), COUNT(*) FROM rollup_slices "
                                                                "WHERE grain_ms = ? AND dimension = ?"),
                                                 { grain, QString::fromLatin1(dimension) });
                QVERIFY_OK(slice);
                QVERIFY(slice->next());
                QCOMPARE(slice->value(0).toLongLong(), 5);
                QCOMPARE(slice->value(1).toLongLong(), 800);
                QCOMPARE(slice->value(2).toLongLong(), grain == 60'000 ? 2 : 1);
            }
            auto failures = (*connection)->exec(QStringLiteral("SELECT SUM(count) FROM rollup_slice_failures WHERE "
                                                               "grain_ms = ? AND dimension = '' AND category = 'timeout'"),
                                                { grain });
            QVERIFY_OK(failures);
            QVERIFY(failures->next());
            QCOMPARE(failures->value(0).toLongLong(), 1);
        }
        // Minutes are not sliced by tenant.
        auto tenants = (*connection)->exec(QStringLiteral("SELECT COUNT(*) FROM rollup_slices WHERE grain_ms = 60000 AND dimension = 'tenant'"));
        QVERIFY_OK(tenants);
        QVERIFY(tenants->next());
        QCOMPARE(tenants->value(0).toInt(), 0);
    }

    void openExistingDoesNotCreate()
    {
        tests::TemporaryWorkspace temp;
        const QString path = temp.path(QStringLiteral("missing/folder/gone.switchboard"));
        const auto location = core::store::WorkspaceLocation::sqliteFile(path);

        auto connection = Connection::open(location, Connection::Mode::OpenExisting);
        QCOMPARE(codeOf(connection), core::nameOf(ErrorCode::NotFound));
        auto prepared = core::store::prepareWorkspace(location);
        QCOMPARE(codeOf(prepared), core::nameOf(ErrorCode::NotFound));
        QVERIFY(prepared.error().message.contains(QLatin1String("gone.switchboard")));

        QVERIFY(!QFile::exists(path));
        QVERIFY(!QFileInfo::exists(temp.path(QStringLiteral("missing"))));
    }

    void connectionUsesWalAndForeignKeys()
    {
        tests::TemporaryWorkspace temp;
        QVERIFY_OK(core::store::prepareWorkspace(temp.location(),
                                                   Connection::Mode::CreateIfMissing));
        auto connection = Connection::open(temp.location());
        QVERIFY_OK(connection);

        auto journal = (*connection)->exec(QStringLiteral("PRAGMA journal_mode"));
        QVERIFY_OK(journal);
        QVERIFY(journal->next());
        QCOMPARE(journal->value(0).toString().toLower(), QStringLiteral("wal"));

        auto keys = (*connection)->exec(QStringLiteral("PRAGMA foreign_keys"));
        QVERIFY_OK(keys);
        QVERIFY(keys->next());
        QCOMPARE(keys->value(0).toInt(), 1);

        // And the constraint is enforced: a model of a provider that does not exist is refused.
        auto orphan = (*connection)->exec(
            QStringLiteral("INSERT INTO models (provider_id, name, created_ms) VALUES (999, 'x', 0)"));
        QCOMPARE(codeOf(orphan), core::nameOf(ErrorCode::Conflict));
    }

    void newWorkspaceUsesEightKilobytePages()
    {
        // Three 2 KB call payloads share a page, where 4 KB pages hold one each: the recorder
        // writes a third less.
        tests::TemporaryWorkspace temp;
        QVERIFY_OK(core::store::prepareWorkspace(temp.location(),
                                                   Connection::Mode::CreateIfMissing));
        auto connection = Connection::open(temp.location());
        QVERIFY_OK(connection);
        auto size = (*connection)->exec(QStringLiteral("PRAGMA page_size"));
        QVERIFY_OK(size);
        QVERIFY(size->next());
        QCOMPARE(size->value(0).toInt(), 8192);
    }
};

QTEST_GUILESS_MAIN(TestMigrations)
#include "tst_migrations.moc"
