#include "requests/requestspage.h"

#include "store/workspace.h"

#include <QLocale>

namespace switchboard::ui {

RequestsPage::RequestsPage(QWidget *parent)
    : Page({ QStringLiteral("requests"), tr("Requests"),
            tr("Every recorded call: find it, see why it went where it went, replay it."),
            QStringLiteral(":/switchboard/icons/pages/requests.svg") },
           parent)
{
    clearWorkspace();
}

void RequestsPage::setWorkspace(const core::store::WorkspaceSummary &summary)
{
    m_calls = summary.calls;
    Page::setWorkspace(summary);
}

EmptyState::Content RequestsPage::emptyContent() const
{
    if (m_calls > 0)
        return { description().iconPath, tr("%1 calls recorded").arg(QLocale().toString(m_calls)),
                 tr("This workspace's request log holds %1 calls, each with its attempts, payloads, time to "
                    "first token, tokens, cost and failure category. Browsing, filtering and replaying them "
                    "arrive with the request log view; until then the <b>Overview</b> shows their totals and "
                    "<code>switchboard-cli stats</code> prints them for scripts.")
                     .arg(QLocale().toString(m_calls)),
                 {} };
    return { description().iconPath, tr("The request log is empty"),
             tr(
               "Every call that passes through Switchboard lands here: who made it, the prompt "
               "version and route it took, each attempt, time to first token, tokens, cost and "
               "failure category.<br><br>From any call you will be able to replay it exactly or with "
               "one thing changed, compare the outputs side by side, and export a reproduction."),
             {} };
}

} // namespace switchboard::ui
