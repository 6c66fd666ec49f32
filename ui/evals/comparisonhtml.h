#pragma once

#include "evals/evalcomparison.h"

#include <QString>

#include <map>

namespace switchboard::ui {

// Two runs side by side as rich text: the headline deltas (pass rate, cost per case, latency),
// then each item, regressions first, with how often it passed in each run, why the candidate
// failed, and its first answer in each run as a word diff. `labels` names items by id.
QString comparisonHtml(const core::evals::RunComparison &comparison, const std::map<qint64, QString> &labels);

} // namespace switchboard::ui
