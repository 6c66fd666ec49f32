// switchboard-cli alerts: the workspace's alert rules and alerts; list them, add a rule,
// acknowledge an alert, and judge the rules now (for a workspace that no console or gateway
// keeps open, from cron).
#include "commands.h"

#include "analytics/alertcheck.h"
#include "analytics/alertdelivery.h"
#include "model/localauthor.h"
#include "store/connection.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

namespace switchboard::cli {
namespace {

using namespace switchboard::core;
using store::Alert;
using store::AlertRule;

constexpr qint64 kIntervalMs = 55'000; // the lease the console and gateway use for a one-minute interval

QString iso(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODate);
}

QJsonValue isoOrNull(const std::optional<qint64> &ms)
{
    return ms ? QJsonValue(iso(*ms)) : QJsonValue();
}

int list(store::Connection &connection, bool json)
{
    auto alerts = store::AlertRepository(connection).alerts();
    if (!alerts)
        return reportFailure(alerts.error());
    QTextStream out(stdout);
    if (json) {
        QJsonArray rows;
        for (const Alert &a : *alerts)
            rows.append(QJsonObject { { QStringLiteral("id"), a.id },
                                      { QStringLiteral("rule"), a.ruleName },
                                      { QStringLiteral("state"), a.isOpen() ? QStringLiteral("open") : QStringLiteral("resolved") },
                                      { QStringLiteral("first_seen"), iso(a.firstSeenMs) },
                                      { QStringLiteral("last_seen"), iso(a.lastSeenMs) },
                                      { QStringLiteral("resolved"), isoOrNull(a.resolvedMs) },
                                      { QStringLiteral("acknowledged"), isoOrNull(a.acknowledgedMs) },
                                      { QStringLiteral("acknowledged_by"), a.acknowledgedBy },
                                      { QStringLiteral("value"), a.value },
                                      { QStringLiteral("summary"), a.summary },
                                      { QStringLiteral("runbook"), a.runbook },
                                      { QStringLiteral("delivery"), a.delivery } });
        out << QJsonDocument(rows).toJson(QJsonDocument::Indented);
        return kExitOk;
    }
    for (const Alert &a : *alerts) {
        out << a.id << "  " << (a.isOpen() ? (a.acknowledgedMs ? "acknowledged" : "FIRING") : "resolved") << "  " << a.ruleName
            << "  " << iso(a.firstSeenMs) << " .. " << (a.resolvedMs ? iso(*a.resolvedMs) : iso(a.lastSeenMs)) << "\n    "
            << a.summary << '\n';
    }
    if (alerts->empty())
        out << "No alerts. Rules are judged every minute while a console or gateway has the workspace open, or by "
               "'switchboard-cli alerts check'.\n";
    return kExitOk;
}

int rules(store::Connection &connection, bool json)
{
    auto rules = store::AlertRepository(connection).rules();
    if (!rules)
        return reportFailure(rules.error());
    QTextStream out(stdout);
    QJsonArray rows;
    for (const AlertRule &r : *rules) {
        const QJsonObject row { { QStringLiteral("id"), r.id },
                                { QStringLiteral("name"), r.name },
                                { QStringLiteral("kind"), store::nameOf(r.kind) },
                                { QStringLiteral("dimension"), r.dimension },
                                { QStringLiteral("value"), r.value },
                                { QStringLiteral("category"), r.category },
                                { QStringLiteral("threshold"), r.threshold },
                                { QStringLiteral("for_minutes"), r.forMinutes },
                                { QStringLiteral("min_calls"), r.minCalls },
                                { QStringLiteral("webhook"), store::displayedWebhook(r.webhook) },
                                { QStringLiteral("enabled"), r.enabled } };
        if (json)
            rows.append(row);
        else
            out << r.id << "  " << r.name << "  " << store::nameOf(r.kind) << ' ' << r.threshold << "  "
                << (r.value.isEmpty() ? QStringLiteral("all") : r.dimension + u' ' + r.value) << "  "
                << (r.enabled ? "" : "(off)") << '\n';
    }
    if (json)
        out << QJsonDocument(rows).toJson(QJsonDocument::Indented);
    return kExitOk;
}

int add(store::Connection &connection, const QCommandLineParser &parser)
{
    AlertRule rule;
    rule.name = parser.value(QStringLiteral("name"));
    const auto kind = store::alertKindFromString(parser.value(QStringLiteral("kind")));
    if (!kind) {
        QTextStream(stderr) << "switchboard-cli: --kind takes error_rate, failure_category, p95_latency, cost_spike, budget or drift\n";
        return kExitUsage;
    }
    rule.kind = *kind;
    if (rule.kind == AlertRule::Kind::Drift) {
        // The last day against the week before, at 1 % significance, with 200 answered calls
        // a window, unless told otherwise.
        rule.threshold = 0.01;
        rule.forMinutes = 1440;
        rule.minCalls = 200;
    }
    for (const char *dimension : { "feature", "model", "budget" }) {
        if (parser.isSet(QString::fromLatin1(dimension))) {
            rule.dimension = QString::fromLatin1(dimension);
            rule.value = parser.value(rule.dimension);
        }
    }
    bool ok = true;
    rule.category = parser.value(QStringLiteral("category"));
    if (parser.isSet(QStringLiteral("threshold")))
        rule.threshold = parser.value(QStringLiteral("threshold")).toDouble(&ok);
    if (ok && parser.isSet(QStringLiteral("minutes")))
        rule.forMinutes = parser.value(QStringLiteral("minutes")).toInt(&ok);
    if (ok && parser.isSet(QStringLiteral("min-calls")))
        rule.minCalls = parser.value(QStringLiteral("min-calls")).toLongLong(&ok);
    if (!ok) {
        QTextStream(stderr) << "switchboard-cli: --threshold, --minutes and --min-calls take numbers\n";
        return kExitUsage;
    }
    rule.runbook = parser.value(QStringLiteral("runbook"));
    rule.webhook = parser.value(QStringLiteral("webhook"));
    auto saved = store::AlertRepository(connection).saveRule(rule, localAuthor(), QDateTime::currentMSecsSinceEpoch());
    if (!saved)
        return reportFailure(saved.error(), " Nothing was saved.");
    QTextStream(stdout) << "Rule " << saved->id << " \"" << saved->name << "\" saved.\n";
    return kExitOk;
}

int acknowledge(store::Connection &connection, const QString &id)
{
    bool ok = false;
    const qint64 alertId = id.toLongLong(&ok);
    if (!ok) {
        QTextStream(stderr) << "switchboard-cli: ack takes an alert's id (see 'alerts list')\n";
        return kExitUsage;
    }
    if (auto done = store::AlertRepository(connection).acknowledge(alertId, localAuthor(), QDateTime::currentMSecsSinceEpoch()); !done)
        return reportFailure(done.error());
    QTextStream(stdout) << "Alert " << alertId << " acknowledged.\n";
    return kExitOk;
}

int check(store::Connection &connection)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    auto checked = analytics::checkAlerts(connection, now, kIntervalMs);
    if (!checked)
        return reportFailure(checked.error());
    QTextStream out(stdout);
    out << "Judged " << checked->judged << " rule(s); " << checked->changed << " alert(s) opened, escalated or resolved.\n"
        << Qt::flush;
    analytics::AlertDelivery delivery;
    std::size_t pending = checked->notices.size();
    QEventLoop loop;
    for (const analytics::AlertNotice &notice : checked->notices) {
        const qint64 alertId = notice.change.alert.id;
        const QString rule = notice.rule.name;
        delivery.deliver(notice.rule.webhook, analytics::webhookBody(notice.rule, notice.change),
                         [&, alertId, rule](const analytics::AlertDelivery::Outcome &outcome) {
                             const QString text = iso(QDateTime::currentMSecsSinceEpoch()) + QStringLiteral(": ") + outcome.text;
                             store::AlertRepository(connection).recordDelivery(alertId, text);
                             out << rule << ": " << outcome.text << '\n' << Qt::flush;
                             if (--pending == 0)
                                 loop.quit();
                         });
    }
    if (pending > 0)
        loop.exec();
    return kExitOk;
}

} // namespace

int runAlertsCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "The workspace's alerts. 'list' prints them, open first; 'rules' prints the rules; 'add --name N --kind K ...' adds "
        "a rule; 'ack ID' acknowledges an alert; 'check' judges the rules now and sends their webhooks (the console and "
        "the gateway do so every minute while they have the workspace open)."));
    addWorkspaceOptions(parser);
    const auto option = [&](const char *name, const char *help, const char *value) {
        parser.addOption({ QString::fromLatin1(name), QString::fromLatin1(help), QString::fromLatin1(value) });
    };
    option("name", "add: the rule's name.", "text");
    option("kind", "add: error_rate, failure_category, p95_latency, cost_spike, budget or drift.", "kind");
    option("feature", "add: watch one feature (drift: without it, each feature with traffic).", "name");
    option("model", "add: watch one model.", "name");
    option("budget", "add: a budget rule's budget (its id); without it, every budget.", "id");
    option("category", "add: the failure category of a failure_category rule, e.g. rate_limited.", "category");
    option("threshold", "add: a share for rates (0.05 is 5 %), milliseconds for p95_latency, a multiple for cost_spike, "
                        "the significance level for drift (default 0.01).", "x");
    option("minutes", "add: the window judged, in minutes (default 10; drift: the recent window compared with the 7 days "
                      "before it, default 1440).", "n");
    option("min-calls", "add: fewer calls in the window are too few to judge (default 20; drift: answered calls in each "
                        "window, default 200).", "n");
    option("runbook", "add: what on-call should do, shown with the alert.", "text");
    option("webhook", "add: an http(s) URL, or env:NAME for one kept in the environment.", "url");
    parser.addPositionalArgument(QStringLiteral("action"), QStringLiteral("list, rules, add, ack ID or check"));
    parser.process(arguments);

    const QStringList args = parser.positionalArguments();
    const QString action = args.value(0);
    const bool usable = ((action == QLatin1String("list") || action == QLatin1String("rules") || action == QLatin1String("check"))
                         && args.size() == 1)
        || (action == QLatin1String("ack") && args.size() == 2)
        || (action == QLatin1String("add") && args.size() == 1 && parser.isSet(QStringLiteral("name"))
            && parser.isSet(QStringLiteral("kind")));
    if (!usable) {
        QTextStream(stderr) << "Usage: switchboard-cli alerts list | rules | check | ack ID | add --name N --kind K "
                               "[--feature F | --model M | --budget ID] [--threshold X] ...  -w W\n";
        return kExitUsage;
    }
    int exitCode = kExitOk;
    const auto connection = openWorkspace(parser, exitCode);
    if (!connection)
        return exitCode;
    const bool json = parser.isSet(QStringLiteral("json"));
    if (action == QLatin1String("list"))
        return list(*connection, json);
    if (action == QLatin1String("rules"))
        return rules(*connection, json);
    if (action == QLatin1String("add"))
        return add(*connection, parser);
    if (action == QLatin1String("ack"))
        return acknowledge(*connection, args.at(1));
    return check(*connection);
}

} // namespace switchboard::cli
