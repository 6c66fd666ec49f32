// Alert webhooks delivered to a local receiver: the Slack-compatible body, tries again after
// a 503, gives up on a 404 with advice, never quotes the URL's secret path, reads env:NAME,
// and the monitor judges a workspace on its own thread and notes the delivery on the alert.
#include "analytics/alertdelivery.h"
#include "analytics/alertmonitor.h"
#include "http/httpexchange.h"
#include "http/httpserver.h"
#include "resultcheck.h"
#include "store/alertrepository.h"
#include "store/connection.h"
#include "store/workspace.h"
#include "synthetictraffic.h"
#include "temporaryworkspace.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

using namespace switchboard;
using namespace switchboard::core;
using analytics::AlertDelivery;

namespace {

// A webhook receiver: answers each request with the next status of a script (then 200).
class Receiver final
{
public:
    Receiver()
        : m_server([this](http::HttpExchange *exchange) {
              bodies.push_back(exchange->request().body);
              contentTypes.push_back(exchange->request().header("Content-Type"));
              const int status = statuses.empty() ? 200 : statuses.takeFirst();
              exchange->respond(status, { { "Content-Type", "text/plain" } }, status == 200 ? "ok" : "no");
          })
    {
        m_server.listen(QHostAddress::LocalHost, 0);
    }
    QString url(const QString &path = QStringLiteral("/services/T0/B0/s3cret")) const
    {
        return QStringLiteral("http://127.0.0.1:%1%2").arg(m_server.port()).arg(path);
    }

    QList<int> statuses;
    QList<QByteArray> bodies;
    QList<QByteArray> contentTypes;

private:
    http::HttpServer m_server;
};

AlertDelivery::Outcome deliverAndWait(AlertDelivery &delivery, const QString &webhook, const QByteArray &body)
{
    std::optional<AlertDelivery::Outcome> outcome;
    delivery.deliver(webhook, body, [&](const AlertDelivery::Outcome &o) { outcome = o; });
    if (!QTest::qWaitFor([&] { return outcome.has_value(); }, 10'000))
        return { false, QStringLiteral("(no outcome)") };
    return *outcome;
}

constexpr AlertDelivery::Settings kQuick { 3, 20, 2'000 };

} // namespace

class TestAlertDelivery final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void deliversTheBodyAsJson()
    {
        Receiver receiver;
        AlertDelivery delivery(kQuick);
        const QByteArray body = R"({"text":"*Support errors*"})";
        const auto outcome = deliverAndWait(delivery, receiver.url(), body);
        QVERIFY2(outcome.delivered, qPrintable(outcome.text));
        QCOMPARE(outcome.text, QStringLiteral("delivered (HTTP 200)"));
        QCOMPARE(receiver.bodies, QList<QByteArray> { body });
        QCOMPARE(receiver.contentTypes.front(), QByteArray("application/json"));
    }

    void triesAgainAfterServerErrors()
    {
        Receiver receiver;
        receiver.statuses = { 503, 500 };
        AlertDelivery delivery(kQuick);
        const auto outcome = deliverAndWait(delivery, receiver.url(), "{}");
        QVERIFY2(outcome.delivered, qPrintable(outcome.text));
        QCOMPARE(receiver.bodies.size(), 3);

        receiver.statuses = { 503, 503, 503 };
        const auto failed = deliverAndWait(delivery, receiver.url(), "{}");
        QVERIFY(!failed.delivered);
        QVERIFY2(failed.text.startsWith(QLatin1String("failed after 3 tries: HTTP 503 from http://127.0.0.1:")), qPrintable(failed.text));
        QVERIFY(!failed.text.contains(QLatin1String("s3cret")));
    }

    void aRefusalIsNotTriedAgain()
    {
        Receiver receiver;
        receiver.statuses = { 404 };
        AlertDelivery delivery(kQuick);
        const auto outcome = deliverAndWait(delivery, receiver.url(), "{}");
        QVERIFY(!outcome.delivered);
        QCOMPARE(receiver.bodies.size(), 1);
        QVERIFY2(outcome.text.contains(QLatin1String("HTTP 404")) && outcome.text.endsWith(QLatin1String("check the webhook's URL")),
                 qPrintable(outcome.text));
        QVERIFY(!outcome.text.contains(QLatin1String("s3cret")));
    }

    void nobodyListeningAndUnsetVariables()
    {
        AlertDelivery delivery({ 2, 10, 2'000 });
        // A port nothing listens on: connection refused, twice.
        const auto refused = deliverAndWait(delivery, QStringLiteral("http://127.0.0.1:1/hook"), "{}");
        QVERIFY(!refused.delivered);
        QVERIFY2(refused.text.startsWith(QLatin1String("failed after 2 tries")), qPrintable(refused.text));

        qunsetenv("SWITCHBOARD_TEST_ALERT_URL");
        const auto unset = deliverAndWait(delivery, QStringLiteral("env:SWITCHBOARD_TEST_ALERT_URL"), "{}");
        QVERIFY(!unset.delivered);
        QVERIFY(unset.text.contains(QLatin1String("SWITCHBOARD_TEST_ALERT_URL is not set")));

        Receiver receiver;
        qputenv("SWITCHBOARD_TEST_ALERT_URL", receiver.url().toUtf8());
        const auto fromEnvironment = deliverAndWait(delivery, QStringLiteral("env:SWITCHBOARD_TEST_ALERT_URL"), "{}");
        QVERIFY2(fromEnvironment.delivered, qPrintable(fromEnvironment.text));
        qunsetenv("SWITCHBOARD_TEST_ALERT_URL");
    }

    void monitorJudgesAndDelivers()
    {
        tests::TemporaryWorkspace temp;
        QVERIFY_OK(store::prepareWorkspace(temp.location(), store::Connection::Mode::CreateIfMissing));
        auto connection = store::Connection::open(temp.location());
        QVERIFY_OK(connection);
        // Ten minutes of gateway traffic, a third of it failing.
        const qint64 from = QDateTime::fromString(QStringLiteral("2026-05-04T10:00:00Z"), Qt::ISODate).toMSecsSinceEpoch();
        QVERIFY_OK(tests::SyntheticTraffic(3, from, from + 600'000, 600).writeTo(**connection, [](store::RecordedCall &call) {
            call.record.origin = CallOrigin::Gateway;
            const bool fails = call.record.startedMs / 1000 % 3 == 0;
            call.record.status = fails ? CallStatus::Failed : CallStatus::Ok;
            call.record.failure = fails ? std::optional(FailureCategory::ServerError) : std::nullopt;
        }));
        Receiver receiver;
        store::AlertRule rule;
        rule.name = QStringLiteral("Errors");
        rule.kind = store::AlertRule::Kind::ErrorRate;
        rule.threshold = 0.1;
        rule.forMinutes = 5;
        rule.minCalls = 50;
        rule.runbook = QStringLiteral("Look at the provider's status page.");
        rule.webhook = receiver.url();
        QVERIFY_OK(store::AlertRepository(**connection).saveRule(rule, QStringLiteral("oncall"), from));

        analytics::AlertMonitor::Settings settings;
        settings.firstCheckMs = 0;
        settings.clock = [from] { return from + 601'000; };
        settings.delivery = kQuick;
        analytics::AlertMonitor monitor(temp.location(), settings);
        QSignalSpy delivered(&monitor, &analytics::AlertMonitor::delivered);
        QVERIFY(QTest::qWaitFor([&] { return delivered.size() == 1; }, 10'000));
        QCOMPARE(receiver.bodies.size(), 1);
        const QJsonObject body = QJsonDocument::fromJson(receiver.bodies.front()).object();
        QVERIFY(body.value(QStringLiteral("text")).toString().contains(QLatin1String("Runbook: Look at the provider's status page.")));
        QCOMPARE(body.value(QStringLiteral("switchboard")).toObject().value(QStringLiteral("state")).toString(), QStringLiteral("firing"));

        auto alerts = store::AlertRepository(**connection).alerts();
        QVERIFY_OK(alerts);
        QCOMPARE(alerts->size(), std::size_t(1));
        QVERIFY2(alerts->front().delivery.endsWith(QLatin1String("delivered (HTTP 200)")), qPrintable(alerts->front().delivery));
    }
};

QTEST_GUILESS_MAIN(TestAlertDelivery)
#include "tst_alertdelivery.moc"
