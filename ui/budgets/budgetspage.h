#pragma once

#include "analytics/budgetstatus.h"
#include "common/noticeline.h"
#include "common/page.h"

class QLabel;
class QTableWidget;
class QTimer;
class QToolButton;

namespace switchboard::ui {

class StoreClient;
class TimeChartView;

// Spending limits per workspace, tenant, feature or gateway key: each budget's spend so far
// this UTC day or month, the thresholds crossed, where the period ends at this pace, and the
// selected budget's burn against its limit. Read on a worker; refreshed every minute.
class BudgetsPage final : public Page
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BudgetsPage)

public:
    explicit BudgetsPage(QWidget *parent = nullptr);

    void setWorkspace(const core::store::WorkspaceSummary &summary) override;
    void clearWorkspace() override;

    QTableWidget *table() const { return m_table; }
    TimeChartView *burnChart() const { return m_burn; }
    NoticeLine *notice() const { return m_notice; }
    const std::vector<core::analytics::BudgetStatus> &statuses() const { return m_statuses; }
    void refresh();
    // Saves a budget as the dialog does; refreshed follows.
    void saveBudget(const core::store::Budget &budget);
    void removeBudget(qint64 id, const QString &reason);

Q_SIGNALS:
    void refreshed();
    void failed(const QString &message);

protected:
    EmptyState::Content emptyContent() const override;

private:
    QWidget *buildContent();
    void showStatuses(const std::vector<core::analytics::BudgetStatus> &statuses);
    void showBurn(int row);
    void askToAdd();
    void askToRemove();
    void showNotice(const QString &text, bool problem);

    StoreClient *m_store;
    QTableWidget *m_table;
    TimeChartView *m_burn;
    QLabel *m_burnTitle;
    NoticeLine *m_notice;
    QToolButton *m_add;
    QToolButton *m_remove;
    QTimer *m_autoRefresh;
    std::vector<core::analytics::BudgetStatus> m_statuses;
};

} // namespace switchboard::ui
