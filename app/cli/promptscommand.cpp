// switchboard-cli prompts: the workspace's prompt registry; list and show prompts, export them
// to a file, import Switchboard's, Langfuse's or promptfoo's files, move a label.
#include "commands.h"

#include "model/localauthor.h"
#include "prompts/promptfile.h"
#include "prompts/promptimport.h"
#include "store/connection.h"
#include "store/promptrepository.h"
#include "store/workspace.h"

#include <QCommandLineParser>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

namespace switchboard::cli {
namespace {

using namespace switchboard::core;

const char kUsage[] = "Usage: switchboard-cli prompts list | show NAME[@LABEL|@VERSION] | export [NAME...] --out FILE |\n"
                      "       import FILE [--format F] [--name N] | label NAME LABEL VERSION --reason R |\n"
                      "       delete NAME --reason R  [options]\n";

int list(store::PromptRepository &repository, bool json)
{
    auto summaries = repository.list();
    if (!summaries)
        return reportFailure(summaries.error());
    QTextStream out(stdout);
    QJsonArray array;
    for (const prompts::PromptSummary &summary : *summaries) {
        if (json) {
            array.append(QJsonObject { { QStringLiteral("name"), summary.name },
                                       { QStringLiteral("description"), summary.description },
                                       { QStringLiteral("tags"), QJsonArray::fromStringList(summary.tags) },
                                       { QStringLiteral("latest_version"), summary.latestVersion },
                                       { QStringLiteral("labels"), QJsonArray::fromStringList(summary.labels) },
                                       { QStringLiteral("model"), summary.model },
                                       { QStringLiteral("updated_ms"), summary.updatedMs } });
        } else {
            out << summary.name << "\tv" << summary.latestVersion << '\t' << summary.labels.join(QLatin1String(", ")) << '\t'
                << summary.model << '\n';
        }
    }
    if (json)
        out << QJsonDocument(array).toJson(QJsonDocument::Compact) << '\n';
    return kExitOk;
}

// NAME, NAME@LABEL or NAME@VERSION; without either, the production version if there is one.
int show(store::PromptRepository &repository, const QString &spec, bool json)
{
    const qsizetype atSign = spec.lastIndexOf(u'@');
    const QString name = atSign < 0 ? spec : spec.left(atSign);
    const QString which = atSign < 0 ? QString() : spec.mid(atSign + 1);
    auto prompt = repository.load(name);
    if (!prompt)
        return reportFailure(prompt.error());
    bool isNumber = false;
    const qint64 asNumber = which.toLongLong(&isNumber);
    std::optional<qint64> number = isNumber ? std::optional<qint64>(asNumber)
        : which.isEmpty()                   ? prompt->labelled(QString(prompts::kProductionLabel))
                                                  .or_else([&] { return prompt->labelled(QString(prompts::kLatestLabel)); })
                                            : prompt->labelled(which);
    const prompts::PromptVersion *version = number ? prompt->version(*number) : nullptr;
    if (!version) {
        QTextStream(stderr) << "switchboard-cli: prompt \"" << name << "\" has no "
                            << (which.isEmpty() ? QStringLiteral("versions yet")
                                                : (isNumber ? QStringLiteral("version ") : QStringLiteral("label ")) + which)
                            << ". 'switchboard-cli prompts list' shows its versions and labels.\n";
        return kExitFailure;
    }
    QTextStream out(stdout);
    if (json) {
        const nlohmann::json document { { "name", name.toStdString() },
                                        { "version", version->number },
                                        { "content", prompts::toJson(version->content) },
                                        { "content_hash", version->contentHash.toStdString() } };
        out << QString::fromStdString(document.dump(2)) << '\n';
        return kExitOk;
    }
    QStringList labels;
    for (const prompts::PromptLabel &label : prompt->labels)
        if (label.version == version->number)
            labels.push_back(label.label);
    out << prompt->name << " version " << version->number
        << (labels.isEmpty() ? QString() : QLatin1String(" (") + labels.join(QLatin1String(", ")) + u')') << '\n';
    if (!version->commitMessage.isEmpty())
        out << "  " << version->commitMessage << " — " << version->author << '\n';
    out << "model: " << QString::fromStdString(prompts::toJson(version->content.model).dump()) << '\n';
    for (const prompts::PromptVariable &variable : version->content.variables)
        out << "variable " << variable.name << ": " << prompts::nameOf(variable.type)
            << (variable.required ? QString() : QStringLiteral(" (optional)")) << '\n';
    for (const prompts::MessageTemplate &message : version->content.messages)
        out << "\n[" << nameOf(message.role) << "]\n" << message.text << '\n';
    return kExitOk;
}

int exportTo(store::PromptRepository &repository, QStringList names, const QString &path)
{
    if (names.isEmpty()) {
        auto summaries = repository.list();
        if (!summaries)
            return reportFailure(summaries.error());
        for (const prompts::PromptSummary &summary : *summaries)
            names.push_back(summary.name);
    }
    std::vector<prompts::Prompt> loaded;
    for (const QString &name : names) {
        auto prompt = repository.load(name);
        if (!prompt)
            return reportFailure(prompt.error(), " Nothing was exported.");
        loaded.push_back(std::move(*prompt));
    }
    const QByteArray bytes = prompts::exportPromptBytes(loaded);
    if (!writeOutput(path, bytes))
        return kExitFailure;
    if (path.isEmpty() || path == QLatin1String("-"))
        return kExitOk;
    QTextStream(stdout) << "Exported " << loaded.size() << (loaded.size() == 1 ? " prompt" : " prompts") << " to " << path << ".\n";
    return kExitOk;
}

int import(store::Connection &connection, const QString &path, const QCommandLineParser &parser, bool json)
{
    QTextStream err(stderr);
    const auto format = prompts::promptFileFormatFromString(parser.value(QStringLiteral("format")));
    if (!format) {
        err << "switchboard-cli: --format takes switchboard, langfuse or promptfoo (or leave it out to detect it).\n";
        return kExitUsage;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        err << "switchboard-cli: cannot read " << path << ": " << file.errorString() << '\n';
        return kExitFailure;
    }
    prompts::PromptFileOptions options;
    options.format = *format;
    options.fileName = QFileInfo(path).fileName();
    options.name = parser.value(QStringLiteral("name"));
    options.author = localAuthor();
    auto read = prompts::readPromptFile(file.readAll(), options);
    if (!read) {
        err << "switchboard-cli: " << path << " cannot be imported:\n";
        for (const QString &line : read.error().message.split(u'\n'))
            err << "  " << line << '\n';
        err << "Nothing was changed.\n";
        return kExitFailure;
    }
    auto imported = prompts::importPrompts(connection, read->prompts, options.author);
    if (!imported)
        return reportFailure(imported.error());
    QTextStream out(stdout);
    if (json) {
        out << QJsonDocument(QJsonObject { { QStringLiteral("format"), prompts::nameOf(read->format) },
                                           { QStringLiteral("prompts"), QJsonArray::fromStringList(imported->names) },
                                           { QStringLiteral("versions"), imported->versions },
                                           { QStringLiteral("labels"), imported->labels },
                                           { QStringLiteral("notes"), QJsonArray::fromStringList(read->notes) } })
                   .toJson(QJsonDocument::Compact)
            << '\n';
        return kExitOk;
    }
    out << "Imported " << imported->names.size() << " prompts (" << imported->versions << " versions, " << imported->labels
        << " labels) from " << path << " (" << prompts::nameOf(read->format) << "):\n";
    for (const prompts::Prompt &prompt : read->prompts)
        out << "  " << prompt.name << ": " << prompt.versions.size() << (prompt.versions.size() == 1 ? " version\n" : " versions\n");
    if (!read->notes.isEmpty()) {
        out << "Not kept:\n";
        for (const QString &note : read->notes)
            out << "  " << note << '\n';
    }
    return kExitOk;
}

int label(store::PromptRepository &repository, const QStringList &args, const QString &reason)
{
    bool isNumber = false;
    const qint64 number = args.at(3).toLongLong(&isNumber);
    const bool remove = args.at(3) == QLatin1String("none");
    if (!isNumber && !remove) {
        QTextStream(stderr) << "switchboard-cli: VERSION is a version number, or none to remove the label.\n";
        return kExitUsage;
    }
    const std::optional<qint64> version = remove ? std::nullopt : std::optional<qint64>(number);
    if (auto moved = repository.moveLabel(args.at(1), args.at(2), version, reason, localAuthor()); !moved)
        return reportFailure(moved.error());
    QTextStream(stdout) << args.at(1) << ": " << args.at(2) << (remove ? QStringLiteral(" removed") : QStringLiteral(" -> version ") + args.at(3))
                        << ".\n";
    return kExitOk;
}

} // namespace

int runPromptsCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "The workspace's prompts. 'list' and 'show NAME[@LABEL|@VERSION]' print them; 'export [NAME...] --out FILE' "
        "writes all (or the named) prompts with every version, label and label move; 'import FILE' reads that file, "
        "a Langfuse prompt export or a promptfoo prompt file, and writes nothing unless the whole file is good; "
        "'label NAME LABEL VERSION --reason R' moves a label (VERSION none removes it); 'delete NAME --reason R' deletes "
        "a prompt with all its versions (export it first to keep a copy)."));
    addWorkspaceOptions(parser);
    parser.addOption({ QStringLiteral("out"), QStringLiteral("export: the file to write (- for standard output)."), QStringLiteral("file") });
    parser.addOption({ QStringLiteral("format"), QStringLiteral("import: switchboard, langfuse or promptfoo; detected when left out."),
                       QStringLiteral("format"), QStringLiteral("detect") });
    parser.addOption({ QStringLiteral("name"), QStringLiteral("import: the name for the file's only prompt."), QStringLiteral("name") });
    parser.addOption({ QStringLiteral("reason"), QStringLiteral("label, delete: why (kept in the label history and the audit log)."),
                       QStringLiteral("text") });
    parser.addPositionalArgument(QStringLiteral("action"), QStringLiteral("list, show, export, import, label or delete"));
    parser.process(arguments);

    QTextStream err(stderr);
    const QStringList args = parser.positionalArguments();
    const QString action = args.value(0);
    const bool usable = (action == QLatin1String("list") && args.size() == 1) || (action == QLatin1String("show") && args.size() == 2)
        || action == QLatin1String("export") || (action == QLatin1String("import") && args.size() == 2)
        || (action == QLatin1String("label") && args.size() == 4) || (action == QLatin1String("delete") && args.size() == 2);
    if (!usable) {
        err << kUsage;
        return kExitUsage;
    }
    int exitCode = kExitOk;
    const auto connection = openWorkspace(parser, exitCode);
    if (!connection)
        return exitCode;
    store::PromptRepository repository(*connection);
    const bool json = parser.isSet(QStringLiteral("json"));
    if (action == QLatin1String("list"))
        return list(repository, json);
    if (action == QLatin1String("show"))
        return show(repository, args.at(1), json);
    if (action == QLatin1String("export"))
        return exportTo(repository, args.mid(1), parser.value(QStringLiteral("out")));
    if (action == QLatin1String("import"))
        return import(*connection, args.at(1), parser, json);
    if (!parser.isSet(QStringLiteral("reason"))) {
        err << "switchboard-cli: prompts " << action << " needs --reason: it goes into the audit log.\n";
        return kExitUsage;
    }
    if (action == QLatin1String("delete")) {
        if (auto removed = repository.remove(args.at(1), parser.value(QStringLiteral("reason")), localAuthor()); !removed)
            return reportFailure(removed.error());
        QTextStream(stdout) << args.at(1) << " deleted.\n";
        return kExitOk;
    }
    return label(repository, args, parser.value(QStringLiteral("reason")));
}

} // namespace switchboard::cli
