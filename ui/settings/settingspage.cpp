#include "settings/settingspage.h"

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
#include <QSettings>
#include <QVBoxLayout>

namespace switchboard::ui {

SettingsPage::SettingsPage(QWidget *parent)
    : Page({ QStringLiteral("settings"), tr("Settings"),
             tr("The open workspace, and where Switchboard keeps its files."),
             QStringLiteral(":/switchboard/icons/pages/settings.svg") },
           parent)
{
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
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(16);
    layout->addWidget(workspaceBox);
    layout->addWidget(applicationBox);
    layout->addStretch();
    return content;
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
    showContent();
}

EmptyState::Content SettingsPage::emptyContent() const
{
    return {};
}

} // namespace switchboard::ui
