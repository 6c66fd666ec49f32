#include "overview/overviewpage.h"

#include "overview/overviewtotals.h"
#include "store/workspace.h"

#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

namespace switchboard::ui {

OverviewPage::OverviewPage(QWidget *parent)
    : Page({ QStringLiteral("overview"), tr("Overview"),
            tr("Latency, time to first token, cost and failures across all traffic."),
            QStringLiteral(":/switchboard/icons/pages/overview.svg") },
           parent)
    , m_totals(new OverviewTotals)
{
    setContentWidget(m_totals);
    clearWorkspace();
}

void OverviewPage::setWorkspace(const core::store::WorkspaceSummary &summary)
{
    const quint64 generation = ++m_generation;
    if (summary.calls == 0) {
        Page::setWorkspace(summary);
        return;
    }
    using Totals = core::Result<core::analytics::WorkspaceTotals>;
    auto *watcher = new QFutureWatcher<Totals>(this);
    connect(watcher, &QFutureWatcher<Totals>::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        if (generation != m_generation)
            return; // another workspace opened meanwhile
        const Totals totals = watcher->result();
        if (!totals) {
            showEmptyState({ description().iconPath, tr("The totals could not be read"), totals.error().message.toHtmlEscaped(), {} });
            return;
        }
        m_totals->setTotals(*totals);
        showContent();
        Q_EMIT totalsShown();
    });
    const core::store::WorkspaceLocation location = summary.location;
    watcher->setFuture(QtConcurrent::run([location] { return core::analytics::readTotals(location); }));
}

void OverviewPage::clearWorkspace()
{
    ++m_generation;
    Page::clearWorkspace();
}

EmptyState::Content OverviewPage::emptyContent() const
{
    return { description().iconPath, tr("No traffic recorded yet"),
             tr(
               "The Overview will chart latency percentiles and time to first token, cost by "
               "feature, model and tenant, error rates and failure categories over time, with the "
               "change against the previous period.<br><br>It fills as soon as calls are recorded in "
               "this workspace: by the gateway, the playground, replays or eval runs. To see it with "
               "data now, build a demo workspace with <b>File &gt; New Demo Workspace</b>."),
             {} };
}

} // namespace switchboard::ui
