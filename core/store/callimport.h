#pragma once

#include "model/error.h"
#include "store/recordedcall.h"
#include "store/workspacelocation.h"

#include <vector>

namespace switchboard::core::store {

class Connection;

struct CallImportSummary
{
    int added = 0;
    int alreadyThere = 0; // ids the log has: imported before
};

// Writes imported calls into the request log through the recorder (rollups and search
// included), leaving out those whose id the log already has, and waits until they are
// written. Blocking: for a worker or the CLI.
Result<CallImportSummary> importCalls(const WorkspaceLocation &location, Connection &connection, std::vector<RecordedCall> calls);

} // namespace switchboard::core::store
