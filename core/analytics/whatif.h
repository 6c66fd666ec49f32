#pragma once

#include "execute/callspec.h"
#include "model/callrecord.h"
#include "pricing/pricebook.h"
#include "routing/ruleset.h"

#include <QHash>

#include <functional>
#include <optional>
#include <vector>

namespace switchboard::core::analytics {

// What a draft rule set would have done with calls already in the log.
struct WhatIfInput
{
    routing::RuleSet rules;
    std::vector<CallRecord> calls;
    QHash<qint64, QString> keyNames; // gateway key id -> name, for rules that match on keys
    // A target as rules name it (alias or provider/model) -> where it goes; empty when unknown.
    std::function<std::optional<execute::Target>(const QString &)> resolve;
    pricing::PriceBook prices;
    qint64 nowMs = 0; // prices in force at this time
};

// The calls that would have gone to one target.
struct WhatIfTarget
{
    QString target;    // as the plan names it
    QString resolved;  // provider/model; empty when the workspace cannot resolve the target
    bool shadow = false; // extra calls a shadow plan would make, on top of the primary ones
    qint64 calls = 0;
    qint64 moved = 0;            // of these, calls that ran on another model
    qint64 actualCostMicros = 0; // what these calls cost as they ran (0 for shadow rows)
    std::optional<qint64> projectedCostMicros; // empty: the target's model has no price
    // Latency of successful, uncached calls seen on the target's model in the same sample;
    // empty when it has none.
    std::optional<qint64> p50LatencyUs;
    std::optional<qint64> p95LatencyUs;
    qint64 observedCalls = 0;
};

struct WhatIfRuleCount
{
    QString rule; // empty: no rule matched
    qint64 calls = 0;
};

struct WhatIfReport
{
    qint64 calls = 0;
    qint64 moved = 0;      // calls the draft would send to another model than they ran on
    qint64 unresolved = 0; // calls whose target the workspace cannot resolve
    qint64 unpriced = 0;   // calls (shadow ones included) whose target has no price
    qint64 actualCostMicros = 0;
    qint64 projectedCostMicros = 0; // priced calls only, shadows included
    std::vector<WhatIfTarget> targets; // most calls first
    std::vector<WhatIfRuleCount> rules;  // in rule-set order, then "no rule"
};

// Routes every call with the draft rules (splits sticky per user as live, else by a hash of
// the call id, so a run repeats exactly) and projects cost from each call's own token counts
// at the target's price, and latency from what the target's model showed in the sample. Fields
// the log does not keep (user tier, prompt label) count as unset.
WhatIfReport whatIf(const WhatIfInput &input);

} // namespace switchboard::core::analytics
