#include "store/walcheckpointer.h"

#include "store/connection.h"

#include <QDebug>

#include <sqlite3.h>

#include <algorithm>
#include <future>

namespace switchboard::core::store {

Result<std::unique_ptr<WalCheckpointer>> WalCheckpointer::start(const WorkspaceLocation &location)
{
    std::unique_ptr<WalCheckpointer> checkpointer(new WalCheckpointer);
    std::promise<Result<void>> opened;
    auto openedFuture = opened.get_future();
    checkpointer->m_thread = std::thread([raw = checkpointer.get(), location, &opened] { raw->run(location, opened); });
    if (Result<void> result = openedFuture.get(); !result) {
        checkpointer->m_thread.join();
        return std::unexpected(result.error());
    }
    return checkpointer;
}

WalCheckpointer::~WalCheckpointer()
{
    if (m_writer) // back to SQLite's own automatic checkpoints
        sqlite3_wal_autocheckpoint(m_writer, kCheckpointFrames);
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable())
        m_thread.join();
}

void WalCheckpointer::attach(sqlite3 *writer)
{
    m_writer = writer;
    int pageSize = 4096;
    sqlite3_stmt *statement = nullptr;
    if (sqlite3_prepare_v2(writer, "PRAGMA page_size", -1, &statement, nullptr) == SQLITE_OK
        && sqlite3_step(statement) == SQLITE_ROW)
        pageSize = std::max(512, sqlite3_column_int(statement, 0));
    sqlite3_finalize(statement);
    m_writerCheckpointFrames = static_cast<int>(kWriterCheckpointBytes / pageSize);
    sqlite3_wal_hook(writer, &WalCheckpointer::walHook, this); // replaces the automatic checkpoint
    // Once the log restarts, give back the disk space a busy spell made it take.
    const QByteArray limit = "PRAGMA journal_size_limit = " + QByteArray::number(kWriterCheckpointBytes);
    sqlite3_exec(writer, limit.constData(), nullptr, nullptr, nullptr);
}

int WalCheckpointer::walHook(void *self, sqlite3 *db, const char *name, int frames)
{
    auto *checkpointer = static_cast<WalCheckpointer *>(self);
    if (frames >= checkpointer->m_writerCheckpointFrames) {
        // The thread is far behind: let it finish, then copy the rest here, as SQLite would.
        checkpointer->waitUntilIdle();
        sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    } else if (frames >= kCheckpointFrames) {
        checkpointer->logGrew();
    }
    return SQLITE_OK;
}

void WalCheckpointer::waitUntilIdle()
{
    std::unique_lock lock(m_mutex);
    m_idle.wait(lock, [this] { return !m_running; });
}

void WalCheckpointer::logGrew()
{
    {
        std::lock_guard lock(m_mutex);
        if (m_due)
            return;
        m_due = true;
    }
    m_wake.notify_one();
}

void WalCheckpointer::run(const WorkspaceLocation &location, std::promise<Result<void>> &opened)
{
    auto connection = Connection::open(location, Connection::Mode::OpenExisting);
    if (!connection) {
        opened.set_value(std::unexpected(connection.error()));
        return;
    }
    sqlite3 *db = (*connection)->sqliteHandle();
    if (!db) {
        opened.set_value(fail(ErrorCode::Unsupported, QStringLiteral("Only SQLite workspaces have a write-ahead log.")));
        return;
    }
    opened.set_value({});
    for (;;) {
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return m_due || m_stopping; });
            if (m_stopping)
                return;
            m_due = false;
            m_running = true;
        }
        // SQLITE_BUSY only means another checkpoint is running: the next commit asks again.
        const int result = sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
        {
            std::lock_guard lock(m_mutex);
            m_running = false;
        }
        m_idle.notify_all();
        if (result != SQLITE_OK && result != SQLITE_BUSY)
            qWarning().noquote() << QStringLiteral("Checkpoint of %1 failed: %2; the write-ahead log keeps growing "
                                                   "until one succeeds. Check the disk's free space.")
                                        .arg(location.displayName(), QString::fromUtf8(sqlite3_errstr(result)));
    }
}

} // namespace switchboard::core::store
