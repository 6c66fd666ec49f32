#pragma once

#include "execute/callspec.h"
#include "model/chatrequest.h"
#include "store/workspacelocation.h"

#include <QObject>
#include <QThread>

namespace switchboard::core::execute {

class PlaygroundWorker;

// One call the playground (or a comparison pane of it) asks for.
struct PlaygroundRun
{
    int slot = 0;        // which pane asked: results come back with it
    ChatRequest request; // rendered from the prompt version
    QString alias;       // a pinned alias, or
    QString provider;    // a provider and
    QString model;       // its model name
    QString promptName;
    int promptVersion = 0;
};

// Runs the playground's calls through the one executor on a thread of its own, with the
// workspace's providers (simulated ones served in-process), keys, prices and pins, and
// records each call in the request log (origin playground). Owned by the GUI; it never
// blocks the thread that owns it.
class PlaygroundRunner final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PlaygroundRunner)

public:
    explicit PlaygroundRunner(store::WorkspaceLocation location, QObject *parent = nullptr);
    ~PlaygroundRunner() override;

    void run(const PlaygroundRun &run);
    void cancel(int slot);

Q_SIGNALS:
    void started(int slot, const QString &provider, const QString &model);
    void delta(int slot, const QString &text);
    void finished(int slot, const switchboard::core::execute::CallOutcome &outcome);
    // The call could not start: unknown alias or provider, no key, the workspace is gone.
    void failed(int slot, const QString &message);

private:
    QThread m_thread;
    PlaygroundWorker *m_worker; // lives on m_thread
};

} // namespace switchboard::core::execute
