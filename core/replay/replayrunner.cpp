#include "replay/replayrunner.h"

#include "execute/workspaceexecutor.h"

#include <QHash>

namespace switchboard::core::replay {

// The runner's half on its thread: the executor and the batches running on it.
class ReplayWorker final : public QObject
{
public:
    ReplayWorker(store::WorkspaceLocation location, ReplayRunner *runner)
        : m_workspace(std::move(location)), m_runner(runner) { }

    ~ReplayWorker() override
    {
        qDeleteAll(m_batches); // cancels what still runs, before the executor goes
        m_batches.clear();
    }

    void start(int job, const ReplayJob &request)
    {
        auto *batch = new ReplayBatch(m_workspace);
        m_batches.insert(job, batch);
        // Emitted from this thread; the runner's receivers get them queued on theirs.
        ReplayRunner *runner = m_runner;
        connect(batch, &ReplayBatch::planned, batch, [runner, job](const ReplayPlan &plan, const store::RecordedCall &source) {
            Q_EMIT runner->planned(job, plan, source);
        });
        connect(batch, &ReplayBatch::replayed, batch,
                [runner, job](const ReplayResult &result) { Q_EMIT runner->replayed(job, result); });
        connect(batch, &ReplayBatch::progress, batch,
                [runner, job](int done, int total) { Q_EMIT runner->progress(job, done, total); });
        connect(batch, &ReplayBatch::finished, batch, [this, runner, job](const ReplaySummary &summary, bool cancelled) {
            m_workspace.flush(); // the replays are in the log before anyone is told they ended
            Q_EMIT runner->finished(job, summary, cancelled);
            release(job);
        });
        connect(batch, &ReplayBatch::failed, batch, [this, runner, job](const QString &message) {
            Q_EMIT runner->failed(job, message);
            release(job);
        });
        batch->start(request);
    }

    void cancel(int job)
    {
        if (ReplayBatch *batch = m_batches.value(job))
            batch->cancel();
    }

private:
    void release(int job)
    {
        if (ReplayBatch *batch = m_batches.take(job))
            batch->deleteLater();
    }

    execute::WorkspaceExecutor m_workspace;
    ReplayRunner *m_runner;
    QHash<int, ReplayBatch *> m_batches;
};

ReplayRunner::ReplayRunner(store::WorkspaceLocation location, QObject *parent)
    : QObject(parent), m_worker(new ReplayWorker(std::move(location), this))
{
    m_thread.setObjectName(QStringLiteral("replay"));
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start();
}

ReplayRunner::~ReplayRunner()
{
    m_thread.quit();
    m_thread.wait();
}

int ReplayRunner::start(const ReplayJob &job)
{
    const int id = m_nextJob++;
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, id, job] { worker->start(id, job); }, Qt::QueuedConnection);
    return id;
}

void ReplayRunner::cancel(int job)
{
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, job] { worker->cancel(job); }, Qt::QueuedConnection);
}

} // namespace switchboard::core::replay
