#include "overview/overviewpage.h"

namespace switchboard::ui {

OverviewPage::OverviewPage(QWidget *parent)
    : Page({ QStringLiteral("overview"), tr("Overview"),
            tr("Latency, time to first token, cost and failures across all traffic."),
            QStringLiteral(":/switchboard/icons/pages/overview.svg") },
           parent)
{
    clearWorkspace();
}

EmptyState::Content OverviewPage::emptyContent() const
{
    return { description().iconPath, tr("No traffic recorded yet"),
             tr(
               "The Overview will chart latency percentiles and time to first token, cost by "
               "feature, model and tenant, error rates and failure categories over time, with the "
               "change against the previous period.<br><br>It fills as soon as calls are recorded in "
               "this workspace: by the gateway, the playground, replays or eval runs."),
             {} };
}

} // namespace switchboard::ui
