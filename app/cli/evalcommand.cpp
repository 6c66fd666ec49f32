// switchboard-cli eval: a prompt version evaluated on a dataset, optionally against a baseline
// version, for CI: prints the pass rate and what regressed, writes JUnit XML, and exits 1 when
// the gate fails (pass rate below --threshold, or below the baseline's).
#include "commands.h"

#include "evals/evalbatch.h"
#include "evals/evalcomparison.h"
#include "evals/junitreport.h"
#include "execute/workspaceexecutor.h"
#include "prompts/promptreference.h"
#include "store/datasetrepository.h"
#include "store/evalrunrepository.h"
#include "store/workspace.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

namespace switchboard::cli {
namespace {

using namespace switchboard::core;

struct Finished
{
    evals::EvalRun run;
    std::vector<evals::EvalCaseResult> results;
};

// Runs one spec to its end on the event loop, reporting progress on standard error.
Result<Finished> runToEnd(execute::WorkspaceExecutor &workspace, const evals::EvalRunSpec &spec, const QString &what, bool quiet)
{
    evals::EvalBatch batch(workspace);
    std::optional<evals::EvalRun> ended;
    QString failure;
    QTextStream err(stderr);
    int lastShown = -1;
    QObject::connect(&batch, &evals::EvalBatch::progress, [&](int done, int total) {
        const int decile = total ? done * 10 / total : 10;
        if (quiet || decile == lastShown)
            return;
        lastShown = decile;
        err << what << ": " << done << '/' << total << " case(s)\n" << Qt::flush;
    });
    QObject::connect(&batch, &evals::EvalBatch::finished, [&](const evals::EvalRun &run) {
        ended = run;
        QCoreApplication::exit();
    });
    QObject::connect(&batch, &evals::EvalBatch::failed, [&](const QString &message) {
        failure = message;
        QCoreApplication::exit();
    });
    QMetaObject::invokeMethod(&batch, [&batch, spec] { batch.start(spec); }, Qt::QueuedConnection);
    QCoreApplication::exec();
    workspace.flush();
    if (!ended)
        return fail(ErrorCode::InvalidArgument, QStringLiteral("%1: %2").arg(what, failure));
    auto results = store::EvalRunRepository(workspace.connection()).results(ended->id);
    if (!results)
        return std::unexpected(results.error());
    return Finished { *ended, std::move(*results) };
}

QString money(qint64 micros)
{
    return QStringLiteral("$%1").arg(static_cast<double>(micros) / 1e6, 0, 'f', 6);
}

QJsonObject runJson(const evals::EvalRun &run)
{
    return QJsonObject { { QStringLiteral("run"), run.id },
                         { QStringLiteral("prompt"), QStringLiteral("%1@%2").arg(run.spec.promptName).arg(run.spec.promptVersion) },
                         { QStringLiteral("model"), run.resolvedAlias },
                         { QStringLiteral("dataset"), run.spec.dataset },
                         { QStringLiteral("dataset_version"), run.datasetVersion },
                         { QStringLiteral("status"), nameOf(run.status) },
                         { QStringLiteral("cases"), run.cases },
                         { QStringLiteral("passed"), run.passed },
                         { QStringLiteral("errored"), run.errored },
                         { QStringLiteral("pass_rate"), run.passRate() },
                         { QStringLiteral("cost_usd"), static_cast<double>(run.costMicros) / 1e6 },
                         { QStringLiteral("latency_p50_ms"), run.latencyP50Ms },
                         { QStringLiteral("latency_p95_ms"), run.latencyP95Ms } };
}

void printRun(QTextStream &out, const QString &role, const evals::EvalRun &run, const std::vector<evals::EvalCaseResult> &results)
{
    out << role << ": " << run.describe() << ", run #" << run.id << '\n'
        << "  passed " << run.passed << " of " << run.done << " (" << evals::percent(run.passRate()) << ")";
    if (run.errored)
        out << ", " << run.errored << " call(s) failed";
    out << "; cost " << money(run.costMicros) << "; latency p50 " << run.latencyP50Ms << " ms, p95 " << run.latencyP95Ms << " ms\n";
    if (const QString byAssertion = evals::describe(evals::tallyAssertions(results)); !byAssertion.isEmpty())
        out << "  by assertion: " << byAssertion << '\n';
}

Result<qint64> versionOf(store::Connection &connection, const QString &text)
{
    auto reference = prompts::PromptReference::parse(text);
    if (!reference)
        return std::unexpected(reference.error());
    return prompts::resolveVersion(connection, *reference);
}

} // namespace

int runEvalCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Evaluate a prompt version on a dataset through the executor: every item asked (--repeats times), checked "
        "against its assertions, each call logged as an eval call. With --baseline, the baseline version runs on the "
        "same dataset and model and the two are compared. Exits 0 when the gate passes, 1 when it fails (pass rate "
        "below --threshold, or below the baseline's) or the eval could not run, 2 on bad usage. --junit writes a JUnit "
        "XML report for the CI system."));
    addWorkspaceOptions(parser);
    parser.addOption({ QStringLiteral("prompt"), QStringLiteral("The version under test: name@version or name@label."), QStringLiteral("name@version") });
    parser.addOption({ QStringLiteral("dataset"), QStringLiteral("The dataset to run it on."), QStringLiteral("name") });
    parser.addOption({ QStringLiteral("baseline"), QStringLiteral("Compare with this version, e.g. name@production."), QStringLiteral("name@label") });
    parser.addOption({ QStringLiteral("threshold"), QStringLiteral("The pass rate the gate needs, 0 to 1 (default 1)."), QStringLiteral("share"), QStringLiteral("1") });
    parser.addOption({ QStringLiteral("model"), QStringLiteral("Run on this pinned alias or provider/model rather than the version's own."), QStringLiteral("alias") });
    parser.addOption({ QStringLiteral("judge"), QStringLiteral("The model that grades llm-rubric assertions (default: the model under test)."), QStringLiteral("alias") });
    parser.addOption({ QStringLiteral("repeats"), QStringLiteral("Ask each item this many times, 1 to %1.").arg(evals::kMaxEvalRepeats), QStringLiteral("k"), QStringLiteral("1") });
    parser.addOption({ QStringLiteral("concurrency"), QStringLiteral("Calls in flight at once, 1 to %1.").arg(evals::kMaxEvalConcurrency), QStringLiteral("n"), QStringLiteral("4") });
    parser.addOption({ QStringLiteral("junit"), QStringLiteral("Write a JUnit XML report to this file."), QStringLiteral("file") });
    parser.process(arguments);

    QTextStream err(stderr);
    QTextStream out(stdout);
    const auto location = workspaceArgument(parser);
    if (!location)
        return kExitUsage;
    bool thresholdOk = false;
    bool repeatsOk = false;
    bool concurrencyOk = false;
    const double threshold = parser.value(QStringLiteral("threshold")).toDouble(&thresholdOk);
    evals::EvalRunSpec spec;
    spec.repeats = parser.value(QStringLiteral("repeats")).toInt(&repeatsOk);
    spec.concurrency = parser.value(QStringLiteral("concurrency")).toInt(&concurrencyOk);
    spec.dataset = parser.value(QStringLiteral("dataset")).trimmed();
    spec.alias = parser.value(QStringLiteral("model")).trimmed();
    spec.judge = parser.value(QStringLiteral("judge")).trimmed();
    if (!parser.isSet(QStringLiteral("prompt")) || spec.dataset.isEmpty()) {
        err << "Usage: switchboard-cli eval --workspace W --prompt name@version --dataset D [--baseline name@production] "
               "[--threshold 0.9] [--junit out.xml]\n";
        return kExitUsage;
    }
    if (!thresholdOk || threshold < 0 || threshold > 1 || !repeatsOk || !concurrencyOk) {
        err << "switchboard-cli: --threshold is a share from 0 to 1 (such as 0.9); --repeats and --concurrency are whole numbers\n";
        return kExitUsage;
    }
    if (auto prepared = store::prepareWorkspace(*location); !prepared)
        return reportFailure(prepared.error());
    execute::WorkspaceExecutor workspace(*location);
    if (auto ready = workspace.prepare(); !ready)
        return reportFailure(ready.error());

    auto reference = prompts::PromptReference::parse(parser.value(QStringLiteral("prompt")));
    if (!reference)
        return reportFailure(reference.error());
    auto version = versionOf(workspace.connection(), parser.value(QStringLiteral("prompt")));
    if (!version)
        return reportFailure(version.error());
    spec.promptName = reference->name;
    spec.promptVersion = *version;

    const bool json = parser.isSet(QStringLiteral("json"));
    std::optional<Finished> baseline;
    if (parser.isSet(QStringLiteral("baseline"))) {
        auto baselineReference = prompts::PromptReference::parse(parser.value(QStringLiteral("baseline")));
        if (!baselineReference)
            return reportFailure(baselineReference.error());
        auto baselineVersion = versionOf(workspace.connection(), parser.value(QStringLiteral("baseline")));
        if (!baselineVersion)
            return reportFailure(baselineVersion.error());
        evals::EvalRunSpec baselineSpec = spec;
        baselineSpec.promptName = baselineReference->name;
        baselineSpec.promptVersion = *baselineVersion;
        auto ran = runToEnd(workspace, baselineSpec, QStringLiteral("baseline %1").arg(baselineReference->toString()), json);
        if (!ran)
            return reportFailure(ran.error());
        baseline = std::move(*ran);
        if (spec.alias.isEmpty()) // both on one model, so that the comparison is of the prompts
            spec.alias = baseline->run.resolvedAlias;
    }
    auto candidate = runToEnd(workspace, spec, QStringLiteral("%1@%2").arg(spec.promptName).arg(spec.promptVersion), json);
    if (!candidate)
        return reportFailure(candidate.error());

    std::optional<evals::RunComparison> comparison;
    if (baseline)
        comparison = evals::compareRuns(baseline->run, baseline->results, candidate->run, candidate->results);
    const evals::GateVerdict gate = evals::gateVerdict(candidate->run, threshold, comparison);

    if (parser.isSet(QStringLiteral("junit"))) {
        auto items = store::DatasetRepository(workspace.connection()).items(spec.dataset, candidate->run.datasetVersion);
        if (!items)
            return reportFailure(items.error());
        if (!writeOutput(parser.value(QStringLiteral("junit")), evals::junitReport(candidate->run, candidate->results, *items, gate, comparison)))
            return kExitFailure;
    }

    if (json) {
        QJsonObject report { { QStringLiteral("candidate"), runJson(candidate->run) },
                             { QStringLiteral("threshold"), threshold },
                             { QStringLiteral("passed"), gate.passed },
                             { QStringLiteral("reasons"), QJsonArray::fromStringList(gate.reasons) } };
        if (comparison) {
            QJsonArray changed;
            for (const evals::ItemComparison &item : comparison->items)
                if (item.change == evals::ItemComparison::Change::Regressed || item.change == evals::ItemComparison::Change::Fixed)
                    changed.append(QJsonObject { { QStringLiteral("item"), item.itemId },
                                                 { QStringLiteral("change"), nameOf(item.change) },
                                                 { QStringLiteral("baseline_pass_share"), item.baselineShare() },
                                                 { QStringLiteral("candidate_pass_share"), item.candidateShare() },
                                                 { QStringLiteral("failures"), QJsonArray::fromStringList(item.candidateFailures) } });
            report.insert(QStringLiteral("baseline"), runJson(comparison->baseline));
            report.insert(QStringLiteral("changed_items"), changed);
        }
        out << QJsonDocument(report).toJson(QJsonDocument::Indented);
    } else {
        if (baseline)
            printRun(out, QStringLiteral("baseline"), baseline->run, baseline->results);
        printRun(out, QStringLiteral("candidate"), candidate->run, candidate->results);
        if (comparison) {
            out << "  " << comparison->regressions << " item(s) regressed, " << comparison->fixes << " fixed; cost per case "
                << (comparison->costPerCaseDeltaMicros >= 0 ? "+" : "-") << money(std::abs(comparison->costPerCaseDeltaMicros))
                << ", p50 " << (comparison->latencyP50DeltaMs >= 0 ? "+" : "") << comparison->latencyP50DeltaMs << " ms\n";
            int shown = 0;
            for (const evals::ItemComparison &item : comparison->items) {
                if (item.change != evals::ItemComparison::Change::Regressed || shown++ == 10)
                    continue;
                out << "  regressed: item " << item.itemId << " (" << item.baselinePassed << '/' << item.baselineCases << " -> "
                    << item.candidatePassed << '/' << item.candidateCases << ")"
                    << (item.candidateFailures.isEmpty() ? QString() : QStringLiteral(": ") + item.candidateFailures.front()) << '\n';
            }
        }
        out << (gate.passed ? "PASSED: " : "FAILED: ") << gate.reasons.join(QStringLiteral("; ")) << '\n';
    }
    return gate.passed ? kExitOk : kExitFailure;
}

} // namespace switchboard::cli
