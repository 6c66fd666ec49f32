#pragma once

#include "routing/ruleset.h"

#include <QString>

namespace switchboard::core::routing {

// A rule's conditions in one line a person reads: "tenant is acme or globex; at most 8000
// input tokens", or "every call" when nothing constrains it.
QString describeConditions(const RuleConditions &when);
// A rule's plan in one line: "chat-smart 95 % / chat-smart-next 5 % (sticky per user); then
// chat-fast; shadow chat-next; timeout 20 s; output ≤ 1024 tokens; cache 300 s".
QString describePlan(const RulePlan &then);

} // namespace switchboard::core::routing
