#pragma once

#include "evals/dataset.h"
#include "evals/evalcomparison.h"
#include "evals/evalrun.h"

#include <QByteArray>

#include <optional>
#include <vector>

namespace switchboard::core::evals {

// A run as JUnit XML, which CI systems (GitLab, Jenkins, GitHub test reporters) show as a
// test report: one test suite for the run, one test case per item and repeat (a failed
// assertion is a <failure>, a failed call an <error>), and one case for the gate itself, so
// that the report fails exactly when the gate does. Runs' figures go in <properties>.
QByteArray junitReport(const EvalRun &run, const std::vector<EvalCaseResult> &results, const std::vector<DatasetItem> &items,
                       const GateVerdict &gate, const std::optional<RunComparison> &comparison);

// A short name for an item, from its variables or its last message: "item 12: {topic: refunds}".
QString itemLabel(const DatasetItem &item);

} // namespace switchboard::core::evals
