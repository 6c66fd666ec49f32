#pragma once

#include "analytics/overview.h"

#include <QWidget>

class QTableWidget;

namespace switchboard::ui {

class BarChartView;

// Tokens per call, input and output, binned by powers of two, with the largest calls of the
// range listed under the chart. Double-clicking one asks for that call.
class TokenDistributionView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TokenDistributionView)

public:
    explicit TokenDistributionView(QWidget *parent = nullptr);

    void setReport(const core::analytics::OverviewReport &report);
    BarChartView *chart() const { return m_chart; }
    QTableWidget *outliers() const { return m_outliers; }

Q_SIGNALS:
    void callActivated(const QString &callId);

private:
    BarChartView *m_chart;
    QTableWidget *m_outliers;
};

} // namespace switchboard::ui
