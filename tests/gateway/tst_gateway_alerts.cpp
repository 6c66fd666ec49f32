// The gateway judges the workspace's alert rules while it serves: a rule that fires on the
// last minutes' traffic opens an alert, and its webhook hears of it on a local receiver.
#include "gatewayfixture.h"

#include "http/httpexchange.h"
#include "http/httpserver.h"
#include "resultcheck.h"
#include "store/alertrepository.h"
#include "synthetictraffic.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace switchboard;
using namespace switchboard::core;
using namespace switchboard::tests;

class TestGatewayAlerts : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void gatewayJudgesRulesAndCallsTheWebhook()
    {
        GatewayFixture fixture;
        QList<QByteArray> received;
        http::HttpServer receiver([&](http::HttpExchange *exchange) {
            received.push_back(exchange->request().body);
            exchange->respond(200, { { "Content-Type", "text/plain" } }, "ok");
        });
        QVERIFY(receiver.listen(QHostAddress::LocalHost, 0));

        // The last fifteen minutes: half of the search feature's calls timed out.
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        QVERIFY_OK(SyntheticTraffic(6, now - 15 * 60'000, now - 1'000, 900).writeTo(fixture.connection(), [](store::RecordedCall &call) {
            call.record.origin = CallOrigin::Gateway;
            call.record.feature = QStringLiteral("search");
            const bool fails = call.record.startedMs / 1000 % 2 == 0;
            call.record.status = fails ? CallStatus::Failed : CallStatus::Ok;
            call.record.failure = fails ? std::optional(FailureCategory::Timeout) : std::nullopt;
        }));
        store::AlertRule rule;
        rule.name = QStringLiteral("Search timeouts");
        rule.kind = store::AlertRule::Kind::FailureCategory;
        rule.dimension = QStringLiteral("feature");
        rule.value = QStringLiteral("search");
        rule.category = QStringLiteral("timeout");
        rule.threshold = 0.25;
        rule.forMinutes = 5;
        rule.webhook = QStringLiteral("http://127.0.0.1:%1/hook").arg(receiver.port());
        QVERIFY_OK(store::AlertRepository(fixture.connection()).saveRule(rule, QStringLiteral("ops"), now));

        QVERIFY(fixture.startGateway());
        QTRY_VERIFY_WITH_TIMEOUT(received.size() == 1, 15000);
        const QJsonObject details = QJsonDocument::fromJson(received.front()).object().value(QStringLiteral("switchboard")).toObject();
        QCOMPARE(details.value(QStringLiteral("rule")).toString(), QStringLiteral("Search timeouts"));
        QCOMPARE(details.value(QStringLiteral("state")).toString(), QStringLiteral("firing"));
        auto alerts = store::AlertRepository(fixture.connection()).alerts();
        QVERIFY_OK(alerts);
        QCOMPARE(alerts->size(), std::size_t(1));
        QVERIFY(alerts->front().isOpen());
        QTRY_VERIFY_WITH_TIMEOUT(store::AlertRepository(fixture.connection()).alerts()->front().delivery.endsWith(
                                     QLatin1String("delivered (HTTP 200)")),
                                 5000);

        // Serving goes on meanwhile.
        QCOMPARE(fixture.get("/health").status, 200);
    }
};

QTEST_GUILESS_MAIN(TestGatewayAlerts)
#include "tst_gateway_alerts.moc"
