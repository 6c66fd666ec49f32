#pragma once

#include "common/page.h"
#include "store/workspacelocation.h"

namespace switchboard::ui {

class OverviewTotals;

// Traffic across the workspace. For now its totals (read from the rollups off the GUI
// thread); the charts over time come with the dashboards.
class OverviewPage final : public Page
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OverviewPage)

public:
    explicit OverviewPage(QWidget *parent = nullptr);

    void setWorkspace(const core::store::WorkspaceSummary &summary) override;
    void clearWorkspace() override;

Q_SIGNALS:
    void totalsShown();

protected:
    EmptyState::Content emptyContent() const override;

private:
    OverviewTotals *m_totals;
    quint64 m_generation = 0;
};

} // namespace switchboard::ui
