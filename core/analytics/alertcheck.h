#pragma once

#include "analytics/alertrule.h"
#include "model/error.h"

#include <vector>

namespace switchboard::core::store {
class Connection;
}

namespace switchboard::core::analytics {

// A change of an alert that its rule's webhook should hear of.
struct AlertNotice
{
    AlertRule rule;
    AlertChange change;
};

struct AlertCheck
{
    int judged = 0;                   // rules judged by this program this time
    int changed = 0;                  // alerts opened, escalated or resolved
    std::vector<AlertNotice> notices; // of those, the ones with a webhook to call
};

// The gateway traffic a rule watches (all, a feature or a model) in the slices of a grain
// whose buckets start in [fromMs, toMs).
Result<WindowTraffic> readWindowTraffic(store::Connection &connection, const AlertRule &rule, qint64 grainMs, qint64 fromMs,
                                        qint64 toMs);

// Judges every enabled rule that no program has judged in the last `intervalMs` (a console
// and a gateway on one workspace share the work through the rules' lease), over the last
// complete minutes before `nowMs`, and writes what changed. Drift rules are judged at most
// every nine minutes, whatever the interval. Blocking: for a worker thread.
Result<AlertCheck> checkAlerts(store::Connection &connection, qint64 nowMs, qint64 intervalMs);

} // namespace switchboard::core::analytics
