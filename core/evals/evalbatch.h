#pragma once

#include "evals/assertion.h"
#include "evals/dataset.h"
#include "evals/evalrun.h"
#include "model/chatrequest.h"
#include "prompts/promptcontent.h"

#include <QObject>
#include <QPointer>

#include <deque>
#include <map>
#include <memory>
#include <vector>

namespace switchboard::core::execute {
class CallExecution;
class WorkspaceExecutor;
struct CallOutcome;
struct Target;
}

namespace switchboard::core::evals {

// Runs one eval run on the workspace's executor: each dataset item (of the version the run
// names) asked `repeats` times of the prompt version; a case starts only while fewer than
// `concurrency` calls, judge calls included, are in flight. Each case is checked against the item's assertions as it finishes
// and written to the store at once, so a cancelled run keeps its cases and resume() asks only
// the rest. Every call is logged with origin eval and tagged "eval" and "eval-run:<id>" (a
// judge's also "eval-judge", its parent the graded call), so dashboards leave them out.
// Lives on the executor's thread.
class EvalBatch final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EvalBatch)

public:
    explicit EvalBatch(execute::WorkspaceExecutor &workspace, QObject *parent = nullptr);
    ~EvalBatch() override;

    // A new run.
    void start(const EvalRunSpec &spec);
    // Continues a cancelled or interrupted run with the cases it has not done, on the same
    // dataset version, prompt version and model.
    void resume(qint64 runId);
    // Cases not started are left for resume(); running calls end as cancelled and their cases
    // are not kept. finished() follows with the run cancelled.
    void cancel();

Q_SIGNALS:
    void started(const switchboard::core::evals::EvalRun &run);
    void caseFinished(const switchboard::core::evals::EvalCaseResult &result);
    void progress(int done, int total);
    void finished(const switchboard::core::evals::EvalRun &run);
    void failed(const QString &message);

private:
    struct Case
    {
        std::size_t item = 0; // into m_items
        int repeat = 0;
    };
    struct Pending // a case whose answer waits for its rubric verdicts
    {
        EvalCaseResult result;
        int judgesLeft = 0;
    };

    Result<void> prepare(EvalRun run, bool resuming);
    void begin();
    void startMore();
    void startCase(const Case &next);
    void onAnswered(const Case &done, const execute::CallOutcome &outcome);
    void startJudge(qint64 pendingKey, std::size_t verdictIndex, const Assertion &rubric, const QString &question);
    void complete(EvalCaseResult result);
    void end(EvalRunStatus status, const QString &message);
    execute::CallExecution *track(execute::CallExecution *execution);
    Result<execute::Target> judgeTarget(const QString &name);

    execute::WorkspaceExecutor &m_workspace;
    EvalRun m_run;
    prompts::PromptContent m_version;
    std::unique_ptr<execute::Target> m_target;
    std::map<QString, execute::Target> m_judges;
    std::vector<DatasetItem> m_items;
    std::vector<std::vector<Assertion>> m_assertions;
    std::vector<ChatRequest> m_requests; // per item; empty model when it cannot be asked
    std::vector<QString> m_requestProblems;
    std::deque<Case> m_queue;
    std::map<qint64, Pending> m_pending;
    qint64 m_nextPending = 1;
    int m_done = 0;
    bool m_cancelled = false;
    bool m_ended = false;
    std::vector<QPointer<execute::CallExecution>> m_running;
};

} // namespace switchboard::core::evals
