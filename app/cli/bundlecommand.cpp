// switchboard-cli bundle: reproduction bundles. 'export' writes calls (with their replays) and
// what replaying them needs to one file; 'import' adds such a file to another workspace.
#include "commands.h"

#include "model/localauthor.h"
#include "replay/reprobundle.h"
#include "store/connection.h"

#include <QCommandLineParser>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

namespace switchboard::cli {
namespace {

using namespace switchboard::core;

int exportBundle(store::Connection &connection, const QStringList &callIds, const QString &path)
{
    auto bundle = replay::collectBundle(connection, callIds);
    if (!bundle)
        return reportFailure(bundle.error());
    bundle->exportedBy = localAuthor();
    if (!writeOutput(path, replay::toBytes(*bundle)))
        return kExitFailure;
    if (!path.isEmpty() && path != QLatin1String("-"))
        QTextStream(stdout) << "Exported " << bundle->calls.size() << " call(s), " << bundle->providers.size()
                            << " provider(s), " << bundle->pins.size() << " pin(s) and " << bundle->prompts.size()
                            << " prompt(s) to " << path << ".\n";
    return kExitOk;
}

int importBundle(store::Connection &connection, const QString &path, bool json)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        QTextStream(stderr) << "switchboard-cli: cannot read " << path << ": " << file.errorString() << '\n';
        return kExitFailure;
    }
    auto bundle = replay::bundleFromBytes(file.readAll());
    if (!bundle)
        return reportFailure(bundle.error(), ". Nothing was imported.");
    auto report = replay::importBundle(connection, *bundle, localAuthor());
    if (!report)
        return reportFailure(report.error(), ". Nothing was imported.");
    QTextStream out(stdout);
    if (json) {
        out << QJsonDocument(QJsonObject { { QStringLiteral("calls_added"), report->callsAdded },
                                           { QStringLiteral("calls_present"), report->callsPresent },
                                           { QStringLiteral("providers_added"), QJsonArray::fromStringList(report->providersAdded) },
                                           { QStringLiteral("pins_added"), QJsonArray::fromStringList(report->pinsAdded) },
                                           { QStringLiteral("prompts_added"), QJsonArray::fromStringList(report->promptsAdded) },
                                           { QStringLiteral("notes"), QJsonArray::fromStringList(report->notes) },
                                           { QStringLiteral("calls"), [&] {
                                                 QJsonArray ids;
                                                 for (const store::RecordedCall &call : bundle->calls)
                                                     ids.append(call.record.id);
                                                 return ids;
                                             }() } })
                   .toJson(QJsonDocument::Indented);
        return kExitOk;
    }
    out << "Imported " << report->callsAdded << " call(s)";
    if (report->callsPresent)
        out << " (" << report->callsPresent << " already here)";
    const auto list = [](const QStringList &names) { return names.isEmpty() ? QStringLiteral("none") : names.join(QLatin1String(", ")); };
    out << "; providers added: " << list(report->providersAdded) << "; pins added: " << list(report->pinsAdded)
        << "; prompts added: " << list(report->promptsAdded) << ".\n";
    for (const QString &note : std::as_const(report->notes))
        out << "note: " << note << '\n';
    out << "Replay one with: switchboard-cli replay --call " << bundle->calls.front().record.id << '\n';
    return kExitOk;
}

} // namespace

int runBundleCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Reproduction bundles. 'export --call ID [--call ID...] [--out FILE]' writes the calls, every replay of them, and "
        "the providers (never a key), pins, prompts and rule sets they used to one JSON file; 'import FILE' adds it to "
        "this workspace: calls it does not have (to the log, not the dashboards), and providers, pins and prompts it has "
        "no namesake of. Nothing already in the workspace is changed."));
    addWorkspaceOptions(parser);
    parser.addOption({ QStringLiteral("call"), QStringLiteral("export: a call to put in the bundle (repeat for more)."),
                       QStringLiteral("id") });
    parser.addOption({ QStringLiteral("out"), QStringLiteral("export: the file to write (- or none: standard output)."),
                       QStringLiteral("file") });
    parser.addPositionalArgument(QStringLiteral("action"), QStringLiteral("export, or import FILE"));
    parser.process(arguments);

    const QStringList args = parser.positionalArguments();
    const QString action = args.value(0);
    const bool exporting = action == QLatin1String("export") && args.size() == 1 && parser.isSet(QStringLiteral("call"));
    const bool importing = action == QLatin1String("import") && args.size() == 2;
    if (!exporting && !importing) {
        QTextStream(stderr) << "Usage: switchboard-cli bundle export -w W --call ID [--call ID...] [--out FILE]\n"
                               "       switchboard-cli bundle import -w W FILE [--json]\n";
        return kExitUsage;
    }
    int exitCode = kExitOk;
    const auto connection = openWorkspace(parser, exitCode);
    if (!connection)
        return exitCode;
    if (exporting)
        return exportBundle(*connection, parser.values(QStringLiteral("call")), parser.value(QStringLiteral("out")));
    return importBundle(*connection, args.at(1), parser.isSet(QStringLiteral("json")));
}

} // namespace switchboard::cli
