#include "alerts/alertlistview.h"

#include "common/tablecells.h"
#include "common/tablestyle.h"
#include "requests/callformat.h"

#include <QHeaderView>
#include <QTableWidget>
#include <QTextBrowser>

#include <algorithm>

namespace switchboard::ui {
namespace {

using core::store::Alert;

QColor stateColor(const Alert &alert)
{
    return !alert.isOpen() ? QColor(0x16a34a) : alert.acknowledgedMs ? QColor(0xd97706) : QColor(0xdc2626);
}

} // namespace

QString alertState(const Alert &alert)
{
    if (!alert.isOpen())
        return QObject::tr("Resolved");
    return alert.acknowledgedMs ? QObject::tr("Acknowledged") : QObject::tr("Firing");
}

AlertListView::AlertListView(QWidget *parent)
    : QSplitter(Qt::Vertical, parent), m_table(new QTableWidget(0, 7)), m_detail(new QTextBrowser)
{
    m_table->setHorizontalHeaderLabels(
        { tr("State"), tr("Rule"), tr("What was seen"), tr("First seen"), tr("Last seen"), tr("Resolved"), tr("Acknowledged") });
    styleTable(m_table);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(2, QHeaderView::Stretch);
    connect(m_table, &QTableWidget::currentCellChanged, this, [this] {
        showSelected();
        Q_EMIT selectionChanged();
    });
    m_detail->setOpenExternalLinks(false);
    m_detail->setFrameShape(QFrame::NoFrame);
    addWidget(m_table);
    addWidget(m_detail);
    setStretchFactor(0, 3);
    setStretchFactor(1, 2);
    showSelected();
}

void AlertListView::setAlerts(std::vector<Alert> alerts)
{
    const Alert *before = selected();
    const qint64 selectedId = before ? before->id : 0;
    m_alerts = std::move(alerts);
    {
        const QSignalBlocker quiet(m_table);
        m_table->setRowCount(int(m_alerts.size()));
        int current = 0;
        for (int r = 0; r < int(m_alerts.size()); ++r) {
            const Alert &a = m_alerts[std::size_t(r)];
            auto *state = tableCell(alertState(a));
            state->setForeground(stateColor(a));
            QFont bold = state->font();
            bold.setBold(a.isOpen());
            state->setFont(bold);
            m_table->setItem(r, 0, state);
            m_table->setItem(r, 1, tableCell(a.ruleName));
            m_table->setItem(r, 2, tableCell(a.summary));
            m_table->item(r, 2)->setToolTip(a.summary);
            m_table->setItem(r, 3, tableCell(callTimeShort(a.firstSeenMs)));
            m_table->setItem(r, 4, tableCell(callTimeShort(a.lastSeenMs)));
            m_table->setItem(r, 5, tableCell(a.resolvedMs ? callTimeShort(*a.resolvedMs) : QString()));
            m_table->setItem(r, 6, tableCell(a.acknowledgedMs ? a.acknowledgedBy : QString()));
            if (a.id == selectedId)
                current = r;
        }
        if (!m_alerts.empty())
            m_table->selectRow(current);
    }
    showSelected();
    Q_EMIT selectionChanged();
}

const Alert *AlertListView::selected() const
{
    const int row = m_table->currentRow();
    return row >= 0 && row < int(m_alerts.size()) ? &m_alerts[std::size_t(row)] : nullptr;
}

bool AlertListView::select(qint64 alertId)
{
    const auto found = std::ranges::find(m_alerts, alertId, &core::store::Alert::id);
    if (found == m_alerts.end())
        return false;
    m_table->selectRow(int(found - m_alerts.begin()));
    return true;
}

void AlertListView::showSelected()
{
    const Alert *a = selected();
    if (!a) {
        m_detail->setHtml(tr("<p style='color: gray'>No alert has been raised yet. Rules are judged every minute while "
                             "the console or a gateway has this workspace open.</p>"));
        return;
    }
    QString html = QStringLiteral("<h3 style='margin-bottom: 4px'>%1 <span style='color: %2'>%3</span></h3><p>%4</p>")
                       .arg(a->ruleName.toHtmlEscaped(), stateColor(*a).name(), alertState(*a), a->summary.toHtmlEscaped());
    QString when = tr("First seen %1, last seen %2").arg(callTime(a->firstSeenMs), callTime(a->lastSeenMs));
    if (a->resolvedMs)
        when += tr(", resolved %1").arg(callTime(*a->resolvedMs));
    if (a->acknowledgedMs)
        when += tr("; acknowledged by %1 at %2").arg(a->acknowledgedBy.toHtmlEscaped(), callTime(*a->acknowledgedMs));
    html += QStringLiteral("<p style='color: gray'>%1.</p>").arg(when);
    html += QStringLiteral("<p><b>%1</b><br>%2</p>")
                .arg(tr("Runbook"), a->runbook.isEmpty() ? tr("<i>The rule has no runbook: change the rule to add one.</i>")
                                                          : a->runbook.toHtmlEscaped().replace(u'\n', QStringLiteral("<br>")));
    if (!a->delivery.isEmpty())
        html += QStringLiteral("<p style='color: gray'>%1 %2</p>").arg(tr("Webhook:"), a->delivery.toHtmlEscaped());
    m_detail->setHtml(html);
}

} // namespace switchboard::ui
