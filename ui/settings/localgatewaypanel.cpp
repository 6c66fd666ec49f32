#include "settings/localgatewaypanel.h"

#include "gateway/gatewayprocess.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QSettings>

namespace switchboard::ui {

using core::gateway::GatewayProcess;

namespace {

const QString kListenSetting = QStringLiteral("gateway/listen");

} // namespace

LocalGatewayPanel::LocalGatewayPanel(QWidget *parent)
    : QGroupBox(tr("Local gateway"), parent), m_process(new GatewayProcess(this)), m_listen(new QLineEdit),
      m_toggle(new QPushButton(tr("Start Gateway"))), m_status(new QLabel), m_usage(new QLabel)
{
    m_listen->setObjectName(QStringLiteral("gateway-listen"));
    m_listen->setText(QSettings().value(kListenSetting, QStringLiteral("127.0.0.1:8080")).toString());
    m_listen->setValidator(new QRegularExpressionValidator(
        QRegularExpression(QStringLiteral("^[0-9a-fA-F.:\\[\\]]+:[0-9]{1,5}$")), m_listen));
    m_listen->setToolTip(tr("Address and port, e.g. 127.0.0.1:8080; 0.0.0.0:8080 serves other machines too"));
    m_listen->setMaximumWidth(220);
    m_toggle->setObjectName(QStringLiteral("gateway-toggle"));
    m_status->setObjectName(QStringLiteral("gateway-status"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // Lines broken by hand: a wrapped label in a form asks for more height than it shows.
    m_usage->setWordWrap(false);
    m_usage->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_usage->setStyleSheet(QStringLiteral("color: #6b6b6b"));

    auto *row = new QHBoxLayout;
    row->addWidget(m_listen);
    row->addWidget(m_toggle);
    row->addStretch(1);
    auto *form = new QFormLayout(this);
    form->setLabelAlignment(Qt::AlignRight);
    form->setHorizontalSpacing(16);
    form->setVerticalSpacing(8);
    form->addRow(tr("Listen on"), row);
    form->addRow(tr("Status"), m_status);
    form->addRow(QString(), m_usage);

    connect(m_toggle, &QPushButton::clicked, this, &LocalGatewayPanel::toggle);
    connect(m_process, &GatewayProcess::stateChanged, this, &LocalGatewayPanel::showState);
    connect(m_process, &GatewayProcess::failed, this, [this](const QString &message) {
        showState();
        m_status->setText(QStringLiteral("<span style='color:#b3261e'>%1</span>").arg(message.toHtmlEscaped()));
    });
    showState();
}

LocalGatewayPanel::~LocalGatewayPanel() = default;

void LocalGatewayPanel::setWorkspace(const std::optional<core::store::WorkspaceLocation> &location)
{
    if (m_location != location)
        m_process->stop();
    m_location = location;
    showState();
}

QString LocalGatewayPanel::statusText() const
{
    return m_status->text();
}

void LocalGatewayPanel::toggle()
{
    if (m_process->state() != GatewayProcess::State::Stopped) {
        m_process->stop();
        return;
    }
    if (!m_location || !m_listen->hasAcceptableInput())
        return;
    QSettings().setValue(kListenSetting, m_listen->text());
    m_process->start(*m_location, m_listen->text());
}

void LocalGatewayPanel::showState()
{
    const GatewayProcess::State state = m_process->state();
    m_listen->setEnabled(state == GatewayProcess::State::Stopped);
    m_toggle->setEnabled(m_location.has_value() && state != GatewayProcess::State::Stopping);
    m_toggle->setText(state == GatewayProcess::State::Stopped ? tr("Start Gateway") : tr("Stop Gateway"));
    switch (state) {
    case GatewayProcess::State::Stopped:
        m_status->setText(m_location ? tr("Stopped.") : tr("Open a workspace to serve it."));
        m_usage->setText(tr("Applications call the gateway instead of the provider; it enforces this workspace's pins,<br>"
                            "rules, keys and budgets and records every call. Changes made here reach it within a second."));
        break;
    case GatewayProcess::State::Starting:
        m_status->setText(tr("Starting…"));
        break;
    case GatewayProcess::State::Running:
        m_status->setText(tr("<b>Serving</b> %1 at <code>%2</code>").arg(m_process->workspace().toHtmlEscaped(),
                                                                         m_process->baseUrl().toHtmlEscaped()));
        m_usage->setText(tr("OpenAI SDKs: base URL <code>%1/v1</code> · Anthropic SDKs: base URL <code>%1</code><br>"
                            "API key: a gateway key from the list below · health <code>%1/health</code> · "
                            "metrics <code>%1/metrics</code>")
                             .arg(m_process->baseUrl().toHtmlEscaped()));
        break;
    case GatewayProcess::State::Stopping:
        m_status->setText(tr("Stopping: calls in flight finish and the log is written…"));
        break;
    }
}

} // namespace switchboard::ui
