#pragma once

#include "analytics/overview.h"

#include <QTabWidget>

class QTableWidget;

namespace switchboard::ui {

// The features, tenants and models that cost the most in the range, with calls, cost, cost
// per call and share of the total. Double-clicking a row asks for its calls.
class CostRankingView final : public QTabWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CostRankingView)

public:
    enum Dimension { Features, Tenants, Models };

    explicit CostRankingView(QWidget *parent = nullptr);

    void setReport(const core::analytics::OverviewReport &report);
    QTableWidget *table(Dimension dimension) const;

Q_SIGNALS:
    void rowActivated(CostRankingView::Dimension dimension, const QString &name);

private:
    std::vector<QTableWidget *> m_tables;
};

} // namespace switchboard::ui
