// switchboard-cli gates: gates on prompt labels. Moving a gated label to a version needs a
// finished eval run of that version on the gate's dataset that reaches its pass rate.
#include "commands.h"

#include "evals/evalcomparison.h"
#include "model/localauthor.h"
#include "store/connection.h"
#include "store/labelgaterepository.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

namespace switchboard::cli {

using namespace switchboard::core;

int runGatesCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Gates on prompt labels. 'list' shows them; 'set PROMPT LABEL --dataset D --threshold 0.9' makes moving LABEL "
        "to a version need a finished eval run of that version on D (its current version) passing at least the "
        "threshold; 'remove PROMPT LABEL' lifts it. Moving a label back to a version it held before is never gated."));
    addWorkspaceOptions(parser);
    parser.addOption({ QStringLiteral("dataset"), QStringLiteral("set: the dataset a run must pass."), QStringLiteral("name") });
    parser.addOption({ QStringLiteral("threshold"), QStringLiteral("set: the pass rate it needs, above 0 and at most 1."), QStringLiteral("share"), QStringLiteral("0.9") });
    parser.addPositionalArgument(QStringLiteral("action"), QStringLiteral("list, set PROMPT LABEL or remove PROMPT LABEL"));
    parser.process(arguments);

    const QStringList args = parser.positionalArguments();
    const QString action = args.value(0);
    const bool usable = (action == QLatin1String("list") && args.size() == 1)
        || (action == QLatin1String("set") && args.size() == 3 && parser.isSet(QStringLiteral("dataset")))
        || (action == QLatin1String("remove") && args.size() == 3);
    if (!usable) {
        QTextStream(stderr) << "Usage: switchboard-cli gates list | set PROMPT LABEL --dataset D [--threshold 0.9] | remove PROMPT LABEL  -w W\n";
        return kExitUsage;
    }
    int exitCode = kExitOk;
    const auto connection = openWorkspace(parser, exitCode);
    if (!connection)
        return exitCode;
    store::LabelGateRepository gates(*connection);
    QTextStream out(stdout);
    if (action == QLatin1String("set")) {
        bool valid = false;
        const double threshold = parser.value(QStringLiteral("threshold")).toDouble(&valid);
        if (!valid) {
            QTextStream(stderr) << "switchboard-cli: --threshold is a share such as 0.9\n";
            return kExitUsage;
        }
        if (auto set = gates.set({ args.at(1), args.at(2), parser.value(QStringLiteral("dataset")), threshold }, localAuthor()); !set)
            return reportFailure(set.error());
        out << "Moving " << args.at(2) << " of " << args.at(1) << " now needs a run on " << parser.value(QStringLiteral("dataset"))
            << " passing at least " << evals::percent(threshold) << ".\n";
        return kExitOk;
    }
    if (action == QLatin1String("remove")) {
        if (auto removed = gates.remove(args.at(1), args.at(2), localAuthor()); !removed)
            return reportFailure(removed.error());
        out << args.at(2) << " of " << args.at(1) << " is no longer gated.\n";
        return kExitOk;
    }
    auto all = gates.list();
    if (!all)
        return reportFailure(all.error());
    if (parser.isSet(QStringLiteral("json"))) {
        QJsonArray rows;
        for (const store::LabelGate &gate : *all)
            rows.append(QJsonObject { { QStringLiteral("prompt"), gate.promptName }, { QStringLiteral("label"), gate.label },
                                      { QStringLiteral("dataset"), gate.dataset }, { QStringLiteral("threshold"), gate.threshold } });
        out << QJsonDocument(rows).toJson(QJsonDocument::Indented);
        return kExitOk;
    }
    for (const store::LabelGate &gate : *all)
        out << gate.promptName << '@' << gate.label << "  needs " << gate.dataset << " >= " << evals::percent(gate.threshold) << '\n';
    if (all->empty())
        out << "No label is gated; gate one with 'switchboard-cli gates set PROMPT production --dataset D'.\n";
    return kExitOk;
}

} // namespace switchboard::cli
