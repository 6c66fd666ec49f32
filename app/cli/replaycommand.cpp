// switchboard-cli replay: a logged call run again, exactly or with one change, N times, with
// the summary of how the replays compare to the original.
#include "calljson.h"
#include "commands.h"

#include "execute/workspaceexecutor.h"
#include "replay/replaybatch.h"
#include "store/workspace.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTextStream>

namespace switchboard::cli {
namespace {

using namespace switchboard::core;

QJsonValue spreadJson(const std::optional<replay::Spread> &spread, double scale)
{
    if (!spread)
        return QJsonValue();
    return QJsonObject { { QStringLiteral("min"), static_cast<double>(spread->min) / scale },
                         { QStringLiteral("median"), static_cast<double>(spread->median) / scale },
                         { QStringLiteral("max"), static_cast<double>(spread->max) / scale } };
}

QJsonObject summaryJson(const replay::ReplaySummary &summary)
{
    QJsonArray outputs;
    for (const replay::DistinctOutput &output : summary.outputs)
        outputs.append(QJsonObject { { QStringLiteral("count"), output.count },
                                     { QStringLiteral("same_as_original"), output.original },
                                     { QStringLiteral("output"), output.output } });
    return QJsonObject { { QStringLiteral("runs"), summary.runs },
                         { QStringLiteral("answered"), summary.answered },
                         { QStringLiteral("identical_to_original"), summary.identical },
                         { QStringLiteral("distinct_outputs"), static_cast<int>(summary.outputs.size()) },
                         { QStringLiteral("outputs"), outputs },
                         { QStringLiteral("latency_ms"), spreadJson(summary.latencyUs, 1000.0) },
                         { QStringLiteral("cost_usd"), spreadJson(summary.costMicros, 1e6) } };
}

QString spreadText(const std::optional<replay::Spread> &spread, double scale, int decimals, const QString &unit)
{
    if (!spread)
        return QStringLiteral("-");
    const auto number = [&](qint64 value) { return QString::number(static_cast<double>(value) / scale, 'f', decimals); };
    return QStringLiteral("%1 to %2%3 (median %4)").arg(number(spread->min), number(spread->max), unit, number(spread->median));
}

} // namespace

int runReplayCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Replay a call from the request log through the executor: exactly (same provider, snapshot, parameters "
        "and seed) or with one change, once or N times, and compare the answers with the original. Each replay "
        "is logged as a call of its own, origin replay, linked to its source."));
    addWorkspaceOptions(parser);
    parser.addOption({ QStringLiteral("call"), QStringLiteral("The id of the call to replay."), QStringLiteral("id") });
    parser.addOption({ { QStringLiteral("n"), QStringLiteral("runs") },
                       QStringLiteral("How many times, 1 to %1.").arg(replay::kMaxReplayRuns), QStringLiteral("N"),
                       QStringLiteral("1") });
    parser.addOption({ QStringLiteral("model"), QStringLiteral("Run on this pinned alias or provider/model instead."),
                       QStringLiteral("alias") });
    parser.addOption({ QStringLiteral("prompt"),
                       QStringLiteral("Render this prompt version (name@version, name@label, or @version of the call's "
                                      "prompt) with the call's logged variables instead."),
                       QStringLiteral("name@version") });
    parser.addOption({ QStringLiteral("temperature"), QStringLiteral("Sample at this temperature instead."),
                       QStringLiteral("T") });
    parser.process(arguments);

    QTextStream err(stderr);
    QTextStream out(stdout);
    const auto location = workspaceArgument(parser);
    if (!location)
        return kExitUsage;
    replay::ReplayJob job;
    job.callId = parser.value(QStringLiteral("call")).trimmed();
    bool number = false;
    job.runs = parser.value(QStringLiteral("n")).toInt(&number);
    if (job.callId.isEmpty() || !number) {
        err << "switchboard-cli: replay needs --call ID (from 'switchboard-cli log') and a whole number for --n\n";
        return kExitUsage;
    }
    job.change.model = parser.value(QStringLiteral("model")).trimmed();
    job.change.prompt = parser.value(QStringLiteral("prompt")).trimmed();
    if (parser.isSet(QStringLiteral("temperature"))) {
        bool valid = false;
        const double temperature = parser.value(QStringLiteral("temperature")).toDouble(&valid);
        if (!valid || temperature < 0) {
            err << "switchboard-cli: --temperature takes a number of 0 or more, such as 0.2\n";
            return kExitUsage;
        }
        job.change.temperature = temperature;
    }
    if (auto prepared = store::prepareWorkspace(*location); !prepared)
        return reportFailure(prepared.error());

    const bool json = parser.isSet(QStringLiteral("json"));
    execute::WorkspaceExecutor workspace(*location);
    replay::ReplayBatch batch(workspace);
    QString sourceOutput;
    QJsonObject sourceJson;
    QJsonObject planJson;
    std::vector<replay::ReplayResult> results;
    std::optional<replay::ReplaySummary> summary;
    QString failure;
    QObject::connect(&batch, &replay::ReplayBatch::planned, [&](const replay::ReplayPlan &plan, const store::RecordedCall &source) {
        sourceOutput = replay::outputOf(source.responseJson);
        sourceJson = callJson(source.record);
        sourceJson.insert(QStringLiteral("output"), sourceOutput);
        planJson = QJsonObject { { QStringLiteral("change"), plan.change },
                                 { QStringLiteral("provider"), plan.provider },
                                 { QStringLiteral("model"), plan.model },
                                 { QStringLiteral("assumptions"), QJsonArray::fromStringList(plan.assumptions) } };
        if (plan.promptVersion)
            planJson.insert(QStringLiteral("prompt"), QString(plan.promptName + u'@' + QString::number(plan.promptVersion)));
        if (!json) {
            out << "Replaying " << source.record.id << " (" << plan.change << ") on " << plan.provider << '/' << plan.model
                << ", " << job.runs << " run(s)\n";
            for (const QString &assumption : plan.assumptions)
                out << "note: " << assumption << '\n';
            out << Qt::flush;
        }
    });
    QObject::connect(&batch, &replay::ReplayBatch::replayed, [&](const replay::ReplayResult &result) {
        results.push_back(result);
        if (!json) {
            const bool same = result.record.status == CallStatus::Ok && result.output == sourceOutput;
            out << QStringLiteral("  run %1  %2  %3 ms  $%4  %5  %6\n")
                       .arg(result.run, 2)
                       .arg(result.record.failure ? nameOf(*result.record.failure) : nameOf(result.record.status), -10)
                       .arg(result.record.latencyUs / 1000, 6)
                       .arg(static_cast<double>(result.record.costMicros) / 1e6, 0, 'f', 6)
                       .arg(same ? QStringLiteral("same as original") : QStringLiteral("differs"), result.record.id)
                << Qt::flush;
        }
    });
    QObject::connect(&batch, &replay::ReplayBatch::finished, [&](const replay::ReplaySummary &done, bool) {
        summary = done;
        QCoreApplication::exit();
    });
    QObject::connect(&batch, &replay::ReplayBatch::failed, [&](const QString &message) {
        failure = message;
        QCoreApplication::exit();
    });
    QMetaObject::invokeMethod(&batch, [&batch, job] { batch.start(job); }, Qt::QueuedConnection);
    QCoreApplication::exec();
    workspace.flush();

    if (!summary) {
        err << "switchboard-cli: " << failure << '\n';
        return kExitFailure;
    }
    if (json) {
        std::sort(results.begin(), results.end(), [](const auto &a, const auto &b) { return a.run < b.run; });
        QJsonArray replays;
        for (const replay::ReplayResult &result : results) {
            QJsonObject row = callJson(result.record);
            row.insert(QStringLiteral("run"), result.run);
            row.insert(QStringLiteral("output"), result.output);
            row.insert(QStringLiteral("identical_to_original"),
                       result.record.status == CallStatus::Ok && result.output == sourceOutput);
            replays.append(row);
        }
        out << QJsonDocument(QJsonObject { { QStringLiteral("source"), sourceJson },
                                           { QStringLiteral("plan"), planJson },
                                           { QStringLiteral("replays"), replays },
                                           { QStringLiteral("summary"), summaryJson(*summary) } })
                   .toJson(QJsonDocument::Indented);
    } else {
        out << QStringLiteral("%1 of %2 answered; %3 identical to the original; %4 distinct output(s)\n")
                   .arg(summary->answered)
                   .arg(summary->runs)
                   .arg(summary->identical)
                   .arg(summary->outputs.size())
            << "latency " << spreadText(summary->latencyUs, 1000.0, 0, QStringLiteral(" ms")) << "; cost $"
            << spreadText(summary->costMicros, 1e6, 6, QString()) << '\n';
    }
    return summary->answered == summary->runs ? kExitOk : kExitFailure;
}

} // namespace switchboard::cli
