// switchboard-cli rules: the routing rule sets; list versions, show one, save a file as a new
// draft, activate (or roll back to) a version, and explain where a call would go.
#include "commands.h"

#include "model/localauthor.h"
#include "routing/router.h"
#include "store/connection.h"
#include "store/rulesetrepository.h"
#include "store/workspace.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

namespace switchboard::cli {
namespace {

using namespace switchboard::core;

const char kUsage[] = "Usage: switchboard-cli rules list | show VERSION | save FILE [--comment C] |\n"
                      "       activate VERSION --reason R | explain [--version N | --file FILE] [--model M]\n"
                      "       [--tenant T] [--feature F] [--user U] [--tier T] [--key K] [--prompt P] [--label L]\n"
                      "       [--tag T]... [--input-tokens N]   [--workspace W] [--json]\n";

int list(store::RuleSetRepository &repository, bool json)
{
    auto versions = repository.list();
    if (!versions)
        return reportFailure(versions.error());
    QTextStream out(stdout);
    QJsonArray array;
    for (const store::StoredRuleSet &stored : *versions) {
        if (json) {
            array.append(QJsonObject { { QStringLiteral("version"), stored.version },
                                       { QStringLiteral("status"), store::nameOf(stored.status) },
                                       { QStringLiteral("rules"), static_cast<qint64>(stored.rules.rules.size()) },
                                       { QStringLiteral("comment"), stored.comment },
                                       { QStringLiteral("author"), stored.author },
                                       { QStringLiteral("created_ms"), stored.createdMs } });
            continue;
        }
        out << 'v' << stored.version << '\t' << store::nameOf(stored.status) << '\t' << stored.rules.rules.size() << " rules\t"
            << QDateTime::fromMSecsSinceEpoch(stored.createdMs).toString(QStringLiteral("yyyy-MM-dd HH:mm")) << '\t'
            << stored.author << '\t' << stored.comment << '\n';
    }
    if (json)
        out << QJsonDocument(array).toJson(QJsonDocument::Compact) << '\n';
    return kExitOk;
}

Result<routing::RuleSet> readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(ErrorCode::Io, QStringLiteral("Cannot read %1: %2").arg(path, file.errorString()));
    auto rules = routing::parseRuleSet(file.readAll());
    if (!rules)
        return fail(rules.error().code, QStringLiteral("%1: %2").arg(path, rules.error().message));
    return rules;
}

// The rule set to explain against: a file, a stored version, or the active one.
Result<std::pair<routing::RuleSet, QString>> ruleSetToExplain(store::RuleSetRepository &repository, const QCommandLineParser &parser)
{
    if (parser.isSet(QStringLiteral("file"))) {
        auto rules = readFile(parser.value(QStringLiteral("file")));
        if (!rules)
            return std::unexpected(rules.error());
        return std::pair { *rules, parser.value(QStringLiteral("file")) };
    }
    if (parser.isSet(QStringLiteral("version"))) {
        auto stored = repository.version(parser.value(QStringLiteral("version")).toLongLong());
        if (!stored)
            return std::unexpected(stored.error());
        return std::pair { stored->rules, QStringLiteral("version %1").arg(stored->version) };
    }
    auto active = repository.active();
    if (!active)
        return std::unexpected(active.error());
    if (!*active)
        return std::pair { routing::RuleSet {}, QStringLiteral("no active rule set") };
    return std::pair { (*active)->rules, QStringLiteral("active version %1").arg((*active)->version) };
}

int explain(store::RuleSetRepository &repository, const QCommandLineParser &parser, bool json)
{
    auto rules = ruleSetToExplain(repository, parser);
    if (!rules)
        return reportFailure(rules.error());
    routing::RouteInput input;
    input.model = parser.value(QStringLiteral("model"));
    input.tenant = parser.value(QStringLiteral("tenant"));
    input.feature = parser.value(QStringLiteral("feature"));
    input.userId = parser.value(QStringLiteral("user"));
    input.userTier = parser.value(QStringLiteral("tier"));
    input.gatewayKey = parser.value(QStringLiteral("key"));
    input.promptName = parser.value(QStringLiteral("prompt"));
    input.promptLabel = parser.value(QStringLiteral("label"));
    input.tags = parser.values(QStringLiteral("tag"));
    input.estimatedInputTokens = parser.value(QStringLiteral("input-tokens")).toLongLong();
    const routing::RouteDecision decision = routing::route(rules->first, input, 0);
    const QStringList lines = routing::explain(rules->first, decision);
    QTextStream out(stdout);
    if (json) {
        out << QJsonDocument(QJsonObject { { QStringLiteral("rule_set"), rules->second },
                                           { QStringLiteral("rule"), decision.ruleName },
                                           { QStringLiteral("target"), decision.target },
                                           { QStringLiteral("fallbacks"), QJsonArray::fromStringList(decision.fallbacks) },
                                           { QStringLiteral("shadow"), decision.shadow },
                                           { QStringLiteral("explanation"), QJsonArray::fromStringList(lines) } })
                   .toJson(QJsonDocument::Compact)
            << '\n';
    } else {
        out << "Against " << rules->second << ":\n";
        for (const QString &line : lines)
            out << "  " << line << '\n';
    }
    return kExitOk;
}

} // namespace

int runRulesCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Routing rule sets: numbered versions, one active. A saved file is "
                                                    "validated against the workspace's aliases before it becomes a draft."));
    addWorkspaceOptions(parser);
    for (const auto &[name, help] : { std::pair { "comment", "What the new version changes." },
                                      std::pair { "reason", "Why this version goes live (for the audit log)." },
                                      std::pair { "version", "Explain against this stored version." },
                                      std::pair { "file", "Explain against a rule set file." },
                                      std::pair { "model", "The model or alias the call asks for." },
                                      std::pair { "tenant", "The caller's tenant." },
                                      std::pair { "feature", "The feature the call is for." },
                                      std::pair { "user", "The end user's id." },
                                      std::pair { "tier", "The end user's tier." },
                                      std::pair { "key", "The gateway key's name." },
                                      std::pair { "prompt", "The prompt's name." },
                                      std::pair { "label", "The prompt's label." },
                                      std::pair { "tag", "A request tag (repeat)." },
                                      std::pair { "input-tokens", "Estimated input tokens." } })
        parser.addOption({ QLatin1String(name), QLatin1String(help), QStringLiteral("value") });
    parser.addPositionalArgument(QStringLiteral("action"), QStringLiteral("list, show, save, activate or explain"));
    parser.process(arguments);
    const QStringList positional = parser.positionalArguments();
    const QString action = positional.value(0);
    const bool usageOk = ((action == QLatin1String("list") || action == QLatin1String("explain")) && positional.size() == 1)
                         || ((action == QLatin1String("show") || action == QLatin1String("save")
                              || action == QLatin1String("activate"))
                             && positional.size() == 2);
    if (!usageOk) {
        QTextStream(stderr) << kUsage;
        return kExitUsage;
    }
    int exitCode = kExitOk;
    const auto connection = openWorkspace(parser, exitCode);
    if (!connection)
        return exitCode;
    store::RuleSetRepository repository(*connection);
    const bool json = parser.isSet(QStringLiteral("json"));
    if (action == QLatin1String("list"))
        return list(repository, json);
    if (action == QLatin1String("explain"))
        return explain(repository, parser, json);
    if (action == QLatin1String("show")) {
        auto stored = repository.version(positional.at(1).toLongLong());
        if (!stored)
            return reportFailure(stored.error());
        QTextStream(stdout) << QString::fromStdString(routing::toJson(stored->rules).dump(2)) << '\n';
        return kExitOk;
    }
    if (action == QLatin1String("save")) {
        auto rules = readFile(positional.at(1));
        if (!rules)
            return reportFailure(rules.error());
        auto version = repository.saveDraft(*rules, parser.value(QStringLiteral("comment")), localAuthor());
        if (!version)
            return reportFailure(version.error());
        QTextStream(stdout) << *version << '\n';
        QTextStream(stderr) << "Saved as draft version " << *version << "; 'switchboard-cli rules activate " << *version
                            << " --reason ...' puts it live.\n";
        return kExitOk;
    }
    if (auto activated = repository.activate(positional.at(1).toLongLong(), parser.value(QStringLiteral("reason")), localAuthor());
        !activated)
        return reportFailure(activated.error());
    QTextStream(stderr) << "Rule set version " << positional.at(1) << " is active; running gateways pick it up within a second.\n";
    return kExitOk;
}

} // namespace switchboard::cli
