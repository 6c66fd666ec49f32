#pragma once

#include "replay/replayplan.h"
#include "replay/replaysummary.h"

#include <QObject>
#include <QPointer>

#include <vector>

namespace switchboard::core::execute {
class CallExecution;
class WorkspaceExecutor;
struct CallOutcome;
struct Target;
}

namespace switchboard::core::replay {

// Replays of one call: which, what to change, how many times.
struct ReplayJob
{
    QString callId;
    ReplayChange change;
    int runs = 1;
};

inline constexpr int kMaxReplayRuns = 50;
// Replays in flight at once on one provider, unless its settings set "max_concurrency".
inline constexpr int kDefaultReplayConcurrency = 4;

// Runs one job on the workspace's executor: loads the call, plans the replay, and runs it N
// times, a few at a time so as to stay within the provider's rate limit (the executor backs
// off on 429s as for any call). Every replay is a call of its own in the log, origin replay,
// its parent the source call. Lives on the executor's thread.
class ReplayBatch final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReplayBatch)

public:
    explicit ReplayBatch(execute::WorkspaceExecutor &workspace, QObject *parent = nullptr);
    ~ReplayBatch() override;

    // Plans and starts the runs; failed() when the call cannot be replayed as asked.
    void start(const ReplayJob &job);
    // Runs not yet started are dropped; running ones end as cancelled. finished() follows.
    void cancel();

Q_SIGNALS:
    void planned(const switchboard::core::replay::ReplayPlan &plan, const switchboard::core::store::RecordedCall &source);
    void replayed(const switchboard::core::replay::ReplayResult &result);
    void progress(int done, int total);
    void finished(const switchboard::core::replay::ReplaySummary &summary, bool cancelled);
    void failed(const QString &message);

private:
    Result<void> prepare(const ReplayJob &job);
    void startMore();
    void onFinished(int run, const execute::CallOutcome &outcome);

    execute::WorkspaceExecutor &m_workspace;
    ReplayPlan m_plan;
    std::unique_ptr<execute::Target> m_target;
    QString m_sourceOutput;
    int m_runs = 0;
    int m_started = 0;
    int m_concurrency = kDefaultReplayConcurrency;
    bool m_cancelled = false;
    bool m_done = false;
    std::vector<QPointer<execute::CallExecution>> m_running;
    std::vector<ReplayResult> m_results;
};

} // namespace switchboard::core::replay
