#pragma once

#include "store/workspacelocation.h"

#include <QObject>
#include <QProcess>
#include <QString>

namespace switchboard::core::gateway {

// A local switchboard-gateway run as a child process on a workspace, for the console: it
// starts and stops without blocking, says when it serves (and at which address) or why it
// could not, and is stopped when this object goes.
class GatewayProcess final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GatewayProcess)

public:
    enum class State { Stopped, Starting, Running, Stopping };
    Q_ENUM(State)

    explicit GatewayProcess(QObject *parent = nullptr);
    ~GatewayProcess() override;

    // The gateway program beside this one (as installed, and in the build tree).
    static QString defaultProgram();
    void setProgram(const QString &program) { m_program = program; }

    // listen is host:port, as switchboard-gateway --listen takes it.
    void start(const store::WorkspaceLocation &workspace, const QString &listen);
    void stop();

    State state() const { return m_state; }
    QString baseUrl() const { return m_baseUrl; } // "http://127.0.0.1:8080" while running
    QString workspace() const { return m_workspace; }

Q_SIGNALS:
    void stateChanged(switchboard::core::gateway::GatewayProcess::State state);
    // The gateway could not start, or stopped on its own: what it said, and what to do.
    void failed(const QString &message);

private:
    void readOutput();
    void onFinished(int exitCode, QProcess::ExitStatus status);
    void setState(State state);

    QProcess *m_process;
    QString m_program;
    QString m_workspace;
    QString m_baseUrl;
    QString m_lastLine;
    State m_state = State::Stopped;
    quint64 m_run = 0; // one more at each start
};

} // namespace switchboard::core::gateway
