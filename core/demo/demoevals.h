#pragma once

#include "demo/demorecipe.h"
#include "evals/evalrun.h"
#include "model/error.h"

#include <vector>

namespace switchboard::core::store {
class Connection;
}

namespace switchboard::core::demo {

// A dataset for each of the demo's prompts, made from the week's answered calls (their
// answers as the reference), with the checks a team would write for the feature: the
// structured features' schema, a length cap and similarity to the reference for prose. The
// production label of a prompt with a staging candidate is gated on its dataset. Returns the
// runs that show the Evals page at work: each production version, and each staging candidate
// on the same dataset as its production version.
Result<std::vector<evals::EvalRunSpec>> seedDemoDatasets(store::Connection &connection, const DemoRecipe &recipe);

inline constexpr int kDemoDatasetItems = 12;
inline constexpr double kDemoGateThreshold = 0.8;

} // namespace switchboard::core::demo
