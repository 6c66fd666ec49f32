// switchboard-cli init | info: create, migrate and describe a workspace.
#include "commands.h"

#include "store/workspace.h"
#include "store/workspaceargument.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QTextStream>

namespace switchboard::cli {
namespace {

using namespace switchboard::core;

QJsonObject toJson(const store::WorkspaceSummary &summary)
{
    return QJsonObject {
        { QStringLiteral("location"), summary.location.displayName() },
        { QStringLiteral("id"), summary.info.id },
        { QStringLiteral("name"), summary.info.name },
        { QStringLiteral("created"),
          QDateTime::fromMSecsSinceEpoch(summary.info.createdMs, Qt::UTC).toString(Qt::ISODateWithMs) },
        { QStringLiteral("schema_version"), summary.schemaVersion },
        { QStringLiteral("providers"), summary.providers },
        { QStringLiteral("prompts"), summary.prompts },
    };
}

} // namespace

void addWorkspaceOptions(QCommandLineParser &parser)
{
    parser.addHelpOption();
    parser.addOption(store::workspaceOption());
    parser.addOption(QCommandLineOption(QStringLiteral("json"), QStringLiteral("Print machine-readable JSON.")));
}

std::optional<store::WorkspaceLocation> workspaceArgument(const QCommandLineParser &parser)
{
    auto location = store::workspaceFrom(parser);
    if (!location) {
        QTextStream(stderr) << "switchboard-cli: " << location.error().message << '\n';
        return std::nullopt;
    }
    return *location;
}

std::unique_ptr<store::Connection> openWorkspace(const QCommandLineParser &parser, int &exitCode)
{
    const auto location = workspaceArgument(parser);
    if (!location) {
        exitCode = kExitUsage;
        return nullptr;
    }
    auto prepared = store::prepareWorkspace(*location);
    auto connection = prepared ? store::Connection::open(*location)
                               : Result<std::unique_ptr<store::Connection>>(std::unexpected(prepared.error()));
    if (!connection) {
        exitCode = reportFailure(connection.error());
        return nullptr;
    }
    return std::move(*connection);
}

int reportFailure(const Error &error, const char *after)
{
    QTextStream(stderr) << "switchboard-cli: " << error.message << after << '\n';
    return kExitFailure;
}

bool writeOutput(const QString &path, const QByteArray &bytes)
{
    if (path.isEmpty() || path == QLatin1String("-")) {
        QFile out;
        return out.open(stdout, QIODevice::WriteOnly) && out.write(bytes) == bytes.size();
    }
    // Written whole or not at all.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        QTextStream(stderr) << "switchboard-cli: cannot write " << path << ": " << file.errorString()
                            << ". Check the folder exists and can be written.\n";
        return false;
    }
    return true;
}

int runWorkspaceCommand(const QString &command, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(command == QLatin1String("init")
                                         ? QStringLiteral("Create a workspace, or bring an existing one up to date, and describe it.")
                                         : QStringLiteral("Describe an existing workspace."));
    addWorkspaceOptions(parser);
    parser.process(arguments);

    QTextStream err(stderr);
    const auto location = workspaceArgument(parser);
    if (!location)
        return kExitUsage;
    const auto mode = command == QLatin1String("init") ? store::Connection::Mode::CreateIfMissing
                                                       : store::Connection::Mode::OpenExisting;
    auto summary = store::prepareWorkspace(*location, mode);
    if (!summary) {
        err << "switchboard-cli: " << summary.error().message << '\n';
        return kExitFailure;
    }
    QTextStream out(stdout);
    if (parser.isSet(QStringLiteral("json"))) {
        out << QJsonDocument(toJson(*summary)).toJson(QJsonDocument::Indented);
        return kExitOk;
    }
    out << "workspace  " << summary->info.name << '\n'
        << "location   " << summary->location.displayName() << '\n'
        << "id         " << summary->info.id << '\n'
        << "schema     " << summary->schemaVersion << '\n'
        << "providers  " << summary->providers << '\n'
        << "prompts    " << summary->prompts << '\n';
    return kExitOk;
}

} // namespace switchboard::cli
