#pragma once

#include "store/workspacelocation.h"

#include <QGroupBox>

#include <optional>

class QLabel;
class QLineEdit;
class QPushButton;

namespace switchboard::core::gateway {
class GatewayProcess;
}

namespace switchboard::ui {

// Starts and stops a local switchboard-gateway on the open workspace, without blocking the
// console, and says where it serves and how to point a client at it.
class LocalGatewayPanel final : public QGroupBox
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LocalGatewayPanel)

public:
    explicit LocalGatewayPanel(QWidget *parent = nullptr);
    ~LocalGatewayPanel() override;

    // The gateway keeps serving the workspace it started on until stopped; a new workspace
    // stops it.
    void setWorkspace(const std::optional<core::store::WorkspaceLocation> &location);

    core::gateway::GatewayProcess *process() const { return m_process; }
    QPushButton *toggleButton() const { return m_toggle; }
    QLineEdit *listenEdit() const { return m_listen; }
    QString statusText() const;

private:
    void toggle();
    void showState();

    core::gateway::GatewayProcess *m_process;
    QLineEdit *m_listen;
    QPushButton *m_toggle;
    QLabel *m_status;
    QLabel *m_usage;
    std::optional<core::store::WorkspaceLocation> m_location;
};

} // namespace switchboard::ui
