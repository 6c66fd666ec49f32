// The one executor against real simulated providers over loopback: answers, retries,
// failover, deadlines, commitment, breakers, budgets, keys and costs.
#include "coretostring.h"
#include "execute/callexecution.h"
#include "execute/executor.h"
#include "providers/sim/simulatedprovider.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

using namespace switchboard::core;
using namespace switchboard::core::execute;
using namespace switchboard::core::providers;
using namespace switchboard::core::providers::sim;

namespace {

ProviderConfig simProvider(const QString &name, const SimulatedProvider &sim)
{
    ProviderConfig provider;
    provider.name = name;
    provider.kind = ProviderKind::Simulated;
    provider.baseUrl = sim.baseUrl() + QLatin1String("/v1");
    return provider;
}

} // namespace

class TestExecutor final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<SimulatedProvider> m_primary;
    std::unique_ptr<SimulatedProvider> m_fallback;
    SteadyClock m_clock;
    SystemRandom m_random;
    std::unique_ptr<Executor> m_executor;

    struct Run
    {
        CallOutcome outcome;
        QString streamed;
        qint64 elapsedMs = 0;
    };

    void makeExecutor(ExecutorSettings settings = {}, KeyResolver keys = {})
    {
        settings.retry.baseBackoffMs = 5;
        settings.retry.maxBackoffMs = 20;
        m_executor = std::make_unique<Executor>(settings, m_clock, m_random, std::move(keys), pricing::PriceBook::simulated());
    }

    CallSpec spec(bool stream = false, bool withFallback = false)
    {
        CallSpec spec;
        spec.request.model = QStringLiteral("support-answer");
        spec.request.messages.push_back(ChatMessage::text(Role::User, QStringLiteral("Where is my order?")));
        spec.request.stream = stream;
        spec.tenant = QStringLiteral("acme");
        spec.feature = QStringLiteral("support");
        spec.targets.push_back({ simProvider(QStringLiteral("sim-a"), *m_primary), QStringLiteral("sim-small-2025-01-01") });
        if (withFallback)
            spec.targets.push_back({ simProvider(QStringLiteral("sim-b"), *m_fallback), QStringLiteral("sim-large-2025-01-01") });
        spec.deadlineMs = 10'000;
        spec.attemptTimeouts = { 5000, 2000 };
        return spec;
    }

    Run run(CallSpec spec, std::function<void(CallExecution *)> whileRunning = {})
    {
        QElapsedTimer elapsed;
        elapsed.start();
        CallExecution *execution = m_executor->start(std::move(spec));
        Run result;
        connect(execution, &CallExecution::delta, this, [&result](const StreamDelta &d) { result.streamed += d.text; });
        QSignalSpy finished(execution, &CallExecution::finished);
        if (whileRunning)
            whileRunning(execution);
        if (!finished.wait(15000))
            qFatal("the call never finished");
        result.outcome = finished.at(0).at(0).value<CallOutcome>();
        result.elapsedMs = elapsed.elapsed();
        return result;
    }

private Q_SLOTS:
    void init()
    {
        m_primary = std::make_unique<SimulatedProvider>(SimulatedProvider::Settings { 5, 0.02, false });
        m_fallback = std::make_unique<SimulatedProvider>(SimulatedProvider::Settings { 6, 0.02, false });
        QVERIFY(m_primary->listen(QHostAddress::LocalHost, 0));
        QVERIFY(m_fallback->listen(QHostAddress::LocalHost, 0));
        makeExecutor();
    }
    void cleanup()
    {
        m_executor.reset();
        m_primary.reset();
        m_fallback.reset();
    }

    void aCallIsAnsweredAndRecorded()
    {
        const Run result = run(spec());
        const CallRecord &record = result.outcome.record;
        QCOMPARE(record.status, CallStatus::Ok);
        QVERIFY(!record.failure);
        QCOMPARE(record.attempts, 1);
        QCOMPARE(record.alias, QStringLiteral("support-answer"));
        QCOMPARE(record.provider, QStringLiteral("sim-a"));
        QCOMPARE(record.model, QStringLiteral("sim-small-2025-01-01"));
        QCOMPARE(record.tenant, QStringLiteral("acme"));
        QCOMPARE(record.id.size(), 26);
        QVERIFY(record.outputTokens > 0 && record.inputTokens > 0);
        QVERIFY(record.costMicros > 0);
        QVERIFY(!record.tokensEstimated);
        QVERIFY(record.latencyUs > 0);
        QVERIFY(!record.ttftUs); // not streamed
        QVERIFY(result.outcome.response);
        QVERIFY(!result.outcome.responseJson.isEmpty());
        QCOMPARE(result.outcome.attempts.size(), std::size_t(1));
    }

    void aStreamReachesTheCallerWithTimeToFirstToken()
    {
        const Run result = run(spec(true));
        QCOMPARE(result.outcome.record.status, CallStatus::Ok);
        QVERIFY(result.outcome.record.ttftUs);
        QVERIFY(*result.outcome.record.ttftUs <= result.outcome.record.latencyUs);
        QCOMPARE(result.streamed, result.outcome.response->choices.at(0).message.plainText());
        QVERIFY(result.outcome.chunkOffsetsMs.size() > 1);
    }

    void aProviderThatAlwaysFailsGetsOnePlusMaxRetriesAttempts()
    {
        m_primary->scriptFaults(QList<SimFault>(10, SimFault::ServerError));
        const Run result = run(spec());
        QCOMPARE(result.outcome.record.status, CallStatus::Failed);
        QCOMPARE(result.outcome.record.failure, std::optional<FailureCategory>(FailureCategory::ServerError));
        QCOMPARE(m_primary->requestsServed(), 3); // 1 + 2 retries, exactly
        QCOMPARE(result.outcome.record.attempts, 3);
        QCOMPARE(result.outcome.record.costMicros, 0); // errors are not billed
    }

    void theFallbackServesWhenThePrimaryIsDown()
    {
        m_primary->scriptFaults(QList<SimFault>(10, SimFault::Unavailable));
        const Run result = run(spec(false, true));
        QCOMPARE(result.outcome.record.status, CallStatus::Ok);
        QCOMPARE(result.outcome.record.provider, QStringLiteral("sim-b"));
        QCOMPARE(m_primary->requestsServed(), 3);
        QCOMPARE(m_fallback->requestsServed(), 1);
        QCOMPARE(result.outcome.attempts.size(), std::size_t(4));
        QVERIFY(result.outcome.trace.join(QLatin1Char('\n')).contains(QStringLiteral("next target")));
    }

    void aRequestErrorIsNotRetried()
    {
        m_primary->scriptFaults({ SimFault::ServerError });
        CallSpec bad = spec(false, true);
        bad.request.messages.clear(); // the simulator rejects an empty conversation with a 400
        bad.request.messages.push_back(ChatMessage::text(Role::Tool, QStringLiteral("orphan tool result")));
        m_primary->scriptFaults({});
        const Run result = run(bad);
        QCOMPARE(result.outcome.record.failure, std::optional<FailureCategory>(FailureCategory::BadRequest));
        QCOMPARE(result.outcome.record.attempts, 1);
        QCOMPARE(m_fallback->requestsServed(), 0);
    }

    void theDeadlineBoundsEveryAttemptAndWait()
    {
        m_primary->scriptFaults({ SimFault::Hang });
        CallSpec slow = spec();
        slow.deadlineMs = 400;
        slow.attemptTimeouts = { 10'000, 10'000 };
        const Run result = run(slow);
        QCOMPARE(result.outcome.record.failure, std::optional<FailureCategory>(FailureCategory::Timeout));
        QVERIFY2(result.elapsedMs <= 400 + 50 + 100, qPrintable(QString::number(result.elapsedMs)));
        QCOMPARE(m_primary->requestsServed(), 1);
    }

    void aFailureAfterTheFirstByteEndsAsPartialAndIsNotRetried()
    {
        m_primary->scriptFaults({ SimFault::CutStream });
        const Run result = run(spec(true, true));
        QCOMPARE(result.outcome.record.status, CallStatus::Partial);
        QCOMPARE(result.outcome.record.failure, std::optional<FailureCategory>(FailureCategory::ServerError));
        QCOMPARE(m_primary->requestsServed(), 1);
        QCOMPARE(m_fallback->requestsServed(), 0);
        QVERIFY(!result.streamed.isEmpty());
        // What arrived was not duplicated, and it is what the record keeps.
        QCOMPARE(result.outcome.response->choices.at(0).message.plainText(), result.streamed);
        // The provider may bill what it sent: the partial answer is counted, as an estimate.
        QVERIFY(result.outcome.record.costMicros > 0);
        QVERIFY(result.outcome.record.tokensEstimated);
    }

    void anErrorBeforeTheFirstByteGoesToTheNextAttempt()
    {
        m_primary->scriptFaults({ SimFault::Unavailable, SimFault::Unavailable, SimFault::Unavailable });
        const Run result = run(spec(true, true));
        QCOMPARE(result.outcome.record.status, CallStatus::Ok);
        QCOMPARE(result.outcome.record.provider, QStringLiteral("sim-b"));
        QVERIFY(!result.streamed.isEmpty());
    }

    void anOpenBreakerRefusesAtOnceWithoutAnUpstreamCall()
    {
        ExecutorSettings settings;
        settings.breaker.minimumCalls = 3;
        settings.breaker.windowSize = 3;
        settings.retry.maxRetries = 0;
        makeExecutor(settings);
        m_primary->scriptFaults(QList<SimFault>(3, SimFault::ServerError));
        for (int i = 0; i < 3; ++i)
            run(spec());
        QCOMPARE(m_primary->requestsServed(), 3);
        const Run refused = run(spec());
        QCOMPARE(refused.outcome.record.failure, std::optional<FailureCategory>(FailureCategory::Overloaded));
        QVERIFY(refused.outcome.failure->retryAfterMs);
        QCOMPARE(refused.outcome.record.attempts, 0);
        QCOMPARE(m_primary->requestsServed(), 3);
        QVERIFY2(refused.elapsedMs < 50, qPrintable(QString::number(refused.elapsedMs)));
    }

    void cancellingStopsTheCall()
    {
        m_primary->scriptFaults({ SimFault::Hang });
        const Run result = run(spec(true), [](CallExecution *execution) {
            QTimer::singleShot(100, execution, &CallExecution::cancel);
        });
        QCOMPARE(result.outcome.record.failure, std::optional<FailureCategory>(FailureCategory::Cancelled));
        QVERIFY(result.elapsedMs < 2000);
    }

    void aMissingKeyIsAnAuthFailureThatNamesTheVariable()
    {
        CallSpec keyed = spec(false, true);
        keyed.targets[0].provider.keySource = KeySource::Environment;
        keyed.targets[0].provider.keyEnvVar = QStringLiteral("SWITCHBOARD_TEST_UNSET_KEY");
        const Run result = run(keyed);
        QCOMPARE(result.outcome.record.status, CallStatus::Ok); // the fallback served
        QCOMPARE(result.outcome.attempts.at(0).failure, std::optional<FailureCategory>(FailureCategory::Auth));
        QVERIFY(result.outcome.attempts.at(0).message.contains(QStringLiteral("SWITCHBOARD_TEST_UNSET_KEY")));
        QCOMPARE(m_primary->requestsServed(), 0);
    }

    void theKeyNeverReachesTheOutcome()
    {
        qputenv("SWITCHBOARD_TEST_KEY", "sk-test-7f3a9c1e5b");
        CallSpec keyed = spec();
        keyed.targets[0].provider.keySource = KeySource::Environment;
        keyed.targets[0].provider.keyEnvVar = QStringLiteral("SWITCHBOARD_TEST_KEY");
        const Run result = run(keyed);
        qunsetenv("SWITCHBOARD_TEST_KEY");
        QCOMPARE(result.outcome.record.status, CallStatus::Ok);
        QVERIFY(!result.outcome.requestJson.contains("sk-test-7f3a9c1e5b"));
        QVERIFY(!result.outcome.responseJson.contains("sk-test-7f3a9c1e5b"));
        for (const AttemptRecord &attempt : result.outcome.attempts)
            QVERIFY(!attempt.message.contains(QStringLiteral("sk-test-7f3a9c1e5b")));
    }

    void aTruncatedAnswerIsDeliveredAndFlagged()
    {
        m_primary->scriptFaults({ SimFault::Truncated });
        const Run result = run(spec());
        QCOMPARE(result.outcome.record.status, CallStatus::Ok);
        QCOMPARE(result.outcome.record.failure, std::optional<FailureCategory>(FailureCategory::Truncated));
        QCOMPARE(result.outcome.record.attempts, 1);
        QVERIFY(result.outcome.response);
    }
};

QTEST_GUILESS_MAIN(TestExecutor)
#include "tst_executor.moc"
