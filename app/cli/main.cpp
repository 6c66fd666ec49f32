// switchboard-cli: scripting against a workspace.
#include "model/productinfo.h"
#include "store/workspace.h"
#include "store/workspaceargument.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

using namespace switchboard::core;

namespace {

constexpr int kExitUsage = 2;
constexpr int kExitFailure = 1;

QJsonObject toJson(const store::WorkspaceSummary &summary)
{
    return QJsonObject {
        { QStringLiteral("location"), summary.location.displayName() },
        { QStringLiteral("id"), summary.info.id },
        { QStringLiteral("name"), summary.info.name },
        { QStringLiteral("created"),
          QDateTime::fromMSecsSinceEpoch(summary.info.createdMs, Qt::UTC)
              .toString(Qt::ISODateWithMs) },
        { QStringLiteral("schema_version"), summary.schemaVersion },
        { QStringLiteral("providers"), summary.providers },
        { QStringLiteral("prompts"), summary.prompts },
    };
}

int printSummary(const store::WorkspaceSummary &summary, bool json)
{
    QTextStream out(stdout);
    if (json) {
        out << QJsonDocument(toJson(summary)).toJson(QJsonDocument::Indented);
        return 0;
    }
    out << "workspace  " << summary.info.name << '\n'
        << "location   " << summary.location.displayName() << '\n'
        << "id         " << summary.info.id << '\n'
        << "schema     " << summary.schemaVersion << '\n'
        << "providers  " << summary.providers << '\n'
        << "prompts    " << summary.prompts << '\n';
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    applyProductIdentity();

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Switchboard command line.\n\nCommands:\n"
        "  init   create a workspace (or bring an existing one up to date) and describe it\n"
        "  info   describe an existing workspace"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOption(store::workspaceOption());
    parser.addOption(QCommandLineOption(QStringLiteral("json"),
                                        QStringLiteral("Print machine-readable JSON.")));
    parser.addPositionalArgument(QStringLiteral("command"), QStringLiteral("init or info"));
    parser.process(app);

    QTextStream err(stderr);
    const QStringList args = parser.positionalArguments();
    if (args.size() != 1) {
        err << "switchboard-cli: name one command (init or info); see --help.\n";
        return kExitUsage;
    }
    const QString command = args.constFirst();
    if (command != QLatin1String("init") && command != QLatin1String("info")) {
        err << "switchboard-cli: unknown command '" << command << "'; see --help.\n";
        return kExitUsage;
    }

    auto location = store::workspaceFrom(parser);
    if (!location) {
        err << "switchboard-cli: " << location.error().message << '\n';
        return kExitUsage;
    }
    const auto mode = command == QLatin1String("init") ? store::Connection::Mode::CreateIfMissing
                                                       : store::Connection::Mode::OpenExisting;
    auto summary = store::prepareWorkspace(*location, mode);
    if (!summary) {
        err << "switchboard-cli: " << summary.error().message << '\n';
        return kExitFailure;
    }
    return printSummary(*summary, parser.isSet(QStringLiteral("json")));
}
