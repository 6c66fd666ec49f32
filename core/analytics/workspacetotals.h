#pragma once

#include "model/error.h"
#include "store/workspacelocation.h"

#include <QString>

#include <map>

namespace switchboard::core::store {
class Connection;
}

namespace switchboard::core::analytics {

struct TotalsRow
{
    qint64 calls = 0;
    qint64 failed = 0;
    qint64 inputTokens = 0;
    qint64 outputTokens = 0;
    qint64 costMicros = 0;
};

// The workspace's totals, read from the rollups (so the cost of asking does not grow with
// the request log): overall, per provider, per model, and calls per failure category.
struct WorkspaceTotals
{
    TotalsRow all;
    std::map<QString, TotalsRow> byProvider;
    std::map<QString, TotalsRow> byModel;
    std::map<QString, qint64> byFailure;
};

Result<WorkspaceTotals> readTotals(store::Connection &connection);
// The same, on a connection of its own. Blocking: call it off the GUI thread.
Result<WorkspaceTotals> readTotals(const store::WorkspaceLocation &location);

} // namespace switchboard::core::analytics
