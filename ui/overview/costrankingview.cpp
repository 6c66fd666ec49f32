#include "overview/costrankingview.h"

#include "common/tablecells.h"
#include "requests/callformat.h"

#include <QHeaderView>
#include <QLocale>
#include <QTableWidget>

namespace switchboard::ui {
namespace {

constexpr int kShownRows = 10;

} // namespace

CostRankingView::CostRankingView(QWidget *parent) : QTabWidget(parent)
{
    setDocumentMode(true);
    const QStringList names { tr("Features"), tr("Tenants"), tr("Models") };
    for (int d = 0; d < names.size(); ++d) {
        auto *table = new QTableWidget(0, 5, this);
        table->setHorizontalHeaderLabels({ names.at(d).chopped(1), tr("Calls"), tr("Cost"), tr("Per call"), tr("Share") });
        table->verticalHeader()->hide();
        table->setEditTriggers(QAbstractItemView::NoEditTriggers);
        table->setSelectionBehavior(QAbstractItemView::SelectRows);
        table->setSelectionMode(QAbstractItemView::SingleSelection);
        table->setAlternatingRowColors(true);
        table->setShowGrid(false);
        table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
        table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
        table->setToolTip(tr("Double-click a row to open its calls in the request log"));
        connect(table, &QTableWidget::cellDoubleClicked, this, [this, table, d](int row, int) {
            if (QTableWidgetItem *item = table->item(row, 0))
                Q_EMIT rowActivated(static_cast<Dimension>(d), item->data(Qt::UserRole).toString());
        });
        addTab(table, names.at(d));
        m_tables.push_back(table);
    }
}

void CostRankingView::setReport(const core::analytics::OverviewReport &report)
{
    const std::vector<core::analytics::CostRank> *ranks[] = { &report.topFeatures, &report.topTenants, &report.topModels };
    const QLocale locale;
    for (std::size_t d = 0; d < m_tables.size(); ++d) {
        QTableWidget *table = m_tables[d];
        const auto &rows = *ranks[d];
        table->setRowCount(int(std::min<std::size_t>(rows.size(), kShownRows)));
        for (int r = 0; r < table->rowCount(); ++r) {
            const auto &rank = rows[std::size_t(r)];
            auto *name = tableCell(rank.name, false);
            name->setData(Qt::UserRole, rank.name == QLatin1String("(none)") ? QString() : rank.name);
            table->setItem(r, 0, name);
            table->setItem(r, 1, tableCell(locale.toString(rank.calls), true));
            table->setItem(r, 2, tableCell(usd(rank.costMicros), true));
            table->setItem(r, 3, tableCell(usd(rank.costPerCallMicros()), true));
            const double share = report.current.costMicros > 0 ? 100.0 * double(rank.costMicros) / double(report.current.costMicros) : 0;
            table->setItem(r, 4, tableCell(locale.toString(share, 'f', 1) + QStringLiteral(" %"), true));
        }
    }
}

QTableWidget *CostRankingView::table(Dimension dimension) const
{
    return m_tables.at(std::size_t(dimension));
}

} // namespace switchboard::ui
