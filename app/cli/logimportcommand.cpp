// switchboard-cli log import: history logged elsewhere (OpenAI-format request/response JSONL,
// or OTLP JSON traces with GenAI spans) into the request log.
#include "commands.h"

#include "store/callimport.h"
#include "store/connection.h"
#include "store/importedcalls.h"
#include "store/pricerepository.h"

#include <QCommandLineParser>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

namespace switchboard::cli {

using namespace switchboard::core;

int runLogImportCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Import calls logged elsewhere into the request log, as gateway traffic tagged \"imported\": OpenAI-format "
        "request/response logs (JSON Lines of {\"request\", \"response\", \"timestamp\", \"latency_ms\", \"metadata\"}) or "
        "OTLP JSON traces whose spans follow the OpenTelemetry GenAI conventions. All or nothing: a line that cannot be "
        "read imports nothing. Importing the same file again adds nothing."));
    addWorkspaceOptions(parser);
    parser.addOption({ QStringLiteral("in"), QStringLiteral("The file to import."), QStringLiteral("file") });
    parser.addOption({ QStringLiteral("format"), QStringLiteral("openai or otlp (default: told from the file)."), QStringLiteral("format") });
    parser.addOption({ QStringLiteral("provider"), QStringLiteral("openai: the provider the calls went to (default openai)."), QStringLiteral("name") });
    parser.addPositionalArgument(QStringLiteral("import"), QStringLiteral("import"));
    parser.process(arguments);

    QTextStream err(stderr);
    const QString path = parser.value(QStringLiteral("in"));
    if (path.isEmpty()) {
        err << "Usage: switchboard-cli log import --in FILE [--format openai|otlp] [--provider NAME] -w W\n";
        return kExitUsage;
    }
    QString format = parser.value(QStringLiteral("format")).toLower();
    if (!format.isEmpty() && format != QLatin1String("openai") && format != QLatin1String("otlp")) {
        err << "switchboard-cli: --format is openai or otlp\n";
        return kExitUsage;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        err << "switchboard-cli: " << path << " cannot be read: " << file.errorString() << '\n';
        return kExitFailure;
    }
    const QByteArray bytes = file.readAll();
    if (format.isEmpty())
        format = bytes.left(4096).contains("\"resourceSpans\"") ? QStringLiteral("otlp") : QStringLiteral("openai");

    int exitCode = kExitOk;
    const auto connection = openWorkspace(parser, exitCode);
    if (!connection)
        return exitCode;
    auto prices = store::PriceRepository(*connection).loadPriceBook();
    if (!prices)
        return reportFailure(prices.error());
    auto parsed = format == QLatin1String("otlp") ? store::parseOtlpTraces(bytes, *prices)
                                                  : store::parseOpenAiLog(bytes, *prices, parser.value(QStringLiteral("provider")));
    if (!parsed)
        return reportFailure(parsed.error(), " Nothing was imported.");
    const auto location = workspaceArgument(parser);
    auto imported = store::importCalls(*location, *connection, std::move(parsed->calls));
    if (!imported)
        return reportFailure(imported.error());
    QTextStream out(stdout);
    if (parser.isSet(QStringLiteral("json"))) {
        out << QJsonDocument(QJsonObject { { QStringLiteral("added"), imported->added },
                                           { QStringLiteral("already_there"), imported->alreadyThere },
                                           { QStringLiteral("skipped"), parsed->skipped },
                                           { QStringLiteral("notes"), QJsonArray::fromStringList(parsed->notes) } })
                   .toJson(QJsonDocument::Indented);
        return kExitOk;
    }
    out << "Imported " << imported->added << " call(s) from " << QFileInfo(path).fileName() << " (" << format << ")";
    if (imported->alreadyThere)
        out << "; " << imported->alreadyThere << " were imported before";
    out << ".\n";
    for (const QString &note : parsed->notes)
        out << "note: " << note << '\n';
    return kExitOk;
}

} // namespace switchboard::cli
