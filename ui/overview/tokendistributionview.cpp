#include "overview/tokendistributionview.h"

#include "analytics/overviewcsv.h"
#include "overview/barchartview.h"
#include "overview/chartstyle.h"

#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTableWidget>
#include <QVBoxLayout>

namespace switchboard::ui {
namespace {

constexpr int kOutlierRows = 6;

QString binLabel(qint64 upTo)
{
    return upTo >= 1024 ? QStringLiteral("≤%1k").arg(upTo / 1024) : QStringLiteral("≤%1").arg(upTo);
}

} // namespace

TokenDistributionView::TokenDistributionView(QWidget *parent)
    : QWidget(parent), m_chart(new BarChartView(Qt::Vertical, this)), m_outliers(new QTableWidget(0, 5, this))
{
    m_outliers->setHorizontalHeaderLabels({ tr("Largest calls"), tr("Tokens"), tr("By"), tr("Feature"), tr("Model") });
    m_outliers->verticalHeader()->hide();
    m_outliers->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_outliers->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_outliers->setShowGrid(false);
    m_outliers->setAlternatingRowColors(true);
    m_outliers->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_outliers->horizontalHeader()->setSectionResizeMode(4, QHeaderView::Stretch);
    m_outliers->setToolTip(tr("The calls with the most input or output tokens; double-click one to open it"));
    m_outliers->setMaximumHeight(170);
    connect(m_outliers, &QTableWidget::cellDoubleClicked, this, [this](int row, int) {
        if (QTableWidgetItem *item = m_outliers->item(row, 0))
            Q_EMIT callActivated(item->text());
    });
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_chart, 1);
    layout->addWidget(m_outliers);
}

void TokenDistributionView::setReport(const core::analytics::OverviewReport &report)
{
    const auto bins = core::analytics::tokenBins(report.inputTokensPerCall, report.outputTokensPerCall);
    QStringList categories;
    BarChartView::Set input { tr("Input"), seriesColor(0), {}, {} };
    BarChartView::Set output { tr("Output"), seriesColor(1), {}, {} };
    for (const auto &bin : bins) {
        categories << binLabel(bin.upTo);
        input.values.push_back(double(bin.inputCalls));
        output.values.push_back(double(bin.outputCalls));
    }
    const QLocale locale;
    m_chart->setData(categories, { input, output }, tr("calls"),
                     [locale](double calls) { return tr("%1 calls").arg(locale.toString(qint64(calls))); });

    // The largest by input and by output, interleaved so both show.
    std::vector<const core::analytics::TokenOutlier *> rows;
    std::vector<const core::analytics::TokenOutlier *> byInput;
    std::vector<const core::analytics::TokenOutlier *> byOutput;
    for (const auto &outlier : report.outliers)
        (outlier.input ? byInput : byOutput).push_back(&outlier);
    for (std::size_t i = 0; rows.size() < kOutlierRows && (i < byInput.size() || i < byOutput.size()); ++i) {
        for (const auto *list : { &byInput, &byOutput }) {
            if (i < list->size() && rows.size() < kOutlierRows)
                rows.push_back((*list)[i]);
        }
    }
    m_outliers->setRowCount(int(rows.size()));
    for (int r = 0; r < int(rows.size()); ++r) {
        const auto &o = *rows[std::size_t(r)];
        const QString cells[] = { o.callId, locale.toString(o.tokens), o.input ? tr("input") : tr("output"), o.feature, o.model };
        for (int c = 0; c < 5; ++c) {
            auto *item = new QTableWidgetItem(cells[c]);
            if (c == 1)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_outliers->setItem(r, c, item);
        }
    }
}

} // namespace switchboard::ui
