#pragma once

#include "model/error.h"
#include "store/encodedcall.h"
#include "store/workspacelocation.h"

#include <QString>

#include <condition_variable>
#include <deque>
#include <future>
#include <memory>
#include <mutex>
#include <span>
#include <thread>
#include <vector>

namespace switchboard::core::store {

// The request log's one writer: callers hand it calls without waiting; a thread of its own,
// with its own connection, writes them in batches, one transaction per batch. A batch
// leaves the queue only after its transaction commits. A batch that keeps failing is
// retried and then written to a dead-letter file beside the workspace, never dropped.
// Destroying the recorder writes everything still queued.
//
// What a crash can lose. If the program dies: the calls queued but not yet committed, at
// most one flush interval (50 ms by default) of calls plus the batch being written; what was
// committed is in the write-ahead log and survives. If the machine loses power: also the
// transactions committed since the log was last synced. With synchronous = NORMAL that
// happens at each checkpoint, which the WalCheckpointer thread starts once the log passes
// 1,000 pages (8 MB with a new workspace's 8 KB pages, about 2,900 calls with 2 KB
// payloads); on a machine too busy for that thread to keep up, at most 64 MB of log (about
// 23,000 such calls), where the writer checkpoints itself. The workspace stays consistent either way: a transaction is there whole or not.
class Recorder final
{
public:
    struct Settings
    {
        int maxBatch = 2'000;
        int flushIntervalMs = 50;
        // Payloads put in the full-text index per idle step (0: leave the index to others).
        int indexStep = 500;
        int writeAttempts = 4;     // before a batch goes to the dead-letter file
        int retryDelayMs = 100;    // doubled after each failed attempt
        QString deadLetterPath;    // default: the workspace path + ".deadletter.jsonl"
        // SQLite's page cache for the writer: more keeps the indexes being appended to in
        // memory at the highest rates; the gateway, which must stay small, takes less.
        int pageCacheMb = 64;
        // Where a call becomes its rows, and a written batch is freed: on the thread that
        // records it (so the writer only binds and steps, for the highest write rates), or on
        // the writer (so a busy caller, such as the gateway's event loop, spends nothing on it).
        bool prepareOnWriter = false;
    };

    struct Stats
    {
        qint64 written = 0;
        qint64 deadLettered = 0;
        qint64 queued = 0;
        qint64 batches = 0;
        qint64 failedWrites = 0;
        QString lastError;
    };

    // Opens the writer's connection on its thread; fails if the workspace cannot be written.
    static Result<std::unique_ptr<Recorder>> start(const WorkspaceLocation &location, Settings settings);
    static Result<std::unique_ptr<Recorder>> start(const WorkspaceLocation &location);
    ~Recorder();

    // Thread-safe and non-blocking: the caller's thread encodes the call's rows, the writer
    // only binds and steps.
    void record(RecordedCall call);
    // Waits until everything recorded before the call is committed or dead-lettered.
    bool flush(int timeoutMs = 30'000);
    Stats stats() const;

private:
    Recorder(WorkspaceLocation location, Settings settings);
    void run(std::promise<Result<void>> &opened);
    void deadLetter(const std::vector<EncodedCall> &batch, const QString &why);
    void takeSpent(std::span<EncodedCall> freed, std::vector<EncodedCall> &emptied);

    WorkspaceLocation m_location;
    Settings m_settings;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::condition_variable m_drained;
    std::deque<EncodedCall> m_queue;
    qint64 m_inFlight = 0; // taken by the writer, not yet committed or dead-lettered
    // Batches done with, freed a few calls at a time by record(), on the thread that made
    // them (freeing them on the writer cost it a fifth of its time, mostly in malloc's
    // cross-thread bookkeeping), and by the writer only when it has nothing to write.
    std::deque<std::vector<EncodedCall>> m_spent;
    std::size_t m_spentFreed = 0; // calls of m_spent.front() already freed
    qint64 m_enqueued = 0;
    qint64 m_done = 0; // written or dead-lettered
    bool m_stopping = false;
    Stats m_stats;
    std::thread m_thread;
};

} // namespace switchboard::core::store
