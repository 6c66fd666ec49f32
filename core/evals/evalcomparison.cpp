#include "evals/evalcomparison.h"

#include "model/enumnames.h"

#include <QLocale>

#include <algorithm>
#include <map>

namespace switchboard::core::evals {
namespace {

using Change = ItemComparison::Change;

constexpr EnumNames<Change, 6> kChanges { {
    { Change::Regressed, "regressed" },
    { Change::Fixed, "fixed" },
    { Change::StillFailing, "failing in both" },
    { Change::StillPassing, "passing in both" },
    { Change::OnlyInBaseline, "only in the baseline" },
    { Change::OnlyInCandidate, "only in the candidate" },
} };

struct Side
{
    int cases = 0;
    int passed = 0;
    qint64 latencyMs = 0;
    qint64 costMicros = 0;
    QString firstOutput;
    QStringList failures;
};

std::map<qint64, Side> byItem(const std::vector<EvalCaseResult> &results)
{
    std::map<qint64, Side> out;
    for (const EvalCaseResult &result : results) {
        Side &side = out[result.itemId];
        if (side.cases == 0)
            side.firstOutput = result.output;
        ++side.cases;
        side.passed += result.passed ? 1 : 0;
        side.latencyMs += result.latencyMs;
        side.costMicros += result.costMicros;
        if (!result.error.isEmpty())
            side.failures << QStringLiteral("#%1: %2").arg(result.repeat + 1).arg(result.error);
        for (const AssertionVerdict &verdict : result.verdicts)
            if (!verdict.passed)
                side.failures << QStringLiteral("#%1 %2: %3").arg(result.repeat + 1).arg(verdict.assertion, verdict.reason);
    }
    return out;
}

int rank(Change change)
{
    return static_cast<int>(change);
}

} // namespace

QString nameOf(ItemComparison::Change change)
{
    return enumName(kChanges, change);
}

QString percent(double share)
{
    return QLocale().toString(share * 100.0, 'f', 1) + QStringLiteral(" %");
}

RunComparison compareRuns(const EvalRun &baseline, const std::vector<EvalCaseResult> &baselineResults,
                          const EvalRun &candidate, const std::vector<EvalCaseResult> &candidateResults)
{
    RunComparison out;
    out.baseline = baseline;
    out.candidate = candidate;
    out.passRateDelta = candidate.passRate() - baseline.passRate();
    const auto perCase = [](const EvalRun &run) { return run.done ? run.costMicros / run.done : 0; };
    out.costPerCaseDeltaMicros = perCase(candidate) - perCase(baseline);
    out.latencyP50DeltaMs = candidate.latencyP50Ms - baseline.latencyP50Ms;
    out.latencyP95DeltaMs = candidate.latencyP95Ms - baseline.latencyP95Ms;

    const auto before = byItem(baselineResults);
    const auto after = byItem(candidateResults);
    std::map<qint64, ItemComparison> items;
    for (const auto &[id, side] : before) {
        ItemComparison &item = items[id];
        item.itemId = id;
        item.baselineCases = side.cases;
        item.baselinePassed = side.passed;
        item.baselineOutput = side.firstOutput;
    }
    for (const auto &[id, side] : after) {
        ItemComparison &item = items[id];
        item.itemId = id;
        item.candidateCases = side.cases;
        item.candidatePassed = side.passed;
        item.candidateOutput = side.firstOutput;
        item.candidateFailures = side.failures;
        if (const auto other = before.find(id); other != before.end() && other->second.cases > 0 && side.cases > 0) {
            item.latencyDeltaMs = side.latencyMs / side.cases - other->second.latencyMs / other->second.cases;
            item.costDeltaMicros = side.costMicros / side.cases - other->second.costMicros / other->second.cases;
        }
    }
    for (auto &[id, item] : items) {
        if (item.candidateCases == 0)
            item.change = Change::OnlyInBaseline;
        else if (item.baselineCases == 0)
            item.change = Change::OnlyInCandidate;
        else if (item.candidateShare() < item.baselineShare())
            item.change = Change::Regressed;
        else if (item.candidateShare() > item.baselineShare())
            item.change = Change::Fixed;
        else
            item.change = item.candidatePassed < item.candidateCases ? Change::StillFailing : Change::StillPassing;
        out.regressions += item.change == Change::Regressed ? 1 : 0;
        out.fixes += item.change == Change::Fixed ? 1 : 0;
        out.items.push_back(item);
    }
    std::stable_sort(out.items.begin(), out.items.end(), [](const ItemComparison &a, const ItemComparison &b) {
        if (a.change != b.change)
            return rank(a.change) < rank(b.change);
        const double moveA = std::abs(a.candidateShare() - a.baselineShare());
        const double moveB = std::abs(b.candidateShare() - b.baselineShare());
        if (moveA != moveB)
            return moveA > moveB;
        return a.itemId < b.itemId;
    });
    return out;
}

GateVerdict gateVerdict(const EvalRun &run, double threshold, const std::optional<RunComparison> &comparison)
{
    GateVerdict verdict;
    if (run.status != EvalRunStatus::Finished) {
        verdict.passed = false;
        verdict.reasons << QStringLiteral("the run did not finish (%1)").arg(nameOf(run.status));
    }
    const bool reached = run.passRate() >= threshold;
    verdict.passed = verdict.passed && reached;
    verdict.reasons << QStringLiteral("pass rate %1 %2 the threshold %3")
                           .arg(percent(run.passRate()), reached ? QStringLiteral("reaches") : QStringLiteral("is below"), percent(threshold));
    if (comparison) {
        const bool notWorse = comparison->passRateDelta >= 0;
        verdict.passed = verdict.passed && notWorse;
        verdict.reasons << QStringLiteral("pass rate %1 against the baseline's %2 (%3 regressed, %4 fixed)")
                               .arg(percent(run.passRate()), percent(comparison->baseline.passRate()))
                               .arg(comparison->regressions)
                               .arg(comparison->fixes);
    }
    return verdict;
}

} // namespace switchboard::core::evals
