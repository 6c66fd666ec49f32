#pragma once

#include "replay/replaybatch.h"
#include "store/workspacelocation.h"

#include <QObject>
#include <QThread>

namespace switchboard::core::replay {

class ReplayWorker;

// Runs replays for the console on a thread of its own, on the workspace's executor, and
// reports each job's plan, runs, progress and summary by job id. Owned by the GUI; it never
// blocks the thread that owns it.
class ReplayRunner final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReplayRunner)

public:
    explicit ReplayRunner(store::WorkspaceLocation location, QObject *parent = nullptr);
    ~ReplayRunner() override;

    // Returns the job's id, which every signal about it carries.
    int start(const ReplayJob &job);
    void cancel(int job);

Q_SIGNALS:
    void planned(int job, const switchboard::core::replay::ReplayPlan &plan,
                 const switchboard::core::store::RecordedCall &source);
    void replayed(int job, const switchboard::core::replay::ReplayResult &result);
    void progress(int job, int done, int total);
    void finished(int job, const switchboard::core::replay::ReplaySummary &summary, bool cancelled);
    void failed(int job, const QString &message);

private:
    QThread m_thread;
    ReplayWorker *m_worker; // lives on m_thread
    int m_nextJob = 1;
};

} // namespace switchboard::core::replay
