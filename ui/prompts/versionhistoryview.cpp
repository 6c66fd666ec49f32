#include "prompts/versionhistoryview.h"

#include "common/reasondialog.h"
#include "common/treewidgets.h"

#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace switchboard::ui {

using core::prompts::kProductionLabel;

namespace {

QString side(const std::optional<qint64> &version)
{
    return version ? QStringLiteral("v%1").arg(*version) : QStringLiteral("—");
}

} // namespace

VersionHistoryView::VersionHistoryView(QWidget *parent)
    : QWidget(parent),
      m_versions(makeTable({ tr("Version"), tr("Labels"), tr("Commit message"), tr("Author"), tr("Saved") }, QStringLiteral("versions"))),
      m_timeline(makeTable({ tr("When"), tr("Label"), tr("Move"), tr("Who"), tr("Reason") }, QStringLiteral("timeline"))),
      m_promote(new QPushButton(tr("Promote…"))), m_rollback(new QPushButton(tr("Roll Back…"))),
      m_label(new QPushButton(tr("Label…"))), m_open(new QPushButton(tr("Edit"))), m_compare(new QPushButton(tr("Compare")))
{
    m_promote->setToolTip(tr("Point production at the selected version"));
    m_label->setToolTip(tr("Point staging, or any label, at the selected version"));
    m_open->setToolTip(tr("Open the selected version in the editor, to save a new version from it"));
    m_compare->setToolTip(tr("Compare the selected version with production"));
    m_promote->setObjectName(QStringLiteral("promote"));
    m_rollback->setObjectName(QStringLiteral("rollback"));
    auto *buttons = new QHBoxLayout;
    for (QPushButton *button : { m_promote, m_rollback, m_label })
        buttons->addWidget(button);
    buttons->addStretch(1);
    buttons->addWidget(m_open);
    buttons->addWidget(m_compare);

    auto *timelineTitle = new QLabel(tr("<b>Label timeline</b> — every move, newest first, with who made it and why"));
    auto *lower = new QWidget;
    auto *lowerLayout = new QVBoxLayout(lower);
    lowerLayout->setContentsMargins(0, 6, 0, 0);
    lowerLayout->addWidget(timelineTitle);
    lowerLayout->addWidget(m_timeline);
    auto *split = new QSplitter(Qt::Vertical);
    split->addWidget(m_versions);
    split->addWidget(lower);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(buttons);
    layout->addWidget(split, 1);

    connect(m_versions, &QTreeWidget::currentItemChanged, this, &VersionHistoryView::updateButtons);
    connect(m_versions, &QTreeWidget::itemDoubleClicked, this, [this] { Q_EMIT openRequested(selectedVersion()); });
    connect(m_promote, &QPushButton::clicked, this, [this] {
        askAndMove(QString(kProductionLabel), selectedVersion(),
                   tr("Promote version %1 to production. Why?").arg(selectedVersion()));
    });
    connect(m_rollback, &QPushButton::clicked, this, [this] {
        if (const auto target = rollbackTarget())
            askAndMove(QString(kProductionLabel), *target,
                       tr("Roll production back from v%1 to v%2. Why?").arg(*m_prompt.labelled(QString(kProductionLabel))).arg(*target));
    });
    connect(m_label, &QPushButton::clicked, this, &VersionHistoryView::askForLabel);
    connect(m_open, &QPushButton::clicked, this, [this] { Q_EMIT openRequested(selectedVersion()); });
    connect(m_compare, &QPushButton::clicked, this, [this] {
        if (const auto production = m_prompt.labelled(QString(kProductionLabel)))
            Q_EMIT compareRequested(*production, selectedVersion());
    });
    updateButtons();
}

void VersionHistoryView::setPrompt(const core::prompts::Prompt &prompt)
{
    const qint64 selected = m_prompt.name == prompt.name ? selectedVersion() : 0;
    m_prompt = prompt;
    m_versions->clear();
    for (auto it = prompt.versions.rbegin(); it != prompt.versions.rend(); ++it) {
        QStringList labels;
        for (const auto &label : prompt.labels)
            if (label.version == it->number)
                labels.push_back(label.label);
        auto *item = new QTreeWidgetItem({ QStringLiteral("v%1").arg(it->number), labels.join(QStringLiteral(", ")),
                                           it->commitMessage, it->author, shortTime(it->createdMs) });
        item->setData(0, Qt::UserRole, it->number);
        if (labels.contains(QString(kProductionLabel))) {
            QFont bold = item->font(1);
            bold.setBold(true);
            item->setFont(1, bold);
        }
        m_versions->addTopLevelItem(item);
    }
    m_timeline->clear();
    for (auto it = prompt.history.rbegin(); it != prompt.history.rend(); ++it) {
        const QString move = !it->fromVersion ? tr("set on %1").arg(side(it->toVersion))
                             : !it->toVersion ? tr("removed from %1").arg(side(it->fromVersion))
                                              : QStringLiteral("%1 → %2").arg(side(it->fromVersion), side(it->toVersion));
        m_timeline->addTopLevelItem(new QTreeWidgetItem({ shortTime(it->atMs), it->label, move, it->author, it->reason }));
    }
    fitColumns(m_versions);
    fitColumns(m_timeline);
    selectVersion(selected > 0 ? selected : (prompt.latest() ? prompt.latest()->number : 0));
    updateButtons();
}

void VersionHistoryView::clear()
{
    setPrompt({});
}

qint64 VersionHistoryView::selectedVersion() const
{
    const QTreeWidgetItem *item = m_versions->currentItem();
    return item ? item->data(0, Qt::UserRole).toLongLong() : 0;
}

void VersionHistoryView::selectVersion(qint64 number)
{
    for (int row = 0; row < m_versions->topLevelItemCount(); ++row) {
        if (m_versions->topLevelItem(row)->data(0, Qt::UserRole).toLongLong() == number) {
            m_versions->setCurrentItem(m_versions->topLevelItem(row));
            return;
        }
    }
}

std::optional<qint64> VersionHistoryView::rollbackTarget() const
{
    for (auto it = m_prompt.history.rbegin(); it != m_prompt.history.rend(); ++it)
        if (it->label == kProductionLabel)
            return it->fromVersion;
    return std::nullopt;
}

void VersionHistoryView::updateButtons()
{
    const qint64 selected = selectedVersion();
    const auto production = m_prompt.labelled(QString(kProductionLabel));
    m_promote->setEnabled(selected > 0 && production != selected);
    const auto target = rollbackTarget();
    m_rollback->setEnabled(target.has_value());
    m_rollback->setToolTip(target ? tr("Move production back to v%1, where it was before its last move.").arg(*target)
                                  : tr("Production has not moved yet: there is nothing to roll back to."));
    m_label->setEnabled(selected > 0);
    m_open->setEnabled(selected > 0);
    m_compare->setEnabled(selected > 0 && production.has_value() && production != selected);
}

void VersionHistoryView::askAndMove(const QString &label, std::optional<qint64> version, const QString &question)
{
    if (const auto reason = askForReason(this, tr("Move label \"%1\"").arg(label), question))
        Q_EMIT moveLabelRequested(label, version, *reason);
}

void VersionHistoryView::askForLabel()
{
    QInputDialog dialog(this);
    dialog.setWindowTitle(tr("Set a label on v%1").arg(selectedVersion()));
    dialog.setLabelText(tr("Label (staging, canary, or any lower-case name):"));
    dialog.setComboBoxEditable(true);
    dialog.setComboBoxItems({ QStringLiteral("staging"), QStringLiteral("production") });
    dialog.setObjectName(QStringLiteral("label-dialog"));
    if (dialog.exec() != QDialog::Accepted || dialog.textValue().trimmed().isEmpty())
        return;
    const QString label = dialog.textValue().trimmed();
    askAndMove(label, selectedVersion(), tr("Point \"%1\" at version %2. Why?").arg(label).arg(selectedVersion()));
}

} // namespace switchboard::ui
