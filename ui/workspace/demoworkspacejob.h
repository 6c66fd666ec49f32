#pragma once

#include "demo/demobuilder.h"
#include "store/workspacelocation.h"

#include <QObject>
#include <QThread>

namespace switchboard::ui {

// Builds a demo workspace for the console on a worker thread of its own, so the window stays
// responsive; reports each stage and the calls made, and can be cancelled (the calls made so
// far stay in the workspace).
class DemoWorkspaceJob final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DemoWorkspaceJob)

public:
    DemoWorkspaceJob(core::store::WorkspaceLocation location, core::demo::DemoBuilder::Options options,
                     QObject *parent = nullptr);
    // Cancels a build still running and waits for it to stop.
    ~DemoWorkspaceJob() override;

    void start();
    void cancel();
    const core::store::WorkspaceLocation &location() const { return m_location; }

Q_SIGNALS:
    void stage(const QString &description);
    void progress(qint64 done, qint64 total);
    void finished(const switchboard::core::demo::DemoResult &result);

private:
    core::store::WorkspaceLocation m_location;
    QThread m_thread;
    core::demo::DemoBuilder *m_builder;
};

} // namespace switchboard::ui
