#include "requests/requestspage.h"

namespace switchboard::ui {

RequestsPage::RequestsPage(QWidget *parent)
    : Page({ QStringLiteral("requests"), tr("Requests"),
            tr("Every recorded call: find it, see why it went where it went, replay it."),
            QStringLiteral(":/switchboard/icons/pages/requests.svg") },
           parent)
{
    clearWorkspace();
}

EmptyState::Content RequestsPage::emptyContent() const
{
    return { description().iconPath, tr("The request log is empty"),
             tr(
               "Every call that passes through Switchboard lands here: who made it, the prompt "
               "version and route it took, each attempt, time to first token, tokens, cost and "
               "failure category.<br><br>From any call you will be able to replay it exactly or with "
               "one thing changed, compare the outputs side by side, and export a reproduction."),
             {} };
}

} // namespace switchboard::ui
