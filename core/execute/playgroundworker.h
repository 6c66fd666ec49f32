#pragma once

#include "execute/playgroundrunner.h"
#include "execute/workspaceexecutor.h"

#include <QHash>
#include <QPointer>

#include <memory>

namespace switchboard::core::execute {

class CallExecution;

// The playground runner's half on its own thread, running calls on the workspace's executor.
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
    WorkspaceExecutor m_workspace;
    QHash<int, QPointer<CallExecution>> m_running;
};

} // namespace switchboard::core::execute
