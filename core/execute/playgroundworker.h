#pragma once

#include "execute/clock.h"
#include "execute/playgroundrunner.h"

#include <QHash>
#include <QPointer>

#include <memory>

namespace switchboard::core::providers::sim {
class SimulationHost;
}
namespace switchboard::core::store {
class Connection;
class Recorder;
}

namespace switchboard::core::execute {

class CallExecution;
class Executor;

// The playground runner's half on its own thread: the executor, the in-process simulations
// and the recorder, made on first use (opening the workspace and the keychain may wait).
class PlaygroundWorker final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PlaygroundWorker)

public:
    explicit PlaygroundWorker(store::WorkspaceLocation location);
    ~PlaygroundWorker() override;

    void run(const PlaygroundRun &run);
    void cancel(int slot);

Q_SIGNALS:
    void started(int slot, const QString &provider, const QString &model);
    void delta(int slot, const QString &text);
    void finished(int slot, const switchboard::core::execute::CallOutcome &outcome);
    void failed(int slot, const QString &message);

private:
    Result<void> prepare();
    Result<Target> targetFor(const PlaygroundRun &run);

    store::WorkspaceLocation m_location;
    SteadyClock m_clock;
    SystemRandom m_random;
    std::unique_ptr<store::Connection> m_connection;
    std::unique_ptr<providers::sim::SimulationHost> m_simulations;
    std::unique_ptr<store::Recorder> m_recorder;
    std::unique_ptr<Executor> m_executor;
    QHash<int, QPointer<CallExecution>> m_running;
};

} // namespace switchboard::core::execute
