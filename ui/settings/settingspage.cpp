#include "settings/settingspage.h"

#include "common/messagebanner.h"
#include "common/storeclient.h"
#include "settings/gatewaykeyspanel.h"
#include "settings/localgatewaypanel.h"

#include "model/productinfo.h"
#include "store/migrator.h"
#include "store/workspace.h"

#include <QDateTime>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QShowEvent>
#include <QVBoxLayout>

namespace switchboard::ui {

SettingsPage::SettingsPage(QWidget *parent)
    : Page({ QStringLiteral("settings"), tr("Settings"),
             tr("The open workspace, its local gateway and gateway keys, and where Switchboard keeps its files."),
             QStringLiteral(":/switchboard/icons/pages/settings.svg") },
           parent),
      m_store(new StoreClient(this)), m_gateway(new LocalGatewayPanel), m_keys(new GatewayKeysPanel(m_store)),
      m_banner(new MessageBanner)
{
    m_banner->hide();
    connect(m_keys, &GatewayKeysPanel::failed, m_banner, [this](const QString &message) { m_banner->showError(message); });
    connect(m_keys, &GatewayKeysPanel::listed, m_banner, &QWidget::hide);
    setContentWidget(buildContent());
    clearWorkspace();
}

QLabel *SettingsPage::addValue(QFormLayout *form, const QString &label)
{
    auto *value = new QLabel(this);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    value->setWordWrap(true);
    form->addRow(label, value);
    return value;
}

QWidget *SettingsPage::buildContent()
{
    auto *content = new QWidget(this);

    auto *workspaceBox = new QGroupBox(tr("Workspace"), content);
    auto *workspaceForm = new QFormLayout(workspaceBox);
    workspaceForm->setLabelAlignment(Qt::AlignRight);
    workspaceForm->setHorizontalSpacing(16);
    workspaceForm->setVerticalSpacing(8);
    m_name = addValue(workspaceForm, tr("Name"));
    m_location = addValue(workspaceForm, tr("Location"));
    m_id = addValue(workspaceForm, tr("Workspace id"));
    m_schema = addValue(workspaceForm, tr("Schema version"));
    m_created = addValue(workspaceForm, tr("Created"));
    m_contents = addValue(workspaceForm, tr("Contents"));

    auto *openButton = new QPushButton(tr("Open Workspace…"), workspaceBox);
    auto *newButton = new QPushButton(tr("New Workspace…"), workspaceBox);
    auto *buttons = new QHBoxLayout;
    buttons->setSpacing(8);
    buttons->addWidget(openButton);
    buttons->addWidget(newButton);
    buttons->addStretch();
    workspaceForm->addRow(QString(), buttons);
    connect(openButton, &QPushButton::clicked, this, &SettingsPage::openWorkspaceRequested);
    connect(newButton, &QPushButton::clicked, this, &SettingsPage::newWorkspaceRequested);

    auto *applicationBox = new QGroupBox(tr("Application"), content);
    auto *applicationForm = new QFormLayout(applicationBox);
    applicationForm->setLabelAlignment(Qt::AlignRight);
    applicationForm->setHorizontalSpacing(16);
    applicationForm->setVerticalSpacing(8);
    addValue(applicationForm, tr("Version"))->setText(core::productVersion());
    addValue(applicationForm, tr("Schema supported"))
        ->setText(QString::number(core::store::Migrator().latestVersion()));
    addValue(applicationForm, tr("Default workspace"))
        ->setText(core::store::WorkspaceLocation::defaultLocation().displayName());
    addValue(applicationForm, tr("Settings file"))->setText(QSettings().fileName());

    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(0, 0, 8, 0);
    layout->setSpacing(16);
    layout->addWidget(m_banner);
    layout->addWidget(workspaceBox);
    layout->addWidget(m_gateway);
    layout->addWidget(m_keys, 1);
    layout->addWidget(applicationBox);

    auto *scroll = new QScrollArea(this);
    scroll->setWidget(content);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    return scroll;
}

void SettingsPage::setWorkspace(const core::store::WorkspaceSummary &summary)
{
    const QLocale locale;
    m_name->setText(summary.info.name);
    m_location->setText(summary.location.displayName());
    m_id->setText(summary.info.id);
    m_schema->setText(QString::number(summary.schemaVersion));
    m_created->setText(locale.toString(QDateTime::fromMSecsSinceEpoch(summary.info.createdMs),
                                       QLocale::LongFormat));
    m_contents->setText(tr("%1 providers, %2 prompts")
                            .arg(locale.toString(summary.providers),
                                 locale.toString(summary.prompts)));
    m_store->setLocation(summary.location);
    m_gateway->setWorkspace(summary.location);
    m_keys->refresh();
    showContent();
}

void SettingsPage::showEvent(QShowEvent *event)
{
    Page::showEvent(event);
    // Keys are also made and revoked from the CLI: coming back to the page reads them again.
    if (!event->spontaneous() && m_store->hasWorkspace())
        m_keys->refresh();
}

void SettingsPage::clearWorkspace()
{
    m_store->setLocation(std::nullopt);
    m_gateway->setWorkspace(std::nullopt);
    m_keys->clear();
    m_banner->hide();
    Page::clearWorkspace();
}

EmptyState::Content SettingsPage::emptyContent() const
{
    return {};
}

} // namespace switchboard::ui
