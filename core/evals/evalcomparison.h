#pragma once

#include "evals/evalrun.h"

#include <QMetaType>
#include <QStringList>

#include <optional>
#include <vector>

namespace switchboard::core::evals {

// One dataset item in two runs: how often it passed in each (runs may repeat items), its
// first answer in each, and what changed.
struct ItemComparison
{
    enum class Change { Regressed, Fixed, StillFailing, StillPassing, OnlyInBaseline, OnlyInCandidate };

    qint64 itemId = 0;
    Change change = Change::StillPassing;
    int baselineCases = 0;
    int baselinePassed = 0;
    int candidateCases = 0;
    int candidatePassed = 0;
    QString baselineOutput;
    QString candidateOutput;
    QStringList candidateFailures; // the candidate's failed verdicts (or errors), in words
    qint64 latencyDeltaMs = 0;     // mean of the candidate's cases minus the baseline's
    qint64 costDeltaMicros = 0;

    double baselineShare() const { return baselineCases ? double(baselinePassed) / baselineCases : 0.0; }
    double candidateShare() const { return candidateCases ? double(candidatePassed) / candidateCases : 0.0; }

    friend bool operator==(const ItemComparison &, const ItemComparison &) = default;
};

QString nameOf(ItemComparison::Change change); // "regressed", "fixed", ...

// Two runs side by side. Items are matched by id (an item keeps its id across dataset
// versions) and ordered regressions first (largest drop first), then fixes (largest gain
// first), items failing in both, passing in both, and those only one run saw; by id within.
struct RunComparison
{
    EvalRun baseline;
    EvalRun candidate;
    double passRateDelta = 0;        // candidate minus baseline, as shares
    qint64 costPerCaseDeltaMicros = 0;
    qint64 latencyP50DeltaMs = 0;
    qint64 latencyP95DeltaMs = 0;
    int regressions = 0;
    int fixes = 0;
    std::vector<ItemComparison> items;
};

RunComparison compareRuns(const EvalRun &baseline, const std::vector<EvalCaseResult> &baselineResults,
                          const EvalRun &candidate, const std::vector<EvalCaseResult> &candidateResults);

// Whether a run passes a CI gate: its pass rate reaches the threshold and, with a baseline,
// is not below the baseline's. Each reason says what was measured against what.
struct GateVerdict
{
    bool passed = true;
    QStringList reasons;
};
GateVerdict gateVerdict(const EvalRun &run, double threshold, const std::optional<RunComparison> &comparison);

// "92.5 %"
QString percent(double share);

} // namespace switchboard::core::evals

Q_DECLARE_METATYPE(switchboard::core::evals::RunComparison)
