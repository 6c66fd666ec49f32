#pragma once

#include "analytics/workspacetotals.h"

#include <QWidget>

class QGridLayout;
class QLabel;
class QTableWidget;

namespace switchboard::ui {

// The workspace's totals at a glance: calls, cost, failures and tokens, then the same per
// model and calls per failure category.
class OverviewTotals final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OverviewTotals)

public:
    explicit OverviewTotals(QWidget *parent = nullptr);

    void setTotals(const core::analytics::WorkspaceTotals &totals);

private:
    QLabel *addTile(QGridLayout *grid, int column, const QString &caption);

    QLabel *m_calls;
    QLabel *m_cost;
    QLabel *m_failed;
    QLabel *m_tokens;
    QTableWidget *m_models;
    QTableWidget *m_failures;
};

} // namespace switchboard::ui
