#pragma once

#include "analytics/overview.h"
#include "common/page.h"
#include "store/alertrepository.h"
#include "store/workspacelocation.h"

class QLabel;
class QTimer;
class QToolButton;

namespace switchboard::ui {

class HeadlineTiles;
class OverviewCharts;
class OverviewControls;
class SloView;
class ChartPanel;
class DriftAlertsView;

// What managers and on-call read: headline figures against the previous period, latency
// percentiles and time to first token, cost by feature, model or tenant, failures and tokens
// over a range, for the workspace's gateway traffic, read from the rollups on a worker thread.
// Any point, bar or row opens the calls behind it on the Requests page. Open drift alerts are
// listed above it all, read with the report.
class OverviewPage final : public Page
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OverviewPage)

public:
    explicit OverviewPage(QWidget *parent = nullptr);

    void setWorkspace(const core::store::WorkspaceSummary &summary) override;
    void clearWorkspace() override;

    OverviewControls *controls() const { return m_controls; }
    HeadlineTiles *tiles() const { return m_tiles; }
    OverviewCharts *charts() const { return m_charts; }
    SloView *slos() const { return m_slos; }
    DriftAlertsView *drift() const { return m_drift; }
    QLabel *notice() const { return m_notice; }
    const core::analytics::OverviewReport &report() const { return m_report; }
    // Reads the range again (the page also does so every minute while it is shown).
    void reload();
    // The Overview as a PDF report, written on a worker; noticeShown follows.
    void exportPdf(const QString &path);

Q_SIGNALS:
    void reportShown();
    // A query string for the Requests page's filter bar, or a call id.
    void requestsWanted(const QString &query);
    // An alert to show on the Alerts page (an open drift alert's link).
    void alertWanted(qint64 alertId);
    void noticeShown(const QString &text);

protected:
    EmptyState::Content emptyContent() const override;

private:
    QWidget *buildContent();
    void showReport(const core::analytics::OverviewReport &report, const core::analytics::TrafficDimensions &dimensions,
                    std::vector<core::store::Alert> drift);
    void showNotice(const QString &text, bool problem);
    void choosePdfFile();

    OverviewControls *m_controls;
    HeadlineTiles *m_tiles;
    OverviewCharts *m_charts;
    SloView *m_slos;
    DriftAlertsView *m_drift;
    ChartPanel *m_sloPanel;
    QLabel *m_notice;
    QLabel *m_range;
    QToolButton *m_refresh;
    QToolButton *m_pdf;
    QTimer *m_autoRefresh;
    core::store::WorkspaceLocation m_location;
    QString m_workspaceName;
    core::analytics::OverviewReport m_report;
    quint64 m_generation = 0;
    bool m_hasWorkspace = false;
};

} // namespace switchboard::ui
