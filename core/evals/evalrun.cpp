#include "evals/evalrun.h"

#include "model/enumnames.h"

#include <QStringList>

#include <algorithm>
#include <cmath>

namespace switchboard::core::evals {
namespace {

constexpr EnumNames<EvalRunStatus, 4> kStatuses { {
    { EvalRunStatus::Running, "running" },
    { EvalRunStatus::Cancelled, "cancelled" },
    { EvalRunStatus::Finished, "finished" },
    { EvalRunStatus::Failed, "failed" },
} };

// The nearest-rank percentile of sorted values.
qint64 percentile(const std::vector<qint64> &sorted, double share)
{
    if (sorted.empty())
        return 0;
    const auto rank = static_cast<std::size_t>(std::ceil(share * static_cast<double>(sorted.size())));
    return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

} // namespace

QString nameOf(EvalRunStatus status)
{
    return enumName(kStatuses, status);
}

std::optional<EvalRunStatus> evalRunStatusFromString(QStringView name)
{
    return enumValue(kStatuses, name);
}

QString EvalRun::describe() const
{
    const QString model = resolvedAlias.isEmpty() ? spec.alias : resolvedAlias;
    return QStringLiteral("%1@%2 on %3, %4 v%5 (%6 cases)")
        .arg(spec.promptName)
        .arg(spec.promptVersion)
        .arg(model.isEmpty() ? QStringLiteral("its own model") : model, spec.dataset)
        .arg(datasetVersion)
        .arg(cases);
}

void tally(EvalRun &run, const std::vector<EvalCaseResult> &results)
{
    run.done = static_cast<int>(results.size());
    run.passed = 0;
    run.errored = 0;
    run.costMicros = 0;
    std::vector<qint64> latencies;
    latencies.reserve(results.size());
    for (const EvalCaseResult &result : results) {
        run.passed += result.passed ? 1 : 0;
        run.errored += result.error.isEmpty() ? 0 : 1;
        run.costMicros += result.costMicros;
        if (result.error.isEmpty())
            latencies.push_back(result.latencyMs);
    }
    std::sort(latencies.begin(), latencies.end());
    run.latencyP50Ms = percentile(latencies, 0.50);
    run.latencyP95Ms = percentile(latencies, 0.95);
}

std::vector<AssertionTally> tallyAssertions(const std::vector<EvalCaseResult> &results)
{
    std::vector<AssertionTally> out;
    for (const EvalCaseResult &result : results) {
        for (const AssertionVerdict &verdict : result.verdicts) {
            auto found = std::ranges::find(out, verdict.assertion, &AssertionTally::assertion);
            if (found == out.end())
                found = out.insert(out.end(), AssertionTally { verdict.assertion, 0, 0 });
            found->passed += verdict.passed ? 1 : 0;
            ++found->total;
        }
    }
    return out;
}

QString describe(const std::vector<AssertionTally> &tallies)
{
    QStringList parts;
    for (const AssertionTally &tally : tallies)
        parts << QStringLiteral("%1 %2/%3").arg(tally.assertion).arg(tally.passed).arg(tally.total);
    return parts.join(QStringLiteral(" · "));
}

} // namespace switchboard::core::evals
