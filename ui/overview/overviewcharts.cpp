#include "overview/overviewcharts.h"

#include "analytics/overviewcsv.h"
#include "model/failurecategory.h"
#include "overview/barchartview.h"
#include "overview/chartpanel.h"
#include "overview/chartstyle.h"
#include "overview/costrankingview.h"
#include "overview/timechartview.h"
#include "overview/tokendistributionview.h"
#include "requests/callformat.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QGridLayout>
#include <QLocale>

#include <cmath>

namespace switchboard::ui {
namespace {

constexpr int kTwoColumnWidth = 1300;

using core::analytics::CostSplit;
using core::analytics::OverviewReport;

std::vector<qint64> bucketsOf(const OverviewReport &report)
{
    std::vector<qint64> buckets;
    buckets.reserve(report.points.size());
    for (const auto &point : report.points)
        buckets.push_back(point.bucketMs);
    return buckets;
}

double msOrNan(std::optional<qint64> micros)
{
    return micros ? double(*micros) / 1000.0 : std::nan("");
}

QString msText(double ms)
{
    return ms >= 1'000 ? QLocale().toString(ms / 1000.0, 'f', 2) + QStringLiteral(" s")
                        : QLocale().toString(ms, 'f', ms < 10 ? 1 : 0) + QStringLiteral(" ms");
}

QString dollarText(double dollars)
{
    return usd(qint64(std::llround(dollars * 1e6)));
}

QString callsText(double calls)
{
    return QCoreApplication::translate("switchboard::ui::OverviewCharts", "%1 calls").arg(QLocale().toString(qint64(calls)));
}

// A failure category as people read it: "rate_limited" -> "Rate limited".
QString categoryLabel(const QString &category)
{
    const auto parsed = core::failureCategoryFromString(category);
    return parsed ? core::displayName(*parsed) : category;
}

} // namespace

OverviewCharts::OverviewCharts(QWidget *parent)
    : QWidget(parent)
    , m_latency(new TimeChartView(TimeChartView::Mode::Lines))
    , m_cost(new TimeChartView(TimeChartView::Mode::StackedAreas))
    , m_failuresOverTime(new TimeChartView(TimeChartView::Mode::StackedAreas))
    , m_breakdown(new BarChartView(Qt::Horizontal))
    , m_tokens(new TokenDistributionView)
    , m_ranking(new CostRankingView)
    , m_latencyKind(new QComboBox)
    , m_split(new QComboBox)
{
    auto *grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setSpacing(10);
    ChartPanel *latency = addPanel(tr("Latency percentiles"), m_latency);
    m_latencyKind->addItems({ tr("Total"), tr("Time to first token") });
    latency->addControl(m_latencyKind);
    latency->setCsv([this] { return core::analytics::overviewcsv::latency(m_report); });
    ChartPanel *cost = addPanel(tr("Cost over time"), m_cost);
    m_split->addItems({ tr("by feature"), tr("by model"), tr("by tenant") });
    cost->addControl(m_split);
    cost->setCsv([this] { return core::analytics::overviewcsv::cost(m_report); });
    addPanel(tr("Failures over time"), m_failuresOverTime)->setCsv([this] {
        return core::analytics::overviewcsv::failuresOverTime(m_report);
    });
    addPanel(tr("Failure categories"), m_breakdown)->setCsv([this] {
        return core::analytics::overviewcsv::failureBreakdown(m_report);
    });
    addPanel(tr("Tokens per call"), m_tokens)->setCsv([this] { return core::analytics::overviewcsv::tokens(m_report); });
    addPanel(tr("Top costs"), m_ranking)->setCsv([this] { return core::analytics::overviewcsv::topByCost(m_report); });
    arrange(1);

    connect(m_latencyKind, &QComboBox::currentIndexChanged, this, &OverviewCharts::showLatency);
    connect(m_split, &QComboBox::currentIndexChanged, this, &OverviewCharts::costSplitChanged);
    connect(m_latency, &TimeChartView::bucketClicked, this, [this](qint64 bucket, const QString &) {
        core::analytics::DrillDown drill;
        drill.bucketMs = bucket;
        Q_EMIT drillDown(drill);
    });
    connect(m_cost, &TimeChartView::bucketClicked, this, [this](qint64 bucket, const QString &series) {
        auto drill = core::analytics::costSeriesDrillDown(costSplit(), series);
        drill.bucketMs = bucket;
        Q_EMIT drillDown(drill);
    });
    connect(m_failuresOverTime, &TimeChartView::bucketClicked, this, [this](qint64 bucket, const QString &series) {
        core::analytics::DrillDown drill;
        drill.bucketMs = bucket;
        drill.failedOnly = true;
        for (const auto &[category, count] : m_report.failures) {
            if (categoryLabel(category) == series)
                drill.failure = core::failureCategoryFromString(category);
        }
        Q_EMIT drillDown(drill);
    });
    connect(m_breakdown, &BarChartView::barClicked, this, [this](int index, const QString &) {
        core::analytics::DrillDown drill;
        drill.failure = core::failureCategoryFromString(m_breakdownCategories.value(index));
        drill.failedOnly = true;
        Q_EMIT drillDown(drill);
    });
    connect(m_ranking, &CostRankingView::rowActivated, this, [this](CostRankingView::Dimension dimension, const QString &name) {
        core::analytics::DrillDown drill;
        (dimension == CostRankingView::Features ? drill.feature
         : dimension == CostRankingView::Tenants ? drill.tenant
                                                 : drill.model) = name;
        Q_EMIT drillDown(drill);
    });
    connect(m_tokens, &TokenDistributionView::callActivated, this, &OverviewCharts::callActivated);
}

ChartPanel *OverviewCharts::addPanel(const QString &title, QWidget *content)
{
    auto *panel = new ChartPanel(title, content, this);
    panel->setMinimumHeight(content == m_tokens ? 420 : 300);
    m_panels.push_back(panel);
    return panel;
}

void OverviewCharts::arrange(int columns)
{
    if (columns == m_columns)
        return;
    m_columns = columns;
    auto *grid = static_cast<QGridLayout *>(layout());
    for (ChartPanel *panel : m_panels)
        grid->removeWidget(panel);
    // Charts over time need the width: in one column where the page is narrow, in pairs where
    // it is wide.
    for (int i = 0; i < int(m_panels.size()); ++i)
        grid->addWidget(m_panels[std::size_t(i)], i / columns, i % columns);
}

void OverviewCharts::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    arrange(width() >= kTwoColumnWidth ? 2 : 1);
}

CostSplit OverviewCharts::costSplit() const
{
    return static_cast<CostSplit>(m_split->currentIndex());
}

void OverviewCharts::setCostSplit(CostSplit split)
{
    m_split->setCurrentIndex(int(split));
}

void OverviewCharts::setShowTimeToFirstToken(bool ttft)
{
    m_latencyKind->setCurrentIndex(ttft ? 1 : 0);
}

void OverviewCharts::setReport(const OverviewReport &report)
{
    m_report = report;
    showLatency();
    showCost();
    showFailures();
    m_tokens->setReport(report);
    m_ranking->setReport(report);
}

void OverviewCharts::showLatency()
{
    const bool ttft = m_latencyKind->currentIndex() == 1;
    std::vector<TimeChartView::Series> series {
        { QStringLiteral("p50"), seriesColor(2), {}, false },
        { QStringLiteral("p95"), seriesColor(1), {}, false },
        { QStringLiteral("p99"), seriesColor(3), {}, true },
    };
    double top = 0;
    for (const auto &point : m_report.points) {
        const auto &p = ttft ? point.ttftUs : point.latencyUs;
        series[0].values.push_back(msOrNan(p.p50));
        series[1].values.push_back(msOrNan(p.p95));
        series[2].values.push_back(msOrNan(p.p99));
        if (p.p99)
            top = std::max(top, double(*p.p99) / 1000.0);
    }
    // Seconds once the slowest calls take several of them: "2.5" reads better than "2500".
    const bool seconds = top > 5000;
    if (seconds) {
        for (auto &s : series)
            std::ranges::transform(s.values, s.values.begin(), [](double ms) { return ms / 1000.0; });
    }
    m_latency->setData(bucketsOf(m_report), m_report.grainMs, std::move(series), seconds ? tr("seconds") : tr("milliseconds"),
                       seconds ? [](double s) { return msText(s * 1000.0); } : std::function<QString(double)>(msText));
}

void OverviewCharts::showCost()
{
    std::vector<TimeChartView::Series> series;
    for (int i = 0; i < m_report.costSeries.size(); ++i) {
        const QString &name = m_report.costSeries.at(i);
        TimeChartView::Series s { name, seriesColor(name == core::analytics::kOtherSeries ? -1 : i), {}, false };
        for (const auto &point : m_report.points) {
            const auto found = point.costMicros.find(name);
            s.values.push_back(found == point.costMicros.end() ? 0.0 : double(found->second) / 1e6);
        }
        series.push_back(std::move(s));
    }
    m_cost->setData(bucketsOf(m_report), m_report.grainMs, std::move(series), tr("US dollars"), dollarText);
}

void OverviewCharts::showFailures()
{
    std::vector<TimeChartView::Series> series;
    BarChartView::Set breakdown { tr("Failed calls"), seriesColor(3), {}, {} };
    QStringList labels;
    m_breakdownCategories.clear();
    // Most frequent first, so the largest band sits at the bottom and the longest bar on top.
    std::vector<std::pair<QString, qint64>> ordered(m_report.failures.begin(), m_report.failures.end());
    std::ranges::stable_sort(ordered, std::greater {}, &std::pair<QString, qint64>::second);
    for (const auto &[category, count] : ordered) {
        TimeChartView::Series s { categoryLabel(category), failureColor(category), {}, false };
        for (const auto &point : m_report.points) {
            const auto found = point.failures.find(category);
            s.values.push_back(found == point.failures.end() ? 0.0 : double(found->second));
        }
        series.push_back(std::move(s));
    }
    // Horizontal bars draw the first category at the bottom: list them smallest first.
    for (auto it = ordered.rbegin(); it != ordered.rend(); ++it) {
        m_breakdownCategories << it->first;
        labels << categoryLabel(it->first);
        breakdown.values.push_back(double(it->second));
        breakdown.colors.push_back(failureColor(it->first));
    }
    m_failuresOverTime->setData(bucketsOf(m_report), m_report.grainMs, std::move(series), tr("failed calls"), callsText);
    m_breakdown->setData(labels, { breakdown }, tr("failed calls"), callsText);
}

} // namespace switchboard::ui
