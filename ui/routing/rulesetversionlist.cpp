#include "routing/rulesetversionlist.h"

#include "common/reasondialog.h"
#include "common/treewidgets.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace switchboard::ui {

using core::store::StoredRuleSet;

RuleSetVersionList::RuleSetVersionList(QWidget *parent)
    : QWidget(parent),
      m_table(makeTable({ tr("Version"), tr("Status"), tr("Rules"), tr("Comment"), tr("Author"), tr("Saved") },
                        QStringLiteral("rule-versions"))),
      m_open(new QPushButton(tr("Open in Editor"))), m_activate(new QPushButton(tr("Activate…")))
{
    m_open->setToolTip(tr("Load the selected version into the editor, to save a new draft from it"));
    m_activate->setObjectName(QStringLiteral("activate"));
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_activate);
    buttons->addStretch(1);
    buttons->addWidget(m_open);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *title = new QLabel(tr("<b>Versions</b> — saved versions never change; activating one retires the one before"));
    title->setWordWrap(true);
    layout->addWidget(title);
    layout->addWidget(m_table, 1);
    layout->addLayout(buttons);

    connect(m_table, &QTreeWidget::currentItemChanged, this, &RuleSetVersionList::updateButtons);
    connect(m_table, &QTreeWidget::itemDoubleClicked, this, [this] {
        if (const auto *version = selected())
            Q_EMIT openRequested(version->version);
    });
    connect(m_open, &QPushButton::clicked, this, [this] {
        if (const auto *version = selected())
            Q_EMIT openRequested(version->version);
    });
    connect(m_activate, &QPushButton::clicked, this, &RuleSetVersionList::askToActivate);
    updateButtons();
}

void RuleSetVersionList::setVersions(const std::vector<StoredRuleSet> &versions)
{
    const qint64 wanted = selected() ? selected()->version : 0;
    m_versions = versions;
    m_table->clear();
    for (const StoredRuleSet &stored : versions) {
        auto *item = new QTreeWidgetItem({ QStringLiteral("v%1").arg(stored.version), core::store::nameOf(stored.status),
                                           QString::number(stored.rules.rules.size()), stored.comment, stored.author,
                                           shortTime(stored.createdMs) });
        item->setData(0, Qt::UserRole, stored.version);
        if (stored.status == StoredRuleSet::Status::Active) {
            QFont bold = item->font(0);
            bold.setBold(true);
            for (int column = 0; column < item->columnCount(); ++column)
                item->setFont(column, bold);
            item->setToolTip(1, tr("Live since %1").arg(shortTime(stored.activatedMs.value_or(stored.createdMs))));
        }
        m_table->addTopLevelItem(item);
    }
    fitColumns(m_table);
    select(wanted > 0 ? wanted : (versions.empty() ? 0 : versions.front().version));
    updateButtons();
}

const StoredRuleSet *RuleSetVersionList::selected() const
{
    const QTreeWidgetItem *item = m_table->currentItem();
    if (!item)
        return nullptr;
    const qint64 number = item->data(0, Qt::UserRole).toLongLong();
    for (const StoredRuleSet &stored : m_versions) {
        if (stored.version == number)
            return &stored;
    }
    return nullptr;
}

void RuleSetVersionList::select(qint64 version)
{
    for (int row = 0; row < m_table->topLevelItemCount(); ++row) {
        if (m_table->topLevelItem(row)->data(0, Qt::UserRole).toLongLong() == version) {
            m_table->setCurrentItem(m_table->topLevelItem(row));
            return;
        }
    }
}

std::optional<qint64> RuleSetVersionList::activeVersion() const
{
    for (const StoredRuleSet &stored : m_versions) {
        if (stored.status == StoredRuleSet::Status::Active)
            return stored.version;
    }
    return std::nullopt;
}

void RuleSetVersionList::updateButtons()
{
    const StoredRuleSet *version = selected();
    const auto active = activeVersion();
    m_open->setEnabled(version != nullptr);
    const bool rollback = version && active && version->version < *active;
    m_activate->setText(!version ? tr("Activate…")
                        : rollback ? tr("Roll Back to v%1…").arg(version->version)
                                   : tr("Activate v%1…").arg(version->version));
    m_activate->setEnabled(version && version->status != StoredRuleSet::Status::Active);
    m_activate->setToolTip(!version ? QString()
                           : version->status == StoredRuleSet::Status::Active
                               ? tr("This version is live.")
                               : tr("Make v%1 the live rule set; the gateway picks it up within a second.").arg(version->version));
}

void RuleSetVersionList::askToActivate()
{
    const StoredRuleSet *version = selected();
    if (!version)
        return;
    const qint64 number = version->version;
    const auto active = activeVersion();
    const bool rollback = active && number < *active;
    const QString question = rollback ? tr("Roll the live rules back from v%1 to v%2. Why?").arg(*active).arg(number)
                             : active ? tr("Replace the live v%1 with v%2. Why?").arg(*active).arg(number)
                                      : tr("Make v%1 the live rule set. Why?").arg(number);
    if (const auto reason = askForReason(this, rollback ? tr("Roll back rules") : tr("Activate rules"), question))
        Q_EMIT activateRequested(number, *reason);
}

qint64 RuleSetVersionList::newestVersion() const
{
    qint64 newest = 0;
    for (const core::store::StoredRuleSet &set : m_versions)
        newest = std::max(newest, set.version);
    return newest;
}

} // namespace switchboard::ui
