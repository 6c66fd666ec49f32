// The recorder's checkpoints run on a thread of their own: the writer's connection stops
// checkpointing in its COMMITs, the log is still copied back into the database while the
// writer is open, and the log stays bounded.
#include "resultcheck.h"
#include "store/connection.h"
#include "store/walcheckpointer.h"
#include "store/workspace.h"
#include "temporaryworkspace.h"

#include <QFileInfo>
#include <QTest>


using namespace switchboard;
using namespace switchboard::core;
using namespace switchboard::core::store;

namespace {

int autocheckpoint(Connection &connection)
{
    auto query = connection.exec(QStringLiteral("PRAGMA wal_autocheckpoint"));
    return query && query->next() ? query->value(0).toInt() : -1;
}

// One transaction of `megabytes` of 4 KB blobs.
Result<void> writeMegabytes(Connection &connection, int megabytes)
{
    return connection.writeTransaction([&]() -> Result<void> {
        for (int i = 0; i < megabytes * 256; ++i)
            if (auto done = connection.exec(QStringLiteral("INSERT INTO scratch (b) VALUES (zeroblob(4000))")); !done)
                return std::unexpected(done.error());
        return {};
    });
}

} // namespace

class TestWalCheckpointer final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void theLogIsCopiedBackOffTheWritersThread()
    {
        tests::TemporaryWorkspace temp;
        QVERIFY_OK(prepareWorkspace(temp.location(), Connection::Mode::CreateIfMissing));
        auto writer = Connection::open(temp.location());
        QVERIFY_OK(writer);
        QVERIFY_OK((*writer)->exec(QStringLiteral("CREATE TABLE scratch (b BLOB)")));
        QCOMPARE(autocheckpoint(**writer), 1000);
        {
            auto checkpointer = WalCheckpointer::start(temp.location());
            QVERIFY_OK(checkpointer);
            (*checkpointer)->attach((*writer)->sqliteHandle());
            QCOMPARE(autocheckpoint(**writer), 0); // the writer's COMMITs no longer checkpoint

            const qint64 before = QFileInfo(temp.path()).size();
            QVERIFY_OK(writeMegabytes(**writer, 8)); // 2,000 pages: past the 1,000-page mark
            // The thread copies the log into the database while the writer stays open.
            QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(temp.path()).size() > before + 6 * 1024 * 1024, 10000);

            // Many batches later the log has restarted rather than grown without end.
            for (int batch = 0; batch < 12; ++batch)
                QVERIFY_OK(writeMegabytes(**writer, 8));
            // 64 MB of log, the frame headers, and the transaction that crossed the mark.
            const qint64 bound = WalCheckpointer::kWriterCheckpointBytes * 102 / 100 + 9 * 1024 * 1024;
            QVERIFY2(QFileInfo(temp.path(QStringLiteral("test.switchboard-wal"))).size() <= bound,
                     qPrintable(QString::number(QFileInfo(temp.path(QStringLiteral("test.switchboard-wal"))).size())));
        }
        QCOMPARE(autocheckpoint(**writer), 1000); // detached: SQLite's own checkpoints again
    }

    void aLaggingThreadMakesTheWriterCheckpoint()
    {
        // With the thread never getting to run a checkpoint (attached to a connection that
        // commits only huge transactions), the writer's own checkpoint bounds the log.
        tests::TemporaryWorkspace temp;
        QVERIFY_OK(prepareWorkspace(temp.location(), Connection::Mode::CreateIfMissing));
        auto writer = Connection::open(temp.location());
        QVERIFY_OK(writer);
        QVERIFY_OK((*writer)->exec(QStringLiteral("CREATE TABLE scratch (b BLOB)")));
        auto checkpointer = WalCheckpointer::start(temp.location());
        QVERIFY_OK(checkpointer);
        (*checkpointer)->attach((*writer)->sqliteHandle());
        QVERIFY_OK(writeMegabytes(**writer, 70)); // one commit past the writer's own mark
        // The hook ran the writer's checkpoint before COMMIT returned: all of it is copied.
        QVERIFY(QFileInfo(temp.path()).size() > 70 * 1024 * 1024);
    }
};

QTEST_GUILESS_MAIN(TestWalCheckpointer)
#include "tst_walcheckpointer.moc"
