#include "gateway/gatewayprocess.h"

#include "store/workspaceargument.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTimer>

namespace switchboard::core::gateway {

namespace {

constexpr int kStopGraceMs = 5000; // calls in flight finish and the recorder flushes
const QString kProgramName = QStringLiteral("switchboard-gateway");

} // namespace

GatewayProcess::GatewayProcess(QObject *parent) : QObject(parent), m_process(new QProcess(this)), m_program(defaultProgram())
{
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    connect(m_process, &QProcess::readyRead, this, &GatewayProcess::readOutput);
    connect(m_process, &QProcess::finished, this, &GatewayProcess::onFinished);
    connect(m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error != QProcess::FailedToStart)
            return;
        setState(State::Stopped);
        Q_EMIT failed(tr("%1 could not be started (%2). Build or install it beside the console, or run it yourself: "
                         "switchboard-gateway --workspace W --listen 127.0.0.1:8080.")
                          .arg(m_program, m_process->errorString()));
    });
}

GatewayProcess::~GatewayProcess()
{
    if (m_process->state() == QProcess::NotRunning)
        return;
    // The console is closing: give the gateway a moment to finish and flush its log.
    m_process->disconnect(this);
    m_process->terminate();
    if (!m_process->waitForFinished(kStopGraceMs))
        m_process->kill();
}

QString GatewayProcess::defaultProgram()
{
    const QString beside = QDir(QCoreApplication::applicationDirPath()).filePath(kProgramName);
    if (QFileInfo(beside).isExecutable())
        return beside;
    const QString onPath = QStandardPaths::findExecutable(kProgramName);
    return onPath.isEmpty() ? beside : onPath;
}

void GatewayProcess::start(const store::WorkspaceLocation &workspace, const QString &listen)
{
    if (m_state != State::Stopped)
        return;
    ++m_run;
    m_workspace = workspace.displayName();
    m_baseUrl.clear();
    m_lastLine.clear();
    setState(State::Starting);
    // Through the environment, not the command line: a PostgreSQL URL may hold a password.
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QLatin1String(store::kWorkspaceVariable), workspace.target());
    m_process->setProcessEnvironment(environment);
    m_process->start(m_program, { QStringLiteral("--listen"), listen });
}

void GatewayProcess::stop()
{
    if (m_state != State::Running && m_state != State::Starting)
        return;
    setState(State::Stopping);
    m_process->terminate();
    // Killed if it has not finished by then; not a gateway started again since.
    QTimer::singleShot(kStopGraceMs, this, [this, run = m_run] {
        if (run == m_run && m_process->state() != QProcess::NotRunning)
            m_process->kill();
    });
}

void GatewayProcess::readOutput()
{
    static const QRegularExpression serving(QStringLiteral(" on (http://\\S+) \\("));
    while (m_process->canReadLine()) {
        const QString line = QString::fromUtf8(m_process->readLine()).trimmed();
        if (line.isEmpty())
            continue;
        m_lastLine = line;
        if (const auto match = serving.match(line); match.hasMatch() && m_state == State::Starting) {
            m_baseUrl = match.captured(1);
            setState(State::Running);
        }
    }
}

void GatewayProcess::onFinished(int exitCode, QProcess::ExitStatus status)
{
    readOutput();
    const State was = m_state;
    m_baseUrl.clear();
    setState(State::Stopped);
    if (was == State::Stopping)
        return;
    QString said = m_lastLine;
    said.remove(QRegularExpression(QStringLiteral("^switchboard-gateway: ")));
    Q_EMIT failed(status == QProcess::CrashExit ? tr("The gateway stopped unexpectedly. %1").arg(said)
                  : was == State::Starting      ? tr("The gateway did not start: %1").arg(said)
                                                : tr("The gateway stopped (exit code %1): %2").arg(exitCode).arg(said));
}

void GatewayProcess::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

} // namespace switchboard::core::gateway
