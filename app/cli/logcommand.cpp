// switchboard-cli log: the request log through a filter, newest first, for people and scripts.
#include "calljson.h"
#include "commands.h"

#include "replay/callsnippet.h"
#include "store/callfilter.h"
#include "store/callrepository.h"
#include "store/connection.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

namespace switchboard::cli {
namespace {

using namespace switchboard::core;

QString line(const CallRecord &call)
{
    const QString when = QDateTime::fromMSecsSinceEpoch(call.startedMs).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    const QString outcome = call.failure ? nameOf(*call.failure) : call.cacheHit ? QStringLiteral("cache hit") : nameOf(call.status);
    return QStringLiteral("%1  %2  %3  %4 -> %5  %6 ms  $%7  %8/%9")
        .arg(when, call.id, outcome.leftJustified(14), call.alias.isEmpty() ? QStringLiteral("-") : call.alias,
             call.model.isEmpty() ? QStringLiteral("-") : call.model)
        .arg(call.latencyUs / 1000)
        .arg(static_cast<double>(call.costMicros) / 1e6, 0, 'f', 6)
        .arg(call.tenant.isEmpty() ? QStringLiteral("-") : call.tenant, call.feature.isEmpty() ? QStringLiteral("-") : call.feature);
}

int printCall(const QCommandLineParser &parser)
{
    static const QHash<QString, replay::SnippetLanguage> kLanguages {
        { QStringLiteral("curl"), replay::SnippetLanguage::Curl },
        { QStringLiteral("python"), replay::SnippetLanguage::Python },
        { QStringLiteral("typescript"), replay::SnippetLanguage::TypeScript },
    };
    const QString as = parser.value(QStringLiteral("as")).toLower();
    if (!as.isEmpty() && !kLanguages.contains(as)) {
        QTextStream(stderr) << "switchboard-cli: --as takes curl, python or typescript\n";
        return kExitUsage;
    }
    int exitCode = kExitOk;
    const auto connection = openWorkspace(parser, exitCode);
    if (!connection)
        return exitCode;
    const QString id = parser.value(QStringLiteral("call")).trimmed();
    auto call = store::CallRepository(*connection).load(id);
    if (!call)
        return reportFailure(call.error());
    if (!*call) {
        QTextStream(stderr) << "switchboard-cli: the workspace has no call " << id << '\n';
        return kExitFailure;
    }
    QTextStream out(stdout);
    if (!as.isEmpty()) {
        auto snippet = replay::callSnippet(**call, kLanguages.value(as), parser.value(QStringLiteral("gateway")));
        if (!snippet)
            return reportFailure(snippet.error());
        out << *snippet;
        return kExitOk;
    }
    QJsonObject json = callJson((*call)->record);
    const auto payload = [](const QByteArray &bytes) {
        const QJsonDocument document = QJsonDocument::fromJson(bytes);
        return document.isNull() ? QJsonValue(QString::fromUtf8(bytes)) : QJsonValue(document.object());
    };
    json.insert(QStringLiteral("redaction"), (*call)->redaction);
    json.insert(QStringLiteral("request"), payload((*call)->requestJson));
    json.insert(QStringLiteral("response"), payload((*call)->responseJson));
    if (!(*call)->variablesJson.isEmpty())
        json.insert(QStringLiteral("variables"), payload((*call)->variablesJson));
    QJsonArray attempts;
    for (const store::AttemptRow &attempt : (*call)->attempts)
        attempts.append(QJsonObject { { QStringLiteral("seq"), attempt.seq },
                                      { QStringLiteral("provider"), attempt.provider },
                                      { QStringLiteral("model"), attempt.model },
                                      { QStringLiteral("latency_us"), attempt.latencyUs },
                                      { QStringLiteral("http_status"), attempt.httpStatus },
                                      { QStringLiteral("failure"), attempt.failure ? nameOf(*attempt.failure) : QString() },
                                      { QStringLiteral("message"), attempt.message } });
    json.insert(QStringLiteral("attempts"), attempts);
    out << QJsonDocument(json).toJson(QJsonDocument::Indented);
    return kExitOk;
}

} // namespace

int runLogCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Print the request log, newest first, through a filter written as in the console's filter bar, e.g.\n"
        "  --filter 'since:24h feature:support failure:timeout latency>2s \"refund policy\"'\n"
        "Filters: since, until, tenant, user, feature, key, prompt (name or name@version), alias, provider,\n"
        "model, status, failure, origin, cache (hit or miss), latency> latency<, cost> cost< (USD); other\n"
        "words are searched for in requests and answers."));
    addWorkspaceOptions(parser);
    parser.addOption(QCommandLineOption(QStringLiteral("filter"), QStringLiteral("The filter."), QStringLiteral("query")));
    parser.addOption(QCommandLineOption(QStringLiteral("limit"), QStringLiteral("At most this many calls (default 50)."),
                                        QStringLiteral("n"), QStringLiteral("50")));
    parser.addOption(QCommandLineOption(QStringLiteral("call"), QStringLiteral("One call, by id, instead of a list."),
                                        QStringLiteral("id")));
    parser.addOption(QCommandLineOption(
        QStringLiteral("as"),
        QStringLiteral("With --call: the call as code that sends it through the gateway again: curl, python or typescript "
                       "(the key is read from $%1).")
            .arg(QLatin1String(replay::kSnippetKeyVariable)),
        QStringLiteral("language")));
    parser.addOption(QCommandLineOption(QStringLiteral("gateway"), QStringLiteral("The gateway's address for --as."),
                                        QStringLiteral("url"), QStringLiteral("http://127.0.0.1:8080")));
    parser.process(arguments);
    if (parser.isSet(QStringLiteral("call")))
        return printCall(parser);

    auto filter = store::CallFilter::parse(parser.value(QStringLiteral("filter")));
    if (!filter) {
        QTextStream(stderr) << "switchboard-cli: " << filter.error().message << '\n';
        return kExitUsage;
    }
    bool limitOk = false;
    const int limit = parser.value(QStringLiteral("limit")).toInt(&limitOk);
    if (!limitOk || limit <= 0) {
        QTextStream(stderr) << "switchboard-cli: --limit wants a positive number\n";
        return kExitUsage;
    }
    int exitCode = kExitOk;
    const auto connection = openWorkspace(parser, exitCode);
    if (!connection)
        return exitCode;
    auto calls = store::CallRepository(*connection).page(limit, {}, *filter, QDateTime::currentMSecsSinceEpoch());
    if (!calls)
        return reportFailure(calls.error());

    QTextStream out(stdout);
    if (parser.isSet(QStringLiteral("json"))) {
        QJsonArray rows;
        for (const CallRecord &call : *calls)
            rows.append(callJson(call));
        out << QJsonDocument(QJsonObject { { QStringLiteral("filter"), filter->toQueryString() }, { QStringLiteral("calls"), rows } })
                   .toJson(QJsonDocument::Indented);
        return kExitOk;
    }
    for (const CallRecord &call : *calls)
        out << line(call) << '\n';
    if (calls->empty())
        out << "No calls match" << (filter->isEmpty() ? QString() : QStringLiteral(" \"%1\"").arg(filter->toQueryString())) << ".\n";
    return kExitOk;
}

} // namespace switchboard::cli
