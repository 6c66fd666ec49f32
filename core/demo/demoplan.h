#pragma once

#include "demo/demorecipe.h"
#include "model/chatrequest.h"

#include <vector>

namespace switchboard::core::demo {

// One call of the demo's week: when it arrives, who makes it, and what it asks.
struct PlannedCall
{
    qint64 arrivalMs = 0;
    double dayOffset = 0; // days since the week began
    int feature = 0;      // index into the recipe's features
    QString tenant;
    QString userId;
    ChatRequest request;  // request.model is the feature's alias
    nlohmann::json variables; // what the feature's prompt was rendered with (null: no prompt)
};

// The demo's traffic, in arrival order: a working-hours curve with quieter weekends,
// weighted tenants and features, prose and JSON requests, and the recipe's cost spikes. The
// same recipe, start and count give the same plan.
std::vector<PlannedCall> planDemoTraffic(const DemoRecipe &recipe, qint64 weekStartMs, int calls);

} // namespace switchboard::core::demo
