#pragma once

#include "execute/callspec.h"
#include "execute/clock.h"
#include "model/error.h"
#include "store/workspacelocation.h"

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

// The one executor as the console and the CLI run it on a workspace: its providers
// (simulated ones served in-process), keys, prices and pins, and a recorder that logs every
// call it starts. Opened on first use, on the thread that uses it (opening the workspace and
// the keychain may wait, so never on the GUI thread).
class WorkspaceExecutor final
{
    Q_DISABLE_COPY_MOVE(WorkspaceExecutor)

public:
    // `speed` above 1 runs simulated providers that many times faster on a clock that keeps
    // recorded latencies at their real-world sizes, as the demo workspace's traffic does;
    // real providers are not affected but their latencies are recorded scaled, so only the
    // demo uses it.
    explicit WorkspaceExecutor(store::WorkspaceLocation location, double speed = 1.0);
    ~WorkspaceExecutor();

    // Opens the workspace, the keychain and the recorder; once.
    Result<void> prepare();
    // A pinned alias, or a provider and its model name, as the executor must reach it.
    Result<Target> targetForAlias(const QString &alias);
    Result<Target> targetForModel(const QString &provider, const QString &model);
    // Either: a pinned alias, else "provider/model".
    Result<Target> targetForName(const QString &name);
    // Starts a call; its outcome is recorded when it finishes. prepare() must have succeeded.
    CallExecution *start(CallSpec spec);
    // Waits until every recorded call is written.
    void flush();

    store::Connection &connection() { return *m_connection; }
    const store::WorkspaceLocation &location() const { return m_location; }

private:
    Result<Target> reachable(Result<Target> target);

    store::WorkspaceLocation m_location;
    double m_speed;
    std::unique_ptr<Clock> m_clock;
    SystemRandom m_random;
    std::unique_ptr<store::Connection> m_connection;
    std::unique_ptr<providers::sim::SimulationHost> m_simulations;
    std::unique_ptr<store::Recorder> m_recorder;
    std::unique_ptr<Executor> m_executor;
};

} // namespace switchboard::core::execute
