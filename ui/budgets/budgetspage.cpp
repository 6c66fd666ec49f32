#include "budgets/budgetspage.h"

namespace switchboard::ui {

BudgetsPage::BudgetsPage(QWidget *parent)
    : Page({ QStringLiteral("budgets"), tr("Budgets"),
            tr("Spending limits per workspace, tenant, feature or gateway key, with alerts."),
            QStringLiteral(":/switchboard/icons/pages/budgets.svg") },
           parent)
{
    clearWorkspace();
}

EmptyState::Content BudgetsPage::emptyContent() const
{
    return { description().iconPath, tr("No budgets set"),
             tr(
               "A budget caps spend per day or month for the whole workspace, a tenant, a feature or "
               "a gateway key, and raises alerts at the thresholds you choose (for example 50, 80 "
               "and 100 %).<br><br>The gateway refuses calls past a hard limit, and this page shows "
               "burn against each budget with a projection to the end of the period."),
             {} };
}

} // namespace switchboard::ui
