#include "models/pinhistoryview.h"

#include "models/modelformat.h"
#include "routing/snapshotname.h"

#include <QApplication>
#include <QHeaderView>
#include <QLabel>
#include <QStyle>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace switchboard::ui {

PinHistoryView::PinHistoryView(QWidget *parent)
    : QWidget(parent)
    , m_title(new QLabel)
    , m_changes(new QTreeWidget)
{
    m_title->setTextFormat(Qt::RichText);
    m_title->setWordWrap(true);
    m_changes->setObjectName(QStringLiteral("pin-history"));
    m_changes->setHeaderLabels(
        { tr("Version"), tr("Provider / model"), tr("Reason"), tr("Author"), tr("When") });
    m_changes->setRootIsDecorated(false);
    m_changes->setUniformRowHeights(true);
    m_changes->setAlternatingRowColors(true);
    m_changes->setWordWrap(false);
    m_changes->setStyleSheet(QStringLiteral("QTreeView::item { padding: 4px 2px; }"));
    m_changes->header()->setStretchLastSection(false);
    m_changes->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_changes->header()->setSectionResizeMode(2, QHeaderView::Stretch);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_title);
    layout->addWidget(m_changes, 1);
    clear();
}

void PinHistoryView::setHistory(
    const QString &alias, const std::vector<core::store::PinChange> &changes)
{
    m_alias = alias;
    m_title->setText(
        tr("<b>History of %1</b> — every binding, newest first, with who made it and why")
            .arg(alias.toHtmlEscaped()));
    m_changes->clear();
    for (const core::store::PinChange &change : changes) {
        const QString target = change.provider.isEmpty()
            ? change.model
            : change.provider + QStringLiteral(" / ") + change.model;
        auto *item = new QTreeWidgetItem({ QStringLiteral("v%1").arg(change.version), target,
            change.reason, change.author, shortDateTime(change.atMs) });
        item->setToolTip(2, change.reason);
        if (core::routing::isFloatingModelName(change.model)) {
            item->setIcon(1, QApplication::style()->standardIcon(QStyle::SP_MessageBoxWarning));
            item->setToolTip(
                1, tr("A floating name: the provider could change the model behind it."));
        }
        m_changes->addTopLevelItem(item);
    }
}

void PinHistoryView::clear(const QString &message)
{
    m_alias.clear();
    m_title->setText(message.isEmpty()
            ? tr("<b>History</b> — select a pin to see every binding it has had")
            : message);
    m_changes->clear();
}

} // namespace switchboard::ui
