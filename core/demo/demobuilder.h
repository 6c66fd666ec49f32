#pragma once

#include "demo/demotraffic.h"
#include "evals/evalrun.h"
#include "store/workspacelocation.h"

#include <QElapsedTimer>
#include <QMetaType>
#include <QObject>

#include <memory>

namespace switchboard::core::evals {
class EvalBatch;
}
namespace switchboard::core::execute {
class WorkspaceExecutor;
}
namespace switchboard::core::store {
class Recorder;
}

namespace switchboard::core::demo {

// How building a demo workspace ended; a value, handed from a worker thread to the GUI.
struct DemoResult
{
    bool ok = false;
    bool cancelled = false;
    QString message;   // what went wrong, and what to do about it
    qint64 calls = 0;  // recorded
    qint64 elapsedMs = 0;
};

// Builds the demo workspace from the shipped recipe: creates the workspace (which must be
// new or empty), writes its providers, pins and prompts, then pushes the recipe's week of
// traffic through the executor into the request log, judges the week's alert rules, and makes
// a dataset for each prompt with eval runs on them. Runs on the thread it lives on, which
// needs an event loop; blocking steps (opening, seeding, the final flush) happen there, so
// the console puts it on a worker thread.
class DemoBuilder final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DemoBuilder)

public:
    struct Options
    {
        int calls = 0; // 0: as many as the recipe says
        DemoTraffic::Settings traffic;
    };

    DemoBuilder(store::WorkspaceLocation location, Options options, QObject *parent = nullptr);
    ~DemoBuilder() override;

    // Starts building; finished() follows, once.
    void start();
    // Stops pushing traffic; the calls recorded so far stay. Call it on the builder's thread
    // (queued from elsewhere).
    void cancel();

Q_SIGNALS:
    void stage(const QString &description);
    void progress(qint64 done, qint64 total);
    void finished(const switchboard::core::demo::DemoResult &result);

private:
    Result<void> prepare();
    Result<void> judgeWeek();
    // Datasets for the prompts, then eval runs on them one after another (demo/demoevals).
    Result<void> startEvals();
    void runNextEval();
    void finish(DemoResult result);

    store::WorkspaceLocation m_location;
    Options m_options;
    QElapsedTimer m_elapsed;
    std::unique_ptr<store::Recorder> m_recorder;
    DemoTraffic *m_traffic = nullptr;
    qint64 m_weekStartMs = 0;
    qint64 m_weekEndMs = 0;
    std::unique_ptr<execute::WorkspaceExecutor> m_evalWorkspace;
    std::vector<evals::EvalRunSpec> m_evalRuns;
    evals::EvalBatch *m_evalRun = nullptr;
    DemoResult m_result;
    bool m_cancelled = false;
    bool m_done = false;
};

} // namespace switchboard::core::demo

Q_DECLARE_METATYPE(switchboard::core::demo::DemoResult)
