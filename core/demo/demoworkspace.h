#pragma once

#include "demo/demorecipe.h"
#include "model/error.h"

namespace switchboard::core::store {
class Connection;
}

namespace switchboard::core::demo {

// Writes the recipe's setup into an empty workspace, in one transaction: its simulated
// providers and their models, the aliases pinned to dated snapshots, one prompt per feature
// (version 1, labelled production), and audit entries for each, dated the start of the
// demo week. The workspace is marked as a demo.
Result<void> seedDemoWorkspace(store::Connection &connection, const DemoRecipe &recipe, qint64 weekStartMs);

} // namespace switchboard::core::demo
