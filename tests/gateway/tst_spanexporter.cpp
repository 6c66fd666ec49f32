// Spans to an OpenTelemetry collector: W3C traceparent read as the specification says, each
// call a GenAI inference span, sent in batches over OTLP/HTTP JSON; a collector that is down
// or failing holds spans up to a bound and then drops the oldest, counted; a collector that
// refuses a batch drops it with the reason.
#include "otlpreceiver.h"
#include "gateway/genaispan.h"
#include "gateway/spanexporter.h"
#include "gateway/tracecontext.h"

#include <QTcpServer>
#include <QTest>

using namespace switchboard;
using namespace switchboard::core;
using namespace switchboard::core::gateway;

namespace {

CallRecord answered(int n)
{
    CallRecord record;
    record.id = QStringLiteral("01CALL%1").arg(n);
    record.startedMs = 1'796'000'000'000 + n;
    record.alias = QStringLiteral("chat-smart");
    record.provider = QStringLiteral("openai-prod");
    record.model = QStringLiteral("gpt-4o-2024-08-06");
    record.tenant = QStringLiteral("acme");
    record.feature = QStringLiteral("support-answer");
    record.inputTokens = 812;
    record.outputTokens = 96;
    record.latencyUs = 1'250'000;
    record.costMicros = 2'990;
    return record;
}

OtlpSettings quick(const QString &endpoint)
{
    OtlpSettings settings;
    settings.endpoint = QUrl(endpoint);
    settings.batchSize = 100;
    settings.intervalMs = 50;
    settings.timeoutMs = 2'000;
    return settings;
}

// A loopback port nothing listens on.
quint16 closedPort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

} // namespace

class TestSpanExporter final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void traceparentIsHonouredOrANewTraceBegins()
    {
        const TraceContext child = traceContextFor("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        QCOMPARE(child.traceId, QByteArray("4bf92f3577b34da6a3ce929d0e0e4736"));
        QCOMPARE(child.parentSpanId, QByteArray("00f067aa0ba902b7"));
        QCOMPARE(child.spanId.size(), 16);
        QVERIFY(child.spanId != child.parentSpanId);
        QVERIFY(child.sampled);
        QCOMPARE(traceparentOf(child), "00-4bf92f3577b34da6a3ce929d0e0e4736-" + child.spanId + "-01");
        QVERIFY(!traceContextFor("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00").sampled);
        // A later version is read by its first four fields.
        QCOMPARE(traceContextFor("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-later").parentSpanId, QByteArray("00f067aa0ba902b7"));

        for (const char *bad : { "", "garbage", "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
                                 "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
                                 "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
                                 "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01",
                                 "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                                 "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra" }) {
            const TraceContext fresh = traceContextFor(bad);
            QVERIFY2(fresh.parentSpanId.isEmpty(), bad);
            QCOMPARE(fresh.traceId.size(), 32);
            QVERIFY(fresh.traceId != "4bf92f3577b34da6a3ce929d0e0e4736");
        }
        QVERIFY(traceContextFor("").traceId != traceContextFor("").traceId);
    }

    void settingsComeFromTheFlagOrTheStandardEnvironment()
    {
        auto none = otlpSettingsFrom({}, {});
        QVERIFY(none && none->endpoint.isEmpty());
        const QHash<QString, QString> environment { { QStringLiteral("OTEL_EXPORTER_OTLP_ENDPOINT"), QStringLiteral("http://collector:4318") },
                                                    { QStringLiteral("OTEL_EXPORTER_OTLP_HEADERS"), QStringLiteral("x-api-key=abc%3D,team=ops") },
                                                    { QStringLiteral("OTEL_SERVICE_NAME"), QStringLiteral("gateway-eu") } };
        auto fromEnvironment = otlpSettingsFrom({}, environment);
        QVERIFY(fromEnvironment);
        QCOMPARE(fromEnvironment->endpoint, QUrl(QStringLiteral("http://collector:4318")));
        QCOMPARE(fromEnvironment->headers.size(), 2);
        QCOMPARE(fromEnvironment->headers.front().second, QByteArray("abc="));
        QCOMPARE(fromEnvironment->serviceName, QStringLiteral("gateway-eu"));
        auto flagWins = otlpSettingsFrom(QStringLiteral("https://otel.example:4318/v1/traces"), environment);
        QVERIFY(flagWins);
        QCOMPARE(flagWins->endpoint.host(), QStringLiteral("otel.example"));
        auto bad = otlpSettingsFrom(QStringLiteral("collector:4318"), {});
        QVERIFY(!bad);
        QVERIFY(bad.error().message.contains(QLatin1String("http://127.0.0.1:4318")));
        QVERIFY(!otlpSettingsFrom({}, { { QStringLiteral("OTEL_EXPORTER_OTLP_ENDPOINT"), QStringLiteral("http://c:4318") },
                                        { QStringLiteral("OTEL_EXPORTER_OTLP_HEADERS"), QStringLiteral("novalue") } }));
    }

    void aCallIsAGenAiInferenceSpan()
    {
        const TraceContext trace = traceContextFor("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        const QJsonValue span = QJsonDocument::fromJson(QByteArray::fromStdString(genAiSpan(answered(1), trace, QStringLiteral("openai")).dump())).object();
        const QJsonObject object = span.toObject();
        QCOMPARE(object.value(QStringLiteral("name")).toString(), QStringLiteral("chat chat-smart"));
        QCOMPARE(object.value(QStringLiteral("kind")).toInt(), 3);
        QCOMPARE(object.value(QStringLiteral("traceId")).toString(), QStringLiteral("4bf92f3577b34da6a3ce929d0e0e4736"));
        QCOMPARE(object.value(QStringLiteral("parentSpanId")).toString(), QStringLiteral("00f067aa0ba902b7"));
        QCOMPARE(object.value(QStringLiteral("startTimeUnixNano")).toString(), QStringLiteral("1796000000001000000"));
        QCOMPARE(object.value(QStringLiteral("endTimeUnixNano")).toString(), QStringLiteral("1796000001251000000"));
        QCOMPARE(tests::spanAttribute(span, QStringLiteral("gen_ai.operation.name")), QStringLiteral("chat"));
        QCOMPARE(tests::spanAttribute(span, QStringLiteral("gen_ai.provider.name")), QStringLiteral("openai"));
        QCOMPARE(tests::spanAttribute(span, QStringLiteral("gen_ai.request.model")), QStringLiteral("chat-smart"));
        QCOMPARE(tests::spanAttribute(span, QStringLiteral("gen_ai.response.model")), QStringLiteral("gpt-4o-2024-08-06"));
        QCOMPARE(tests::spanAttribute(span, QStringLiteral("gen_ai.usage.input_tokens")), QStringLiteral("812"));
        QCOMPARE(tests::spanAttribute(span, QStringLiteral("gen_ai.usage.output_tokens")), QStringLiteral("96"));
        QCOMPARE(tests::spanAttribute(span, QStringLiteral("switchboard.call.id")), QStringLiteral("01CALL1"));
        QCOMPARE(tests::spanAttribute(span, QStringLiteral("switchboard.tenant")), QStringLiteral("acme"));
        QVERIFY(tests::spanAttribute(span, QStringLiteral("error.type")).isEmpty());
        QVERIFY(object.value(QStringLiteral("status")).toObject().isEmpty());

        CallRecord failed = answered(2);
        failed.status = CallStatus::Failed;
        failed.failure = FailureCategory::RateLimited;
        failed.errorMessage = QStringLiteral("Rate limit reached");
        const QJsonValue error = QJsonDocument::fromJson(QByteArray::fromStdString(genAiSpan(failed, traceContextFor(""), {}).dump())).object();
        QCOMPARE(tests::spanAttribute(error, QStringLiteral("error.type")), QStringLiteral("rate_limited"));
        QCOMPARE(error.toObject().value(QStringLiteral("status")).toObject().value(QStringLiteral("code")).toInt(), 2);
        QVERIFY(!error.toObject().contains(QStringLiteral("parentSpanId")));
        QCOMPARE(tests::spanAttribute(error, QStringLiteral("gen_ai.provider.name")), QStringLiteral("openai-prod"));
    }

    void spansGoInBatchesAsOtlpJson()
    {
        tests::OtlpReceiver receiver;
        SpanExporter exporter(quick(receiver.endpoint()));
        for (int n = 0; n < 250; ++n)
            exporter.add(genAiSpan(answered(n), traceContextFor(""), QStringLiteral("openai")));
        QTRY_COMPARE_WITH_TIMEOUT(receiver.spans().size(), 250, 10'000);
        QCOMPARE(receiver.bodies.size(), 3); // 100, 100, 50
        QVERIFY(receiver.paths.front() == QStringLiteral("/v1/traces"));
        const QJsonObject resource = receiver.bodies.front().value(QStringLiteral("resourceSpans")).toArray().at(0).toObject().value(QStringLiteral("resource")).toObject();
        QCOMPARE(tests::spanAttribute(resource, QStringLiteral("service.name")), QStringLiteral("switchboard-gateway"));
        QTRY_COMPARE_WITH_TIMEOUT(exporter.stats().exported, qint64(250), 5'000);
        QCOMPARE(exporter.stats().dropped, qint64(0));
        QCOMPARE(exporter.stats().queued, 0);
    }

    void aCollectorThatIsDownHoldsABoundedQueueAndCountsWhatIsDropped()
    {
        OtlpSettings settings = quick(QStringLiteral("http://127.0.0.1:%1").arg(closedPort()));
        settings.maxQueued = 150;
        SpanExporter exporter(settings);
        for (int n = 0; n < 400; ++n)
            exporter.add(genAiSpan(answered(n), traceContextFor(""), {}));
        QTRY_VERIFY_WITH_TIMEOUT(exporter.stats().failedRequests >= 1, 5'000);
        const SpanExporter::Stats stats = exporter.stats();
        QCOMPARE(stats.exported, qint64(0));
        QCOMPARE(stats.queued + stats.dropped, qint64(400)); // none lost without being counted
        QVERIFY2(stats.queued <= 150, qPrintable(QString::number(stats.queued)));
        QVERIFY2(stats.lastError.contains(QLatin1String("could not be reached")), qPrintable(stats.lastError));
    }

    void aFailingCollectorIsTriedAgainAndARefusedBatchIsDropped()
    {
        tests::OtlpReceiver receiver;
        receiver.statuses = { 503 };
        SpanExporter exporter(quick(receiver.endpoint()));
        for (int n = 0; n < 40; ++n)
            exporter.add(genAiSpan(answered(n), traceContextFor(""), {}));
        QTRY_COMPARE_WITH_TIMEOUT(exporter.stats().exported, qint64(40), 10'000); // after a 1 s pause
        QCOMPARE(exporter.stats().failedRequests, qint64(1));
        QCOMPARE(receiver.spans().size(), 40);

        receiver.statuses = { 400 };
        for (int n = 0; n < 10; ++n)
            exporter.add(genAiSpan(answered(n), traceContextFor(""), {}));
        QTRY_COMPARE_WITH_TIMEOUT(exporter.stats().dropped, qint64(10), 5'000);
        QVERIFY(exporter.stats().lastError.contains(QLatin1String("HTTP 400")));
        QCOMPARE(exporter.stats().exported, qint64(40));
    }
};

QTEST_GUILESS_MAIN(TestSpanExporter)
#include "tst_spanexporter.moc"
