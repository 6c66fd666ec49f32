// Alert rules kept in the workspace and judged on its rollups with an injected clock: a burst
// of rate limits opens an alert that later resolves, a budget crossing its threshold raises
// one, two programs judging the same workspace open one alert and not two, and acknowledging
// and removing rules is audited.
#include "analytics/alertcheck.h"
#include "resultcheck.h"
#include "store/auditlogrepository.h"
#include "store/budgetrepository.h"
#include "store/connection.h"
#include "store/workspace.h"
#include "synthetictraffic.h"
#include "temporaryworkspace.h"

#include <QDateTime>
#include <QTest>

using namespace switchboard;
using namespace switchboard::core;
using core::store::AlertRule;

namespace {

constexpr qint64 kMinuteMs = 60'000;
constexpr qint64 kInterval = 55'000;

qint64 utc(const char *iso)
{
    return QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODate).toMSecsSinceEpoch();
}

// 10:00 to 11:00, a call every second, all gateway traffic of feature "support"; from 10:20
// to 10:30 every other call is rate limited.
const qint64 kFrom = utc("2026-05-04T10:00:00Z");
const qint64 kBurstFrom = utc("2026-05-04T10:20:00Z");
const qint64 kBurstTo = utc("2026-05-04T10:30:00Z");

Result<void> writeTraffic(store::Connection &connection)
{
    return tests::SyntheticTraffic(11, kFrom, kFrom + 60 * kMinuteMs, 3600).writeTo(connection, [](store::RecordedCall &call) {
        call.record.origin = CallOrigin::Gateway;
        call.record.feature = QStringLiteral("support");
        call.record.status = CallStatus::Ok;
        call.record.failure.reset();
        const bool burst = call.record.startedMs >= kBurstFrom && call.record.startedMs < kBurstTo;
        if (burst && call.record.startedMs / 1000 % 2 == 0) {
            call.record.status = CallStatus::Failed;
            call.record.failure = FailureCategory::RateLimited;
        }
    });
}

AlertRule rateLimitRule()
{
    AlertRule rule;
    rule.name = QStringLiteral("Support rate limited");
    rule.kind = AlertRule::Kind::FailureCategory;
    rule.dimension = QStringLiteral("feature");
    rule.value = QStringLiteral("support");
    rule.category = QStringLiteral("rate_limited");
    rule.threshold = 0.2;
    rule.forMinutes = 5;
    rule.minCalls = 100;
    rule.runbook = QStringLiteral("Ask the provider for more quota, or move support to the fallback alias.");
    rule.webhook = QStringLiteral("env:SUPPORT_ALERTS_URL");
    return rule;
}

std::unique_ptr<store::Connection> openWorkspace(const tests::TemporaryWorkspace &temp)
{
    if (!store::prepareWorkspace(temp.location(), store::Connection::Mode::CreateIfMissing))
        return {};
    auto connection = store::Connection::open(temp.location());
    return connection ? std::move(*connection) : nullptr;
}

} // namespace

class TestAlertCheck final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void windowTrafficEqualsTheRawCalls()
    {
        tests::TemporaryWorkspace temp;
        auto connection = openWorkspace(temp);
        QVERIFY(connection);
        QVERIFY_OK(writeTraffic(*connection));
        const AlertRule rule = rateLimitRule();
        auto window = analytics::readWindowTraffic(*connection, rule, kMinuteMs, kBurstFrom, kBurstFrom + 5 * kMinuteMs);
        QVERIFY_OK(window);
        auto raw = connection->exec(QStringLiteral("SELECT COUNT(*), SUM(failure = 'rate_limited'), SUM(cost_micros) FROM calls "
                                                   "WHERE started_ms >= ? AND started_ms < ? AND origin = 'gateway'"),
                                    { kBurstFrom, kBurstFrom + 5 * kMinuteMs });
        QVERIFY_OK(raw);
        QVERIFY(raw->next());
        QCOMPARE(window->minutes, 5);
        QCOMPARE(window->calls, raw->value(0).toLongLong());
        QCOMPARE(window->failures.at(QStringLiteral("rate_limited")), raw->value(1).toLongLong());
        QCOMPARE(window->costMicros, raw->value(2).toLongLong());
        QCOMPARE(window->latency.count(), window->calls);
    }

    void burstOpensAnAlertThatResolves()
    {
        tests::TemporaryWorkspace temp;
        auto connection = openWorkspace(temp);
        QVERIFY(connection);
        QVERIFY_OK(writeTraffic(*connection));
        store::AlertRepository alerts(*connection);
        auto rule = alerts.saveRule(rateLimitRule(), QStringLiteral("oncall"), kFrom);
        QVERIFY_OK(rule);

        // 10:15: quiet. 10:26: the last five minutes are half rate limited.
        auto quiet = analytics::checkAlerts(*connection, utc("2026-05-04T10:15:30Z"), kInterval);
        QVERIFY_OK(quiet);
        QCOMPARE(quiet->judged, 1);
        QCOMPARE(quiet->changed, 0);
        auto burst = analytics::checkAlerts(*connection, utc("2026-05-04T10:26:10Z"), kInterval);
        QVERIFY_OK(burst);
        QCOMPARE(burst->changed, 1);
        QCOMPARE(burst->notices.size(), std::size_t(1));
        const auto &opened = burst->notices.front().change;
        QCOMPARE(opened.what, analytics::AlertChange::What::Opened);
        QVERIFY(opened.alert.id > 0);
        QCOMPARE(opened.alert.firstSeenMs, utc("2026-05-04T10:26:10Z"));
        QVERIFY2(opened.alert.summary.startsWith(QLatin1String("feature support: rate_limited 50.0 % over the last 5 min")),
                 qPrintable(opened.alert.summary));

        // Judged again within the interval: nobody takes the lease, nothing changes.
        auto early = analytics::checkAlerts(*connection, utc("2026-05-04T10:26:40Z"), kInterval);
        QVERIFY_OK(early);
        QCOMPARE(early->judged, 0);

        // Still firing a minute on: the same alert, seen later, no second webhook.
        auto still = analytics::checkAlerts(*connection, utc("2026-05-04T10:27:10Z"), kInterval);
        QVERIFY_OK(still);
        QCOMPARE(still->judged, 1);
        QVERIFY(still->notices.empty());
        auto open = alerts.openAlert(rule->id);
        QVERIFY_OK(open);
        QVERIFY(open->has_value());
        QCOMPARE((*open)->id, opened.alert.id);
        QCOMPARE((*open)->lastSeenMs, utc("2026-05-04T10:27:10Z"));
        QCOMPARE((*open)->runbook, rule->runbook);

        // Acknowledged by on-call, then resolved once the window is clean (10:36 sees 10:31-10:35).
        QVERIFY_OK(alerts.acknowledge(opened.alert.id, QStringLiteral("oncall"), utc("2026-05-04T10:28:00Z")));
        QVERIFY(!alerts.acknowledge(opened.alert.id, QStringLiteral("oncall"), utc("2026-05-04T10:28:01Z")));
        auto resolved = analytics::checkAlerts(*connection, utc("2026-05-04T10:36:05Z"), kInterval);
        QVERIFY_OK(resolved);
        QCOMPARE(resolved->notices.size(), std::size_t(1));
        QCOMPARE(resolved->notices.front().change.what, analytics::AlertChange::What::Resolved);

        auto listed = alerts.alerts();
        QVERIFY_OK(listed);
        QCOMPARE(listed->size(), std::size_t(1));
        const store::Alert &alert = listed->front();
        QCOMPARE(alert.resolvedMs, utc("2026-05-04T10:36:05Z"));
        QCOMPARE(alert.acknowledgedBy, QStringLiteral("oncall"));
        QCOMPARE(alert.ruleName, QStringLiteral("Support rate limited"));

        // A new burst would open a new alert, not reopen the old one.
        QVERIFY_OK(alerts.openAlert(rule->id));
        QVERIFY(!alerts.openAlert(rule->id)->has_value());
    }

    void twoProgramsOpenOneAlert()
    {
        tests::TemporaryWorkspace temp;
        auto console = openWorkspace(temp);
        QVERIFY(console);
        auto gateway = store::Connection::open(temp.location());
        QVERIFY_OK(gateway);
        QVERIFY_OK(writeTraffic(*console));
        QVERIFY_OK(store::AlertRepository(*console).saveRule(rateLimitRule(), QStringLiteral("oncall"), kFrom));
        // The console judges at 10:26:10, the gateway at 10:26:20 on its own clock.
        auto first = analytics::checkAlerts(*console, utc("2026-05-04T10:26:10Z"), kInterval);
        auto second = analytics::checkAlerts(**gateway, utc("2026-05-04T10:26:20Z"), kInterval);
        QVERIFY_OK(first);
        QVERIFY_OK(second);
        QCOMPARE(first->notices.size() + second->notices.size(), std::size_t(1));
        QCOMPARE(store::AlertRepository(**gateway).alerts()->size(), std::size_t(1));
        // Even with the lease gone (a rule saved anew), the open alert is the one there is.
        auto again = store::AlertRepository(**gateway).rules();
        QVERIFY_OK(again);
        QVERIFY_OK(store::AlertRepository(**gateway).saveRule(again->front(), QStringLiteral("oncall"), kFrom));
        QVERIFY_OK(analytics::checkAlerts(**gateway, utc("2026-05-04T10:26:30Z"), kInterval));
        QCOMPARE(store::AlertRepository(*console).alerts()->size(), std::size_t(1));
    }

    void budgetCrossingItsThreshold()
    {
        tests::TemporaryWorkspace temp;
        auto connection = openWorkspace(temp);
        QVERIFY(connection);
        QVERIFY_OK(writeTraffic(*connection));
        const qint64 now = utc("2026-05-04T11:05:00Z");
        auto spent = connection->exec(QStringLiteral("SELECT SUM(cost_micros) FROM calls"));
        QVERIFY_OK(spent);
        QVERIFY(spent->next());
        const qint64 total = spent->value(0).toLongLong();
        QVERIFY(total > 0);
        store::Budget budget;
        budget.scope = store::Budget::Scope::Feature;
        budget.scopeValue = QStringLiteral("support");
        budget.period = store::Budget::Period::Day;
        budget.limitMicros = total * 100 / 85; // 85 % spent: past 80
        auto saved = store::BudgetRepository(*connection).save(budget, QStringLiteral("finance"), now);
        QVERIFY_OK(saved);

        AlertRule rule;
        rule.name = QStringLiteral("Support spend");
        rule.kind = AlertRule::Kind::Budget;
        rule.dimension = QStringLiteral("budget");
        rule.value = QString::number(saved->id);
        QVERIFY_OK(store::AlertRepository(*connection).saveRule(rule, QStringLiteral("finance"), now));
        auto check = analytics::checkAlerts(*connection, now, kInterval);
        QVERIFY_OK(check);
        QCOMPARE(check->changed, 1);
        auto listed = store::AlertRepository(*connection).alerts();
        QVERIFY_OK(listed);
        QCOMPARE(listed->size(), std::size_t(1));
        QCOMPARE(listed->front().level, 80);
        QVERIFY2(listed->front().summary.startsWith(QLatin1String("Feature support: 85.0 % of $")), qPrintable(listed->front().summary));
    }

    void rulesAreValidatedUniqueAndAudited()
    {
        tests::TemporaryWorkspace temp;
        auto connection = openWorkspace(temp);
        QVERIFY(connection);
        QVERIFY_OK(writeTraffic(*connection));
        store::AlertRepository alerts(*connection);
        AlertRule bad = rateLimitRule();
        bad.threshold = 20;
        auto refused = alerts.saveRule(bad, QStringLiteral("oncall"), kFrom);
        QCOMPARE(tests::codeOf(refused), QStringLiteral("invalid_argument"));
        auto saved = alerts.saveRule(rateLimitRule(), QStringLiteral("oncall"), kFrom);
        QVERIFY_OK(saved);
        QCOMPARE(tests::codeOf(alerts.saveRule(rateLimitRule(), QStringLiteral("oncall"), kFrom)), QStringLiteral("conflict"));
        AlertRule changed = *saved;
        changed.threshold = 0.3;
        changed.webhook = QStringLiteral("https://hooks.slack.com/services/T0/B0/s3cret");
        QVERIFY_OK(alerts.saveRule(changed, QStringLiteral("oncall"), kFrom + 1));
        QCOMPARE(alerts.rules()->front().threshold, 0.3);

        // Removing a rule resolves its open alert; the alert stays in the history.
        QVERIFY_OK(analytics::checkAlerts(*connection, utc("2026-05-04T10:26:10Z"), kInterval));
        QVERIFY(alerts.openAlert(saved->id)->has_value());
        QVERIFY(!alerts.removeRule(saved->id, QString(), QStringLiteral("oncall"), kFrom + 2));
        QVERIFY_OK(alerts.removeRule(saved->id, QStringLiteral("noisy"), QStringLiteral("oncall"), kFrom + 2));
        QVERIFY(alerts.rules()->empty());
        QCOMPARE(alerts.alerts()->size(), std::size_t(1));
        QVERIFY(!alerts.alerts()->front().isOpen());
        QVERIFY(alerts.alerts()->front().summary.endsWith(QLatin1String("(rule removed)")));

        auto audit = store::AuditLogRepository(*connection).list(QStringLiteral("alert_rule"));
        QVERIFY_OK(audit);
        QCOMPARE(audit->size(), std::size_t(3));
        // The webhook's secret path is nowhere in the audit log.
        for (const auto &entry : *audit)
            QVERIFY(!entry.detailsJson.contains(QLatin1String("s3cret")));
    }
};

QTEST_GUILESS_MAIN(TestAlertCheck)
#include "tst_alertcheck.moc"
