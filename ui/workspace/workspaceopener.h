#pragma once

#include "model/error.h"
#include "store/connection.h"
#include "store/workspace.h"

#include <QObject>

namespace switchboard::ui {

// Opens workspaces off the GUI thread. Only the newest request answers: a result that
// arrives after another open was asked for is dropped.
class WorkspaceOpener final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WorkspaceOpener)

public:
    explicit WorkspaceOpener(QObject *parent = nullptr);

    void open(const core::store::WorkspaceLocation &location, core::store::Connection::Mode mode);
    bool isBusy() const { return m_pending > 0; }

Q_SIGNALS:
    void started(const core::store::WorkspaceLocation &location);
    void opened(const core::store::WorkspaceSummary &summary);
    void failed(const core::store::WorkspaceLocation &location, const core::Error &error);

private:
    quint64 m_generation = 0;
    int m_pending = 0;
};

} // namespace switchboard::ui
