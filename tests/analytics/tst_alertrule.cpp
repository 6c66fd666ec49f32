// Alert rules judged over a window of traffic, with an injected clock: when an alert opens,
// stays, resolves, and what its webhook says.
#include "analytics/alertrule.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace switchboard::core::analytics;

namespace {

constexpr qint64 kT0 = 1'790'000'000'000;

AlertRule errorRate(double threshold)
{
    AlertRule rule;
    rule.id = 3;
    rule.name = QStringLiteral("Support errors");
    rule.kind = AlertRule::Kind::ErrorRate;
    rule.dimension = QStringLiteral("feature");
    rule.value = QStringLiteral("support");
    rule.threshold = threshold;
    rule.forMinutes = 10;
    rule.minCalls = 20;
    rule.runbook = QStringLiteral("Check the provider's status page; move the alias to the fallback.");
    return rule;
}

WindowTraffic traffic(qint64 calls, qint64 failed)
{
    WindowTraffic w;
    w.minutes = 10;
    w.calls = calls;
    w.failed = failed;
    w.failures[QStringLiteral("rate_limited")] = failed;
    for (qint64 i = 0; i < calls; ++i)
        w.latency.add(i < calls / 10 ? 4'000'000 : 600'000);
    w.costMicros = calls * 100;
    return w;
}

} // namespace

class TestAlertRule final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void ratesAboveTheThresholdFire()
    {
        const AlertRule rule = errorRate(0.05);
        const auto quiet = evaluate(rule, traffic(400, 8), {});
        QVERIFY(!quiet.firing);
        QCOMPARE(*quiet.value, 0.02);
        const auto bad = evaluate(rule, traffic(400, 40), {});
        QVERIFY(bad.firing);
        QVERIFY2(bad.summary.startsWith(QLatin1String("feature support: error rate 10.0 % over the last 10 min (threshold 5.0 %)")),
                 qPrintable(bad.summary));
        // Too few calls to judge: no value, no alert, and it says why.
        const auto thin = evaluate(rule, traffic(5, 5), {});
        QVERIFY(!thin.firing);
        QVERIFY(!thin.value);
        QVERIFY(thin.summary.contains(QLatin1String("fewer than the 20")));
    }

    void categoryLatencyAndCostSpike()
    {
        AlertRule category = errorRate(0.05);
        category.kind = AlertRule::Kind::FailureCategory;
        category.category = QStringLiteral("rate_limited");
        QVERIFY(evaluate(category, traffic(100, 10), {}).firing);
        category.category = QStringLiteral("timeout");
        QVERIFY(!evaluate(category, traffic(100, 10), {}).firing);

        AlertRule p95 = errorRate(2000);
        p95.kind = AlertRule::Kind::P95Latency;
        const auto slow = evaluate(p95, traffic(100, 0), {}); // a tenth of calls at 4 s: p95 is 4 s
        QVERIFY(slow.firing);
        QVERIFY(std::abs(*slow.value - 4000) < 40);

        AlertRule spike = errorRate(3);
        spike.kind = AlertRule::Kind::CostSpike;
        WindowTraffic usual;
        usual.minutes = 1440;
        usual.costMicros = 1440 * 1000; // 1,000 micro-dollars a minute
        WindowTraffic now = traffic(100, 0);
        now.costMicros = 10 * 5000; // 5,000 a minute: five times the usual
        const auto spiked = evaluate(spike, now, usual);
        QVERIFY(spiked.firing);
        QCOMPARE(*spiked.value, 5.0);
        QVERIFY(!evaluate(spike, now, {}).value); // nothing to compare with
    }

    void alertOpensStaysAndResolves()
    {
        const AlertRule rule = errorRate(0.05);
        const auto firing = evaluate(rule, traffic(400, 40), {});
        const AlertChange opened = advance(rule, std::nullopt, firing, kT0);
        QCOMPARE(opened.what, AlertChange::What::Opened);
        QCOMPARE(opened.alert.firstSeenMs, kT0);
        QCOMPARE(opened.alert.ruleId, 3);
        QVERIFY(opened.alert.isOpen());

        const AlertChange kept = advance(rule, opened.alert, evaluate(rule, traffic(400, 60), {}), kT0 + 60'000);
        QCOMPARE(kept.what, AlertChange::What::Updated);
        QCOMPARE(kept.alert.firstSeenMs, kT0);
        QCOMPARE(kept.alert.lastSeenMs, kT0 + 60'000);
        QCOMPARE(kept.alert.value, 0.15);

        const AlertChange resolved = advance(rule, kept.alert, evaluate(rule, traffic(400, 4), {}), kT0 + 120'000);
        QCOMPARE(resolved.what, AlertChange::What::Resolved);
        QCOMPARE(resolved.alert.resolvedMs, kT0 + 120'000);
        QCOMPARE(resolved.alert.lastSeenMs, kT0 + 60'000);

        QCOMPARE(advance(rule, std::nullopt, evaluate(rule, traffic(400, 4), {}), kT0).what, AlertChange::What::None);
    }

    void webhookSpeaksSlack()
    {
        const AlertRule rule = errorRate(0.05);
        const AlertChange opened = advance(rule, std::nullopt, evaluate(rule, traffic(400, 40), {}), kT0);
        const QJsonObject body = QJsonDocument::fromJson(webhookBody(rule, opened)).object();
        QVERIFY(body.value(QStringLiteral("text")).toString().contains(QLatin1String("*Support errors*")));
        QVERIFY(body.value(QStringLiteral("text")).toString().contains(QLatin1String("Runbook: Check the provider")));
        const QJsonObject details = body.value(QStringLiteral("switchboard")).toObject();
        QCOMPARE(details.value(QStringLiteral("state")).toString(), QStringLiteral("firing"));
        QCOMPARE(details.value(QStringLiteral("kind")).toString(), QStringLiteral("error_rate"));
        QCOMPARE(details.value(QStringLiteral("value")).toDouble(), 0.1);
        const AlertChange resolved = advance(rule, opened.alert, evaluate(rule, traffic(400, 0), {}), kT0 + 60'000);
        const QJsonObject after = QJsonDocument::fromJson(webhookBody(rule, resolved)).object();
        QVERIFY(after.value(QStringLiteral("text")).toString().startsWith(QLatin1String(":white_check_mark: Resolved")));
        QVERIFY(after.value(QStringLiteral("switchboard")).toObject().contains(QStringLiteral("resolved")));
    }

    void budgetRulesFireOnTheBudgetsThresholdsAndEscalate()
    {
        AlertRule rule;
        rule.id = 9;
        rule.name = QStringLiteral("Spend");
        rule.kind = AlertRule::Kind::Budget;
        BudgetStatus acme;
        acme.budget.id = 4;
        acme.budget.scope = switchboard::core::store::Budget::Scope::Tenant;
        acme.budget.scopeValue = QStringLiteral("acme");
        acme.budget.period = switchboard::core::store::Budget::Period::Day;
        acme.budget.limitMicros = 50'000'000;
        acme.spentMicros = 41'000'000;
        acme.crossed = { 50, 80 };
        BudgetStatus quiet = acme;
        quiet.budget.id = 5;
        quiet.budget.scopeValue = QStringLiteral("globex");
        quiet.spentMicros = 1'000'000;
        quiet.crossed = {};

        const auto at80 = evaluateBudgets(rule, { acme, quiet });
        QVERIFY(at80.firing);
        QCOMPARE(at80.level, 80);
        QCOMPARE(*at80.value, 0.82);
        QCOMPARE(at80.summary, QStringLiteral("Tenant acme: 82.0 % of $50.00 this day (80 % crossed)"));
        const AlertChange opened = advance(rule, std::nullopt, at80, kT0);
        QCOMPARE(opened.what, AlertChange::What::Opened);
        QVERIFY(opened.notifies());

        // The same threshold a minute later only moves last seen; a higher one escalates.
        QCOMPARE(advance(rule, opened.alert, at80, kT0 + 60'000).what, AlertChange::What::Updated);
        QVERIFY(!advance(rule, opened.alert, at80, kT0 + 60'000).notifies());
        acme.spentMicros = 51'000'000;
        acme.crossed = { 50, 80, 100 };
        const AlertChange escalated = advance(rule, opened.alert, evaluateBudgets(rule, { acme, quiet }), kT0 + 120'000);
        QCOMPARE(escalated.what, AlertChange::What::Escalated);
        QCOMPARE(escalated.alert.level, 100);
        QVERIFY(QString::fromUtf8(webhookBody(rule, escalated)).contains(QLatin1String("Escalated: *Spend*")));

        // Watching the quiet budget only: nothing; a budget since removed says so.
        rule.value = QStringLiteral("5");
        QVERIFY(!evaluateBudgets(rule, { acme, quiet }).firing);
        rule.value = QStringLiteral("77");
        QVERIFY(evaluateBudgets(rule, { acme, quiet }).summary.contains(QLatin1String("no longer exists")));
    }

    void badRulesSayWhatToFix()
    {
        using switchboard::core::store::AlertRepository;
        AlertRule rule = errorRate(5);
        QVERIFY(AlertRepository::problemWith(rule).contains(QLatin1String("0.05 is 5 %")));
        rule.threshold = 0.05;
        rule.value.clear();
        QVERIFY(AlertRepository::problemWith(rule).contains(QLatin1String("Name the feature")));
        rule.value = QStringLiteral("support");
        rule.webhook = QStringLiteral("hooks.slack.com/x");
        QVERIFY(AlertRepository::problemWith(rule).contains(QLatin1String("http")));
        rule.webhook = QStringLiteral("env:");
        QVERIFY(AlertRepository::problemWith(rule).contains(QLatin1String("env:SLACK_WEBHOOK_URL")));
        rule.webhook = QStringLiteral("https://hooks.slack.com/services/T/B/X");
        QCOMPARE(AlertRepository::problemWith(rule), QString());
        rule.kind = AlertRule::Kind::FailureCategory;
        rule.category = QStringLiteral("sometimes");
        QVERIFY(AlertRepository::problemWith(rule).contains(QLatin1String("failure category")));
        rule.kind = AlertRule::Kind::CostSpike;
        rule.threshold = 0.5;
        QVERIFY(AlertRepository::problemWith(rule).contains(QLatin1String("above 1")));
        QCOMPARE(switchboard::core::store::alertKindFromString(u"cost_spike"), AlertRule::Kind::CostSpike);
        QVERIFY(!switchboard::core::store::alertKindFromString(u"sometimes"));
    }

    void webhooksAreShownWithoutTheirSecret()
    {
        using switchboard::core::store::displayedWebhook;
        QCOMPARE(displayedWebhook(QStringLiteral("https://hooks.slack.com/services/T0/B0/secret")), QStringLiteral("https://hooks.slack.com/…"));
        QCOMPARE(displayedWebhook(QStringLiteral("http://127.0.0.1:9000/hook")), QStringLiteral("http://127.0.0.1:9000/…"));
        QCOMPARE(displayedWebhook(QStringLiteral("env:SLACK_URL")), QStringLiteral("env:SLACK_URL"));
    }
};

QTEST_GUILESS_MAIN(TestAlertRule)
#include "tst_alertrule.moc"
