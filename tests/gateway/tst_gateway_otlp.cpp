// The gateway exports each call as an OpenTelemetry GenAI span to a collector: the caller's
// traceparent makes the call's span a child of the caller's, a call without one starts a
// trace, a refused call is a span with its error, and /metrics counts what was exported.
#include "gatewayfixture.h"
#include "otlpreceiver.h"

#include <QTest>

using namespace switchboard;
using namespace switchboard::core;
using namespace switchboard::tests;

namespace {

nlohmann::json chat(const char *model)
{
    return { { "model", model }, { "messages", { { { "role", "user" }, { "content", "Where is my order?" } } } } };
}

} // namespace

class TestGatewayOtlp : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void callsAreSpansInTheCallersTrace()
    {
        OtlpReceiver collector;
        GatewayFixture fixture;
        gateway::GatewaySettings settings;
        settings.otlp.endpoint = QUrl(collector.endpoint());
        settings.otlp.intervalMs = 50;
        QVERIFY(fixture.startGateway(settings));

        const QByteArray parent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        const Reply traced = fixture.post("/v1/chat/completions", QByteArray::fromStdString(chat("chat-fast").dump()),
                                          { { "Authorization", "Bearer " + fixture.secret() },
                                            { "Content-Type", "application/json" },
                                            { "traceparent", parent } });
        QCOMPARE(traced.status, 200);
        const Reply untraced = fixture.postOpenAi(chat("chat-smart"));
        QCOMPARE(untraced.status, 200);
        const Reply refused = fixture.postOpenAi(chat("no-such-alias"));
        QVERIFY(refused.status >= 400);

        QTRY_COMPARE_WITH_TIMEOUT(collector.spans().size(), 3, 10'000);
        const QJsonArray spans = collector.spans();
        const auto byModel = [&](const QString &model) {
            for (const QJsonValue &span : spans)
                if (spanAttribute(span, QStringLiteral("gen_ai.request.model")) == model)
                    return span.toObject();
            return QJsonObject();
        };
        const QJsonObject child = byModel(QStringLiteral("chat-fast"));
        QCOMPARE(child.value(QStringLiteral("traceId")).toString(), QStringLiteral("4bf92f3577b34da6a3ce929d0e0e4736"));
        QCOMPARE(child.value(QStringLiteral("parentSpanId")).toString(), QStringLiteral("00f067aa0ba902b7"));
        QCOMPARE(child.value(QStringLiteral("name")).toString(), QStringLiteral("chat chat-fast"));
        QCOMPARE(spanAttribute(child, QStringLiteral("gen_ai.operation.name")), QStringLiteral("chat"));
        QVERIFY(spanAttribute(child, QStringLiteral("gen_ai.response.model")).startsWith(QLatin1String("sim-small")));
        QVERIFY(spanAttribute(child, QStringLiteral("gen_ai.usage.output_tokens")).toLongLong() > 0);
        // The span names the call as the request log has it.
        QCOMPARE(spanAttribute(child, QStringLiteral("switchboard.call.id")), QString::fromUtf8(traced.header("x-switchboard-call-id")));

        const QJsonObject root = byModel(QStringLiteral("chat-smart"));
        QVERIFY(!root.contains(QStringLiteral("parentSpanId")));
        QVERIFY(root.value(QStringLiteral("traceId")).toString() != child.value(QStringLiteral("traceId")).toString());

        const QJsonObject failed = byModel(QStringLiteral("no-such-alias"));
        QCOMPARE(failed.value(QStringLiteral("status")).toObject().value(QStringLiteral("code")).toInt(), 2);
        QVERIFY(!spanAttribute(failed, QStringLiteral("error.type")).isEmpty());

        const QByteArray metrics = fixture.get("/metrics").body;
        QVERIFY2(metrics.contains("switchboard_otlp_spans_exported_total 3"), metrics.constData());
        QVERIFY(metrics.contains("switchboard_otlp_spans_dropped_total 0"));
    }

    void noCollectorNoSpans()
    {
        GatewayFixture fixture;
        QVERIFY(fixture.startGateway());
        QCOMPARE(fixture.postOpenAi(chat("chat-fast")).status, 200);
        QVERIFY(!fixture.get("/metrics").body.contains("switchboard_otlp_"));
    }
};

QTEST_GUILESS_MAIN(TestGatewayOtlp)
#include "tst_gateway_otlp.moc"
