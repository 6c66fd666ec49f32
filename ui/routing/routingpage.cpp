#include "routing/routingpage.h"

namespace switchboard::ui {

RoutingPage::RoutingPage(QWidget *parent)
    : Page({ QStringLiteral("routing"), tr("Routing"),
            tr("Ordered, versioned rules that decide where each call goes."),
            QStringLiteral(":/switchboard/icons/pages/routing.svg") },
           parent)
{
    clearWorkspace();
}

EmptyState::Content RoutingPage::emptyContent() const
{
    return { description().iconPath, tr("No routing rules yet"),
             tr(
               "A rule set is an ordered list of rules. Each matches on caller attributes (feature, "
               "tenant, gateway key, prompt, estimated input tokens) and yields a plan: target "
               "alias, canary split, fallback chain, shadow target, timeout and cache "
               "policy.<br><br>Until a rule set is active, every call goes to the alias it names."),
             {} };
}

} // namespace switchboard::ui
