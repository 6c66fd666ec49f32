// switchboard-cli triage: one user's (or tenant's) calls in a window, oldest first, with
// prompt versions, routes, fallbacks, cache hits and failures; exportable as one redacted
// reproduction bundle.
#include "calljson.h"
#include "commands.h"

#include "model/localauthor.h"
#include "replay/reprobundle.h"
#include "replay/triage.h"
#include "store/callfilter.h"
#include "store/connection.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTextStream>

namespace switchboard::cli {
namespace {

using namespace switchboard::core;

QString line(const replay::TriageEntry &entry)
{
    const CallRecord &call = entry.call;
    QString outcome = call.failure ? nameOf(*call.failure) : call.cacheHit ? QStringLiteral("cache hit") : nameOf(call.status);
    QString route = call.alias.isEmpty() ? QStringLiteral("-") : call.alias;
    route += QStringLiteral(" -> ") + (entry.targets.isEmpty() ? QStringLiteral("-") : entry.targets.join(QLatin1String(" -> ")));
    return QStringLiteral("%1  %2  %3  %4  %5  %6 ms  %7")
        .arg(QDateTime::fromMSecsSinceEpoch(call.startedMs).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")), call.id,
             outcome.leftJustified(14),
             call.promptVersion ? QStringLiteral("%1 v%2").arg(call.promptName).arg(call.promptVersion) : QStringLiteral("-"), route)
        .arg(call.latencyUs / 1000)
        .arg(call.origin == CallOrigin::Gateway ? QString() : nameOf(call.origin));
}

} // namespace

int runTriageCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "One user's (or one tenant's) calls in a time window, oldest first: prompt versions, routes and fallbacks, "
        "cache hits and failures, with a summary. --export writes them as one reproduction bundle with what was said "
        "taken out (messages, answers and variables masked; the shape, timings, costs and errors kept)."));
    addWorkspaceOptions(parser);
    parser.addOption({ QStringLiteral("user"), QStringLiteral("The user id, as the caller sent it."), QStringLiteral("id") });
    parser.addOption({ QStringLiteral("tenant"), QStringLiteral("A tenant, instead of (or with) a user."), QStringLiteral("name") });
    parser.addOption({ QStringLiteral("since"), QStringLiteral("The window's start: 24h, 7d, or a date and time (default 24h)."),
                       QStringLiteral("when"), QStringLiteral("24h") });
    parser.addOption({ QStringLiteral("until"), QStringLiteral("The window's end: a date and time (default now)."),
                       QStringLiteral("when") });
    parser.addOption({ QStringLiteral("export"), QStringLiteral("Write the calls as one redacted reproduction bundle."),
                       QStringLiteral("file") });
    parser.process(arguments);

    QString window = QStringLiteral("since:") + parser.value(QStringLiteral("since"));
    if (parser.isSet(QStringLiteral("until")))
        window += QStringLiteral(" until:\"%1\"").arg(parser.value(QStringLiteral("until")));
    const auto parsed = store::CallFilter::parse(window);
    if (!parsed) {
        QTextStream(stderr) << "switchboard-cli: " << parsed.error().message << '\n';
        return kExitUsage;
    }
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    replay::TriageQuery query;
    query.userId = parser.value(QStringLiteral("user"));
    query.tenant = parser.value(QStringLiteral("tenant"));
    query.sinceMs = parsed->sinceMs ? *parsed->sinceMs : now - parsed->sinceAgoMs.value_or(24 * 3'600'000LL);
    query.untilMs = parsed->untilMs.value_or(now + 1);
    int exitCode = kExitOk;
    const auto connection = openWorkspace(parser, exitCode);
    if (!connection)
        return exitCode;
    auto timeline = replay::triageTimeline(*connection, query);
    if (!timeline)
        return reportFailure(timeline.error());
    const replay::TriageSummary summary = replay::summarize(*timeline);

    if (parser.isSet(QStringLiteral("export")) && !timeline->empty()) {
        QStringList ids;
        for (const replay::TriageEntry &entry : *timeline)
            ids << entry.call.id;
        auto bundle = replay::collectBundle(*connection, ids);
        if (!bundle)
            return reportFailure(bundle.error());
        replay::redactConversations(*bundle);
        bundle->exportedBy = localAuthor();
        if (!writeOutput(parser.value(QStringLiteral("export")), replay::toBytes(*bundle)))
            return kExitFailure;
    }
    QTextStream out(stdout);
    if (parser.isSet(QStringLiteral("json"))) {
        QJsonArray calls;
        for (const replay::TriageEntry &entry : *timeline) {
            QJsonObject row = callJson(entry.call);
            row.insert(QStringLiteral("targets"), QJsonArray::fromStringList(entry.targets));
            row.insert(QStringLiteral("fell_back"), entry.fellBack());
            calls.append(row);
        }
        out << QJsonDocument(QJsonObject { { QStringLiteral("calls"), calls },
                                           { QStringLiteral("failed"), summary.failed },
                                           { QStringLiteral("cache_hits"), summary.cacheHits },
                                           { QStringLiteral("fallbacks"), summary.fallbacks },
                                           { QStringLiteral("prompt_versions"), QJsonArray::fromStringList(summary.promptVersions) },
                                           { QStringLiteral("models"), QJsonArray::fromStringList(summary.models) } })
                   .toJson(QJsonDocument::Indented);
        return kExitOk;
    }
    for (const replay::TriageEntry &entry : *timeline)
        out << line(entry) << '\n';
    out << summary.calls << " call(s): " << summary.failed << " failed, " << summary.fallbacks << " fell back, "
        << summary.cacheHits << " from the cache; prompts: "
        << (summary.promptVersions.isEmpty() ? QStringLiteral("none") : summary.promptVersions.join(QLatin1String(", ")))
        << "; models: " << (summary.models.isEmpty() ? QStringLiteral("none") : summary.models.join(QLatin1String(", "))) << '\n';
    return kExitOk;
}

} // namespace switchboard::cli
