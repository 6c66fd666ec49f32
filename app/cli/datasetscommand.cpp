// switchboard-cli datasets: the workspace's datasets; list them, show one's items, add calls
// from the request log with their answers as the reference.
#include "commands.h"

#include "evals/datasetfile.h"
#include "model/localauthor.h"
#include "store/connection.h"
#include "store/datasetrepository.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

namespace switchboard::cli {
namespace {

using namespace switchboard::core;

int list(store::Connection &connection, bool json)
{
    auto datasets = store::DatasetRepository(connection).list();
    if (!datasets)
        return reportFailure(datasets.error());
    QTextStream out(stdout);
    if (json) {
        QJsonArray rows;
        for (const evals::DatasetSummary &d : *datasets)
            rows.append(QJsonObject { { QStringLiteral("name"), d.name }, { QStringLiteral("version"), d.version },
                                      { QStringLiteral("items"), d.items }, { QStringLiteral("updated_ms"), d.updatedMs } });
        out << QJsonDocument(rows).toJson(QJsonDocument::Indented);
        return kExitOk;
    }
    for (const evals::DatasetSummary &d : *datasets)
        out << d.name << "  v" << d.version << "  " << d.items << " item(s)\n";
    if (datasets->empty())
        out << "No datasets yet; add calls to one with 'switchboard-cli datasets add NAME --call ID'.\n";
    return kExitOk;
}

int show(store::Connection &connection, const QString &name)
{
    auto items = store::DatasetRepository(connection).items(name);
    if (!items)
        return reportFailure(items.error());
    QJsonArray rows;
    for (const evals::DatasetItem &item : *items)
        rows.append(QJsonObject { { QStringLiteral("id"), item.id },
                                  { QStringLiteral("input"), QJsonDocument::fromJson(QByteArray::fromStdString(item.input.dump())).object() },
                                  { QStringLiteral("reference_output"), item.referenceOutput },
                                  { QStringLiteral("assertions"), QJsonDocument::fromJson(QByteArray::fromStdString(item.assertions.dump())).array() },
                                  { QStringLiteral("source_call_id"), item.sourceCallId } });
    QTextStream(stdout) << QJsonDocument(rows).toJson(QJsonDocument::Indented);
    return kExitOk;
}

int add(store::Connection &connection, const QString &name, const QStringList &callIds)
{
    auto added = store::DatasetRepository(connection).addCalls(name, callIds, localAuthor());
    if (!added)
        return reportFailure(added.error(), " Nothing was added.");
    QTextStream(stdout) << "Added " << added->added << " item(s) to " << name << " (now version " << added->version << ")"
                        << (added->alreadyThere ? QStringLiteral("; %1 call(s) were in it already").arg(added->alreadyThere)
                                                : QString())
                        << ".\n";
    return kExitOk;
}

int importFile(store::Connection &connection, const QString &name, const QString &path)
{
    auto items = evals::readDatasetFile(path);
    if (!items)
        return reportFailure(items.error(), " Nothing was imported.");
    auto added = store::DatasetRepository(connection).addItems(name, *items, localAuthor());
    if (!added)
        return reportFailure(added.error(), " Nothing was imported.");
    QTextStream(stdout) << "Imported " << added->added << " item(s) into " << name << " (now version " << added->version << ").\n";
    return kExitOk;
}

} // namespace

int runDatasetsCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "The workspace's datasets. 'list' names them; 'show NAME' prints the items of its current version; "
        "'add NAME --call ID [--call ID...]' adds logged calls (creating the dataset if need be), each with its "
        "input (the prompt's variables, or the messages) and its answer as the reference; 'import --name NAME --in FILE' "
        "adds the items of a JSON Lines file, a CSV file (promptfoo's columns) or a promptfoo YAML test file, all or none."));
    addWorkspaceOptions(parser);
    parser.addOption({ QStringLiteral("call"), QStringLiteral("add: a call from the request log (repeat for more)."),
                       QStringLiteral("id") });
    parser.addOption({ QStringLiteral("name"), QStringLiteral("import: the dataset to add to (made if need be)."), QStringLiteral("name") });
    parser.addOption({ QStringLiteral("in"), QStringLiteral("import: a .jsonl, .csv or promptfoo .yaml file of items."), QStringLiteral("file") });
    parser.addPositionalArgument(QStringLiteral("action"), QStringLiteral("list, show NAME, add NAME or import"));
    parser.process(arguments);

    const QStringList args = parser.positionalArguments();
    const QString action = args.value(0);
    const bool usable = (action == QLatin1String("list") && args.size() == 1) || (action == QLatin1String("show") && args.size() == 2)
        || (action == QLatin1String("add") && args.size() == 2 && parser.isSet(QStringLiteral("call")))
        || (action == QLatin1String("import") && args.size() == 1 && parser.isSet(QStringLiteral("name")) && parser.isSet(QStringLiteral("in")));
    if (!usable) {
        QTextStream(stderr) << "Usage: switchboard-cli datasets list | show NAME | add NAME --call ID [--call ID...] | import --name NAME --in FILE  -w W\n";
        return kExitUsage;
    }
    int exitCode = kExitOk;
    const auto connection = openWorkspace(parser, exitCode);
    if (!connection)
        return exitCode;
    if (action == QLatin1String("list"))
        return list(*connection, parser.isSet(QStringLiteral("json")));
    if (action == QLatin1String("show"))
        return show(*connection, args.at(1));
    if (action == QLatin1String("import"))
        return importFile(*connection, parser.value(QStringLiteral("name")), parser.value(QStringLiteral("in")));
    return add(*connection, args.at(1), parser.values(QStringLiteral("call")));
}

} // namespace switchboard::cli
