#include "evals/evalrunner.h"

#include "evals/evalbatch.h"
#include "execute/workspaceexecutor.h"

#include <QHash>

#include <functional>

namespace switchboard::core::evals {

// The runner's half on its thread: the executor and the runs going on it.
class EvalWorker final : public QObject
{
public:
    EvalWorker(store::WorkspaceLocation location, EvalRunner *runner) : m_workspace(std::move(location)), m_runner(runner) { }

    ~EvalWorker() override
    {
        qDeleteAll(m_batches); // stops what still runs, before the executor goes
        m_batches.clear();
    }

    void run(int job, const std::function<void(EvalBatch &)> &begin)
    {
        auto *batch = new EvalBatch(m_workspace);
        m_batches.insert(job, batch);
        // Emitted from this thread; the runner's receivers get them queued on theirs.
        EvalRunner *runner = m_runner;
        connect(batch, &EvalBatch::started, batch, [runner, job](const EvalRun &run) { Q_EMIT runner->started(job, run); });
        connect(batch, &EvalBatch::caseFinished, batch,
                [runner, job](const EvalCaseResult &result) { Q_EMIT runner->caseFinished(job, result); });
        connect(batch, &EvalBatch::progress, batch, [runner, job](int done, int total) { Q_EMIT runner->progress(job, done, total); });
        connect(batch, &EvalBatch::finished, batch, [this, runner, job](const EvalRun &run) {
            m_workspace.flush(); // the run's calls are in the log before anyone is told it ended
            Q_EMIT runner->finished(job, run);
            release(job);
        });
        connect(batch, &EvalBatch::failed, batch, [this, runner, job](const QString &message) {
            Q_EMIT runner->failed(job, message);
            release(job);
        });
        begin(*batch);
    }

    void cancel(int job)
    {
        if (EvalBatch *batch = m_batches.value(job))
            batch->cancel();
    }

private:
    void release(int job)
    {
        if (EvalBatch *batch = m_batches.take(job))
            batch->deleteLater();
    }

    execute::WorkspaceExecutor m_workspace;
    EvalRunner *m_runner;
    QHash<int, EvalBatch *> m_batches;
};

EvalRunner::EvalRunner(store::WorkspaceLocation location, QObject *parent)
    : QObject(parent), m_worker(new EvalWorker(std::move(location), this))
{
    m_thread.setObjectName(QStringLiteral("evals"));
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start();
}

EvalRunner::~EvalRunner()
{
    m_thread.quit();
    m_thread.wait();
}

int EvalRunner::start(const EvalRunSpec &spec)
{
    const int id = m_nextJob++;
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, id, spec] {
        worker->run(id, [spec](EvalBatch &batch) { batch.start(spec); });
    }, Qt::QueuedConnection);
    return id;
}

int EvalRunner::resume(qint64 runId)
{
    const int id = m_nextJob++;
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, id, runId] {
        worker->run(id, [runId](EvalBatch &batch) { batch.resume(runId); });
    }, Qt::QueuedConnection);
    return id;
}

void EvalRunner::cancel(int job)
{
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, job] { worker->cancel(job); }, Qt::QueuedConnection);
}

} // namespace switchboard::core::evals
