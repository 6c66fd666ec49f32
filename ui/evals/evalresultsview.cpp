#include "evals/evalresultsview.h"

#include "common/tablecells.h"
#include "common/tablestyle.h"

#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QSplitter>
#include <QTableWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace switchboard::ui {

QString caseSummary(const core::evals::EvalCaseResult &result)
{
    if (!result.error.isEmpty())
        return QObject::tr("not answered: %1").arg(result.error);
    QStringList failed;
    for (const auto &verdict : result.verdicts)
        if (!verdict.passed)
            failed << verdict.assertion + QStringLiteral(": ") + verdict.reason;
    if (!failed.isEmpty())
        return failed.join(QStringLiteral("; "));
    return result.verdicts.empty() ? QObject::tr("answered (no assertions)")
                                   : QObject::tr("all %n assertion(s) passed", nullptr, int(result.verdicts.size()));
}

EvalResultsView::EvalResultsView(QWidget *parent)
    : QWidget(parent), m_summary(new QLabel(this)), m_table(new QTableWidget(0, 7, this)), m_detail(new QTextBrowser(this))
{
    m_table->setHorizontalHeaderLabels({ tr("Item"), tr("Try"), tr("Result"), tr("Why"), tr("Latency"), tr("Cost"), tr("Answer") });
    styleTable(m_table);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setColumnWidth(0, 240);
    m_table->setColumnWidth(1, 40);
    m_table->setColumnWidth(2, 60);
    m_table->setColumnWidth(3, 300);
    m_table->setColumnWidth(4, 80);
    m_table->setColumnWidth(5, 90);
    m_detail->setOpenLinks(false);
    connect(m_table, &QTableWidget::currentCellChanged, this, [this](int row) { showCase(row); });
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_table);
    split->addWidget(m_detail);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_summary->setWordWrap(true);
    m_summary->setContentsMargins(2, 4, 2, 4);
    layout->addWidget(m_summary);
    layout->addWidget(split);
}

void EvalResultsView::setResults(const std::vector<core::evals::EvalCaseResult> &results, const std::map<qint64, QString> &labels)
{
    m_results = results;
    const QString byAssertion = core::evals::describe(core::evals::tallyAssertions(results));
    m_summary->setText(byAssertion.isEmpty() ? QString() : tr("By assertion: %1").arg(byAssertion));
    m_summary->setHidden(byAssertion.isEmpty());
    const QSignalBlocker quiet(m_table);
    m_table->setRowCount(int(results.size()));
    const QLocale locale;
    for (int r = 0; r < int(results.size()); ++r) {
        const auto &result = results[std::size_t(r)];
        const auto label = labels.find(result.itemId);
        m_table->setItem(r, 0, tableCell(label != labels.end() ? label->second : tr("item %1").arg(result.itemId)));
        m_table->setItem(r, 1, tableCell(QString::number(result.repeat + 1), true));
        auto *verdict = tableCell(result.passed ? tr("pass") : result.error.isEmpty() ? tr("fail") : tr("error"));
        verdict->setForeground(result.passed ? QColor(0x16, 0xa3, 0x4a) : QColor(0xdc, 0x26, 0x26));
        m_table->setItem(r, 2, verdict);
        m_table->setItem(r, 3, tableCell(caseSummary(result)));
        m_table->setItem(r, 4, tableCell(result.error.isEmpty() ? locale.toString(result.latencyMs) + tr(" ms") : QString(), true));
        m_table->setItem(r, 5, tableCell(QStringLiteral("$%1").arg(double(result.costMicros) / 1e6, 0, 'f', 6), true));
        m_table->setItem(r, 6, tableCell(result.output.simplified().left(200)));
    }
    if (!results.empty())
        m_table->selectRow(0);
    showCase(results.empty() ? -1 : 0);
}

void EvalResultsView::showCase(int row)
{
    if (row < 0 || row >= int(m_results.size())) {
        m_detail->clear();
        return;
    }
    const auto &result = m_results[std::size_t(row)];
    QString html;
    if (!result.error.isEmpty())
        html += tr("<p style='color:#dc2626'>Not answered: %1</p>").arg(result.error.toHtmlEscaped());
    html += QStringLiteral("<table cellspacing='0' cellpadding='3'>");
    for (const auto &verdict : result.verdicts)
        html += QStringLiteral("<tr><td style='color:%1'>%2</td><td><b>%3</b></td><td>%4</td></tr>")
                    .arg(verdict.passed ? QStringLiteral("#16a34a") : QStringLiteral("#dc2626"),
                         verdict.passed ? tr("pass") : tr("fail"), verdict.assertion.toHtmlEscaped(), verdict.reason.toHtmlEscaped());
    html += QStringLiteral("</table>");
    if (!result.callId.isEmpty())
        html += tr("<p>Call <code>%1</code></p>").arg(result.callId);
    html += QStringLiteral("<pre style='white-space: pre-wrap'>%1</pre>").arg(result.output.toHtmlEscaped());
    m_detail->setHtml(html);
}

} // namespace switchboard::ui
