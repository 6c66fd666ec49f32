#pragma once

#include "analytics/whatif.h"
#include "model/error.h"

namespace switchboard::core::store {
class Connection;
}

namespace switchboard::core::analytics {

// Which logged calls a what-if replays: gateway calls since a time, optionally of one
// tenant, feature or model asked for.
struct WhatIfWindow
{
    qint64 sinceMs = 0;
    QString tenant;
    QString feature;
    QString alias;
    int limit = 5000; // the newest calls, at most
};

// Reads the sample and what resolving and pricing its targets takes, and runs the draft
// rules over it. Blocking: for a worker thread.
Result<WhatIfReport> whatIfOverLog(store::Connection &connection, const routing::RuleSet &rules,
                                   const WhatIfWindow &window, qint64 nowMs);

} // namespace switchboard::core::analytics
