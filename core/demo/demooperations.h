#pragma once

#include "demo/demorecipe.h"
#include "model/error.h"

namespace switchboard::core::store {
class Connection;
}

namespace switchboard::core::demo {

// What an operations team would have set on the demo workspace: budgets (the workspace per
// month, the largest tenant per day), service level objectives per feature, and alert rules
// drawn from the recipe's incidents (a p95 latency rule on the model that regresses, a cost
// spike rule on the feature whose input grows, an error rate rule on the alias that is rate
// limited) with runbooks, plus one rule on every budget. Audited as the demo's own changes.
Result<void> seedDemoOperations(store::Connection &connection, const DemoRecipe &recipe, qint64 atMs);

// Judges the alert rules over a stretch of recorded traffic as the console would have, every
// `stepMs`, so that the demo's week has the alerts its incidents raised.
Result<void> judgeDemoWeek(store::Connection &connection, qint64 fromMs, qint64 toMs, qint64 stepMs);

} // namespace switchboard::core::demo
