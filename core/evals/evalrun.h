#pragma once

#include <QMetaType>
#include <QString>

#include <optional>
#include <vector>

namespace switchboard::core::evals {

// What an eval run evaluates: one prompt version on one model over one version of a dataset,
// each item asked `repeats` times (to see how much the answers vary).
struct EvalRunSpec
{
    QString promptName;
    qint64 promptVersion = 0;
    QString alias;   // a pinned alias or "provider/model"; empty: the version's own model
    QString dataset;
    int repeats = 1;
    int concurrency = 4; // calls in flight at once, judge calls included
    QString judge;       // the model that grades rubric assertions; empty: the run's own

    friend bool operator==(const EvalRunSpec &, const EvalRunSpec &) = default;
};

inline constexpr int kMaxEvalRepeats = 20;
inline constexpr int kMaxEvalConcurrency = 16;

enum class EvalRunStatus { Running, Cancelled, Finished, Failed };
QString nameOf(EvalRunStatus status);
std::optional<EvalRunStatus> evalRunStatusFromString(QStringView name);

// One assertion's verdict on one answer, with its reason.
struct AssertionVerdict
{
    QString assertion; // "contains", "not-regex", "llm-rubric"
    bool passed = false;
    double score = 0;
    QString reason;

    friend bool operator==(const AssertionVerdict &, const AssertionVerdict &) = default;
};

// One item asked once: the call, its answer and every verdict. A case passes when the call
// answered and every assertion passed (a case without assertions, when it answered).
struct EvalCaseResult
{
    qint64 itemId = 0;
    int repeat = 0; // 0..repeats-1
    QString callId;
    bool passed = false;
    QString error; // the call failed, or the item could not be asked: why
    QString output;
    qint64 latencyMs = 0;
    qint64 costMicros = 0;
    qint64 outputTokens = 0;
    std::vector<AssertionVerdict> verdicts;

    friend bool operator==(const EvalCaseResult &, const EvalCaseResult &) = default;
};

// A run as the registry lists it, with the figures of the cases done so far.
struct EvalRun
{
    qint64 id = 0;
    EvalRunSpec spec;
    QString resolvedAlias; // what the run called, when spec.alias was empty
    qint64 datasetVersion = 0;
    EvalRunStatus status = EvalRunStatus::Running;
    QString message; // why it stopped, for cancelled and failed runs
    qint64 startedMs = 0;
    qint64 finishedMs = 0;
    int cases = 0; // items x repeats
    int done = 0;
    int passed = 0;
    int errored = 0; // the call failed
    qint64 costMicros = 0;
    qint64 latencyP50Ms = 0;
    qint64 latencyP95Ms = 0;

    // Of the cases done; 0 when none is.
    double passRate() const { return done > 0 ? static_cast<double>(passed) / done : 0.0; }
    // "summarize@3 on chat-fast, support-golden v2 (40 cases)"
    QString describe() const;

    friend bool operator==(const EvalRun &, const EvalRun &) = default;
};

// A run's figures from its cases: done, passed, errored, cost and the latency percentiles.
void tally(EvalRun &run, const std::vector<EvalCaseResult> &results);

// How one kind of assertion fared across a run's cases, in the order first met.
struct AssertionTally
{
    QString assertion;
    int passed = 0;
    int total = 0;

    friend bool operator==(const AssertionTally &, const AssertionTally &) = default;
};
std::vector<AssertionTally> tallyAssertions(const std::vector<EvalCaseResult> &results);
// "is-json 12/12 · json-path 0/4"
QString describe(const std::vector<AssertionTally> &tallies);

} // namespace switchboard::core::evals

Q_DECLARE_METATYPE(switchboard::core::evals::EvalRun)
Q_DECLARE_METATYPE(switchboard::core::evals::EvalCaseResult)
