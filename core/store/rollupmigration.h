#pragma once

#include "model/error.h"

namespace switchboard::core::store {

class Connection;

// Migration 5's step in code: the per-minute rollups kept before (table rollups, without the
// prompt dimension or token histograms) become cells and slices at the grains they are kept
// at, and the old tables go.
// Runs inside the migration's transaction.
Result<void> moveRollupsToCells(Connection &connection);

} // namespace switchboard::core::store
