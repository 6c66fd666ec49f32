// One attempt against the simulated provider: answers, streams, and every way it can end.
#include "coretostring.h"
#include "execute/httpattempt.h"
#include "http/httpclient.h"
#include "providers/sim/simulatedprovider.h"

#include <QSignalSpy>
#include <QTest>
#include <QTimer>

using namespace switchboard::core;
using namespace switchboard::core::execute;
using namespace switchboard::core::providers;
using namespace switchboard::core::providers::sim;

class TestHttpAttempt final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<SimulatedProvider> m_sim;
    switchboard::core::http::HttpClient m_network;
    SteadyClock m_clock;

    struct Run
    {
        AttemptResult result;
        QString streamedText;
        int deltas = 0;
    };

    Run attempt(ProviderKind kind, bool stream, const QByteArray &fault = {}, HttpAttempt::Timeouts timeouts = { 5000, 2000 },
                std::optional<qint64> maxTokens = {})
    {
        const auto adapter = ProviderAdapter::forKind(kind);
        ChatRequest request;
        request.model = QStringLiteral("caller-alias");
        request.messages.push_back(ChatMessage::text(Role::User, QStringLiteral("Where is order 1234?")));
        request.stream = stream;
        request.maxOutputTokens = maxTokens;
        const QString base = kind == ProviderKind::Anthropic ? m_sim->baseUrl() : m_sim->baseUrl() + QLatin1String("/v1");
        OutgoingRequest out = adapter->buildRequest(request, QStringLiteral("sim-small"), base, "sk-test-not-a-real-key");
        if (!fault.isEmpty())
            out.headers.append({ QByteArray("x-sim-fault"), fault });
        HttpAttempt http(m_network, *adapter, out, stream, timeouts, m_clock);
        Run run;
        connect(&http, &HttpAttempt::delta, this, [&run](const StreamDelta &d) {
            run.streamedText += d.text;
            ++run.deltas;
        });
        QSignalSpy finished(&http, &HttpAttempt::finished);
        http.start();
        if (!finished.wait(15000))
            qFatal("the attempt never finished");
        run.result = finished.at(0).at(0).value<AttemptResult>();
        return run;
    }

private Q_SLOTS:
    void init()
    {
        m_sim = std::make_unique<SimulatedProvider>(SimulatedProvider::Settings { 3, 0.02, false });
        QVERIFY(m_sim->listen(QHostAddress::LocalHost, 0));
    }
    void cleanup() { m_sim.reset(); }

    void aWholeAnswerInEitherFormat()
    {
        for (ProviderKind kind : { ProviderKind::OpenAi, ProviderKind::Anthropic }) {
            const Run run = attempt(kind, false);
            QVERIFY(!run.result.failure);
            QVERIFY(run.result.response);
            QVERIFY(!run.result.response->choices.at(0).message.plainText().isEmpty());
            QCOMPARE(run.result.httpStatus, 200);
            QVERIFY(run.result.mayBeBilled);
            QVERIFY(!run.result.committed);
            // An OpenAI-format answer is already the form the log keeps: its bytes go on as sent.
            const bool loggedForm = kind != ProviderKind::Anthropic;
            QCOMPARE(!run.result.bodyInLoggedForm.isEmpty(), loggedForm);
            if (loggedForm)
                QVERIFY(run.result.bodyInLoggedForm.contains(run.result.response->choices.at(0).message.plainText().toUtf8()));
        }
    }

    void aStreamArrivesInDeltasAndIsAssembled()
    {
        for (ProviderKind kind : { ProviderKind::OpenAi, ProviderKind::Anthropic }) {
            const Run run = attempt(kind, true);
            QVERIFY2(!run.result.failure, run.result.failure ? qPrintable(run.result.failure->message) : "");
            QVERIFY(run.deltas > 2);
            QVERIFY(run.result.committed);
            QVERIFY(run.result.firstDeltaMs);
            QVERIFY(run.result.chunkOffsetsMs.size() >= 2);
            QCOMPARE(run.result.response->choices.at(0).message.plainText(), run.streamedText);
            QVERIFY(run.result.response->usage);
            QVERIFY(run.result.response->usage->outputTokens > 0);
            // The streamed answer is the same as the whole one: the simulator answers by request.
            QCOMPARE(attempt(kind, false).result.response->choices.at(0).message.plainText(), run.streamedText);
        }
    }

    void failures_data()
    {
        QTest::addColumn<QByteArray>("fault");
        QTest::addColumn<bool>("stream");
        QTest::addColumn<QString>("category");
        QTest::addColumn<bool>("committed");
        QTest::newRow("429") << QByteArray("rate_limited") << false << QStringLiteral("rate_limited") << false;
        QTest::newRow("500") << QByteArray("server_error") << true << QStringLiteral("server_error") << false;
        QTest::newRow("503") << QByteArray("unavailable") << false << QStringLiteral("overloaded") << false;
        QTest::newRow("html 502") << QByteArray("bad_gateway_html") << false << QStringLiteral("server_error") << false;
        QTest::newRow("malformed body") << QByteArray("malformed") << false << QStringLiteral("server_error") << false;
        QTest::newRow("malformed event") << QByteArray("malformed") << true << QStringLiteral("server_error") << true;
        QTest::newRow("cut stream") << QByteArray("cut_stream") << true << QStringLiteral("server_error") << true;
        QTest::newRow("error event after 200") << QByteArray("error_event") << true << QStringLiteral("server_error") << true;
        QTest::newRow("connection dropped") << QByteArray("cut_stream") << false << QStringLiteral("server_error") << false;
    }

    void failures()
    {
        QFETCH(QByteArray, fault);
        QFETCH(bool, stream);
        QFETCH(QString, category);
        QFETCH(bool, committed);
        const qint64 before = m_sim->requestsServed();
        const Run run = attempt(ProviderKind::OpenAi, stream, fault);
        QVERIFY(run.result.failure);
        QCOMPARE(nameOf(run.result.failure->category), category);
        QVERIFY(!run.result.failure->message.isEmpty());
        QCOMPARE(run.result.committed, committed);
        // Exactly one request went upstream: nothing retried underneath us.
        QCOMPARE(m_sim->requestsServed() - before, 1);
    }

    void aHangEndsAtTheAttemptTimeout()
    {
        QElapsedTimer elapsed;
        elapsed.start();
        const Run run = attempt(ProviderKind::OpenAi, false, "hang", { 400, 5000 });
        QCOMPARE(run.result.failure->category, FailureCategory::Timeout);
        QVERIFY(elapsed.elapsed() < 2000);
    }

    void aStalledStreamEndsAtTheStallTimeout()
    {
        QElapsedTimer elapsed;
        elapsed.start();
        const Run run = attempt(ProviderKind::OpenAi, true, "hang", { 10'000, 300 });
        QCOMPARE(run.result.failure->category, FailureCategory::Timeout);
        QVERIFY(run.result.failure->message.contains(QStringLiteral("stalled")));
        QVERIFY(elapsed.elapsed() < 3000);
    }

    void nothingListeningIsAConnectError()
    {
        const quint16 port = m_sim->port();
        m_sim.reset();
        const auto adapter = ProviderAdapter::forKind(ProviderKind::OpenAi);
        ChatRequest request;
        request.messages.push_back(ChatMessage::text(Role::User, QStringLiteral("hi")));
        HttpAttempt http(m_network, *adapter,
                         adapter->buildRequest(request, QStringLiteral("m"), QStringLiteral("http://127.0.0.1:%1/v1").arg(port), {}),
                         false, { 2000, 2000 }, m_clock);
        QSignalSpy finished(&http, &HttpAttempt::finished);
        http.start();
        QVERIFY(finished.wait(5000));
        const auto result = finished.at(0).at(0).value<AttemptResult>();
        QCOMPARE(result.failure->category, FailureCategory::ConnectError);
        QVERIFY(!result.mayBeBilled);
    }

    void cancellingStopsTheAttempt()
    {
        const auto adapter = ProviderAdapter::forKind(ProviderKind::OpenAi);
        ChatRequest request;
        request.messages.push_back(ChatMessage::text(Role::User, QStringLiteral("hi")));
        request.stream = true;
        OutgoingRequest out = adapter->buildRequest(request, QStringLiteral("sim-small"), m_sim->baseUrl() + QLatin1String("/v1"), {});
        out.headers.append({ QByteArray("x-sim-fault"), QByteArray("hang") });
        HttpAttempt http(m_network, *adapter, out, true, { 10'000, 10'000 }, m_clock);
        QSignalSpy finished(&http, &HttpAttempt::finished);
        http.start();
        QTimer::singleShot(100, &http, &HttpAttempt::cancel);
        QVERIFY(finished.wait(3000));
        QCOMPARE(finished.at(0).at(0).value<AttemptResult>().failure->category, FailureCategory::Cancelled);
    }

    void theKeyTravelsOnlyInRedactableHeaders()
    {
        const auto adapter = ProviderAdapter::forKind(ProviderKind::Anthropic);
        ChatRequest request;
        request.messages.push_back(ChatMessage::text(Role::User, QStringLiteral("hi")));
        const OutgoingRequest out = adapter->buildRequest(request, QStringLiteral("m"), QStringLiteral("https://api.anthropic.com"),
                                                          "sk-ant-secret-123");
        QVERIFY(!out.body.contains("sk-ant-secret-123"));
        QVERIFY(!out.url.toString().contains(QStringLiteral("sk-ant-secret-123")));
        for (const auto &[key, value] : redactedHeaders(out.headers))
            QVERIFY2(!value.contains("sk-ant-secret-123"), key.constData());
    }

    void quotedKeysAreTakenOutOfProviderText()
    {
        const HttpHeaders sent { { "Authorization", "Bearer sk-live-abcdef123456" }, { "x-api-key", "sk-ant-987654321" },
                                 { "Content-Type", "application/json" } };
        const QString said = QStringLiteral("Bad header Authorization: Bearer sk-live-abcdef123456; x-api-key=sk-ant-987654321 "
                                            "(%1) application/json")
                                 .arg(QString::fromLatin1(QByteArray("sk-live-abcdef123456").toBase64()));
        QCOMPARE(withoutSecrets(said, sent),
                 QStringLiteral("Bad header Authorization: Bearer [redacted]; x-api-key=[redacted] ([redacted]) application/json"));
        // Short values are left alone: blanking them would mangle ordinary words.
        QCOMPARE(withoutSecrets(QStringLiteral("a key"), { { "x-api-key", "key" } }), QStringLiteral("a key"));
    }
};

QTEST_GUILESS_MAIN(TestHttpAttempt)
#include "tst_httpattempt.moc"
