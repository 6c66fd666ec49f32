#pragma once

#include "demo/demobuilder.h"
#include "store/workspacelocation.h"

#include <QProgressDialog>

namespace switchboard::ui {

class DemoWorkspaceJob;

// Shows a demo workspace being built: the stage, the calls made out of the plan, and a
// Cancel button that stops the traffic (the calls made so far stay). Starts the build when
// constructed; reports the result once and then closes.
class DemoProgressDialog final : public QProgressDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DemoProgressDialog)

public:
    DemoProgressDialog(const core::store::WorkspaceLocation &location, core::demo::DemoBuilder::Options options,
                       QWidget *parent = nullptr);
    ~DemoProgressDialog() override;

Q_SIGNALS:
    void done(const switchboard::core::store::WorkspaceLocation &location, const switchboard::core::demo::DemoResult &result);

private:
    void updateLabel();

    DemoWorkspaceJob *m_job;
    QString m_stage;
    qint64 m_done = 0;
    qint64 m_total = 0;
};

} // namespace switchboard::ui
