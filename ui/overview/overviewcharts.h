#pragma once

#include "analytics/drilldown.h"
#include "analytics/overview.h"

#include <QWidget>

class QComboBox;

namespace switchboard::ui {

class BarChartView;
class ChartPanel;
class CostRankingView;
class TimeChartView;
class TokenDistributionView;

// The Overview's charts and tables, fed from one report: latency percentiles (or time to
// first token) over time, cost over time stacked by feature, model or tenant, failures over
// time by category, the failure breakdown, tokens per call with the largest calls, and the
// top costs. A click on any of them asks for the calls behind it.
class OverviewCharts final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OverviewCharts)

public:
    explicit OverviewCharts(QWidget *parent = nullptr);

    void setReport(const core::analytics::OverviewReport &report);
    core::analytics::CostSplit costSplit() const;
    void setCostSplit(core::analytics::CostSplit split);
    void setShowTimeToFirstToken(bool ttft);

    const std::vector<ChartPanel *> &panels() const { return m_panels; }
    TimeChartView *latencyChart() const { return m_latency; }
    TimeChartView *costChart() const { return m_cost; }
    TimeChartView *failureChart() const { return m_failuresOverTime; }
    BarChartView *failureBreakdown() const { return m_breakdown; }
    TokenDistributionView *tokens() const { return m_tokens; }
    CostRankingView *ranking() const { return m_ranking; }

protected:
    void resizeEvent(QResizeEvent *event) override;

Q_SIGNALS:
    void drillDown(const core::analytics::DrillDown &drill);
    void callActivated(const QString &callId);
    void costSplitChanged();

private:
    ChartPanel *addPanel(const QString &title, QWidget *content);
    void arrange(int columns);
    void showLatency();
    void showCost();
    void showFailures();

    core::analytics::OverviewReport m_report;
    TimeChartView *m_latency;
    TimeChartView *m_cost;
    TimeChartView *m_failuresOverTime;
    BarChartView *m_breakdown;
    TokenDistributionView *m_tokens;
    CostRankingView *m_ranking;
    QComboBox *m_latencyKind;
    QComboBox *m_split;
    std::vector<ChartPanel *> m_panels;
    QStringList m_breakdownCategories;
    int m_columns = 0;
};

} // namespace switchboard::ui
