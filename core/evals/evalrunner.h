#pragma once

#include "evals/evalrun.h"
#include "store/workspacelocation.h"

#include <QObject>
#include <QThread>

namespace switchboard::core::evals {

class EvalWorker;

// Runs eval runs for the console on a thread of its own, on the workspace's executor, and
// reports each job's run, cases, progress and end by job id. Owned by the GUI; it never blocks
// the thread that owns it. Destroying it stops what runs; those runs can be resumed later.
class EvalRunner final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EvalRunner)

public:
    explicit EvalRunner(store::WorkspaceLocation location, QObject *parent = nullptr);
    ~EvalRunner() override;

    // Each returns the job's id, which every signal about it carries.
    int start(const EvalRunSpec &spec);
    int resume(qint64 runId);
    void cancel(int job);

Q_SIGNALS:
    void started(int job, const switchboard::core::evals::EvalRun &run);
    void caseFinished(int job, const switchboard::core::evals::EvalCaseResult &result);
    void progress(int job, int done, int total);
    void finished(int job, const switchboard::core::evals::EvalRun &run);
    void failed(int job, const QString &message);

private:
    QThread m_thread;
    EvalWorker *m_worker; // lives on m_thread
    int m_nextJob = 1;
};

} // namespace switchboard::core::evals
