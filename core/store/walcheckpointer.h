#pragma once

#include "model/error.h"
#include "store/workspacelocation.h"

#include <QtGlobal>

#include <condition_variable>
#include <future>
#include <memory>
#include <mutex>
#include <thread>

struct sqlite3;

namespace switchboard::core::store {

// Copies a workspace's write-ahead log back into the database on a thread and connection of
// its own, so that the writer it is attached to never waits for a checkpoint (SQLite would
// otherwise run one inside the COMMIT that grows the log past 1,000 pages, on the writer's
// thread: a quarter of the recorder's time). Checkpoints are PASSIVE: they never block the
// writer or readers. They still sync the log first and the database after (synchronous =
// NORMAL), so what a power cut can lose is unchanged. If the thread falls far behind (a busy
// machine), the writer waits for it and then checkpoints itself, as SQLite would, which
// bounds the log at about 64 MB plus one transaction.
class WalCheckpointer final
{
    Q_DISABLE_COPY_MOVE(WalCheckpointer)

public:
    static constexpr int kCheckpointFrames = 1'000; // pages: SQLite's own automatic checkpoint
    static constexpr qint64 kWriterCheckpointBytes = 64 * 1024 * 1024; // of log

    static Result<std::unique_ptr<WalCheckpointer>> start(const WorkspaceLocation &location);
    // Stops the thread after any checkpoint under way; detaches from the writer first.
    ~WalCheckpointer();

    // Takes over automatic checkpoints from the writer's connection (call on the writer's
    // thread; undone by the destructor, which must run there too).
    void attach(sqlite3 *writer);

private:
    WalCheckpointer() = default;
    void run(const WorkspaceLocation &location, std::promise<Result<void>> &opened);
    void logGrew();
    void waitUntilIdle();
    static int walHook(void *self, sqlite3 *db, const char *name, int frames);

    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::condition_variable m_idle;
    bool m_due = false;
    bool m_running = false;
    bool m_stopping = false;
    sqlite3 *m_writer = nullptr;
    int m_writerCheckpointFrames = 0; // kWriterCheckpointBytes in the writer's pages
    std::thread m_thread;
};

} // namespace switchboard::core::store
