// The circuit breaker, with time moved by hand.
#include "execute/circuitbreaker.h"

#include <QElapsedTimer>
#include <QTest>

using namespace switchboard::core;
using namespace switchboard::core::execute;

namespace {

BreakerSettings small()
{
    BreakerSettings s;
    s.minimumCalls = 10;
    s.windowSize = 20;
    s.failureRatio = 0.5;
    s.openMs = 1000;
    s.maxOpenMs = 3000;
    s.halfOpenProbes = 2;
    return s;
}

void fail(CircuitBreaker &breaker, int times, FailureCategory category = FailureCategory::ServerError)
{
    for (int i = 0; i < times; ++i) {
        QVERIFY(breaker.tryAcquire());
        breaker.recordFailure(category);
    }
}

} // namespace

class TestCircuitBreaker final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void doesNotTripBelowTheMinimumNumberOfCalls()
    {
        ManualClock clock;
        CircuitBreaker breaker(clock, small());
        fail(breaker, 9);
        QCOMPARE(breaker.state(), CircuitBreaker::State::Closed);
        fail(breaker, 1);
        QCOMPARE(breaker.state(), CircuitBreaker::State::Open);
    }

    void tripsAtTheFailureRatioOfTheWindow()
    {
        ManualClock clock;
        CircuitBreaker breaker(clock, small());
        for (int i = 0; i < 12; ++i) {
            QVERIFY(breaker.tryAcquire());
            breaker.recordSuccess();
        }
        fail(breaker, 9); // 9 of the last 20: 45 %
        QCOMPARE(breaker.state(), CircuitBreaker::State::Closed);
        fail(breaker, 1); // 10 of the last 20: the ratio is reached
        QCOMPARE(breaker.state(), CircuitBreaker::State::Open);
    }

    void callerMistakesAndOurRefusalsDoNotCount()
    {
        ManualClock clock;
        CircuitBreaker breaker(clock, small());
        for (FailureCategory category : { FailureCategory::BadRequest, FailureCategory::Auth,
                                          FailureCategory::BudgetExceeded, FailureCategory::Cancelled,
                                          FailureCategory::ContextLength })
            fail(breaker, 10, category);
        QCOMPARE(breaker.state(), CircuitBreaker::State::Closed);
    }

    void openRefusesAtOnceWithoutWaiting()
    {
        ManualClock clock;
        CircuitBreaker breaker(clock, small());
        fail(breaker, 10);
        QElapsedTimer timer;
        timer.start();
        for (int i = 0; i < 10000; ++i)
            QVERIFY(!breaker.tryAcquire());
        QVERIFY2(timer.nsecsElapsed() / 10000 < 1'000'000, "a refusal took a millisecond or more");
        QCOMPARE(breaker.retryAfterMs(), 1000);
        clock.advance(400);
        QCOMPARE(breaker.retryAfterMs(), 600);
    }

    void halfOpenAdmitsExactlyKProbesAndSuccessCloses()
    {
        ManualClock clock;
        CircuitBreaker breaker(clock, small());
        fail(breaker, 10);
        clock.advance(1000);
        QCOMPARE(breaker.state(), CircuitBreaker::State::HalfOpen);
        QVERIFY(breaker.tryAcquire());
        QVERIFY(breaker.tryAcquire());
        QVERIFY(!breaker.tryAcquire()); // exactly K = 2 probes
        breaker.recordSuccess();
        QVERIFY(!breaker.tryAcquire()); // the second probe is still out
        breaker.recordSuccess();
        QCOMPARE(breaker.state(), CircuitBreaker::State::Closed);
        QVERIFY(breaker.tryAcquire());
        // Closed again, and reset: it takes the minimum number of calls to trip anew.
        breaker.recordFailure(FailureCategory::ServerError);
        fail(breaker, 8);
        QCOMPARE(breaker.state(), CircuitBreaker::State::Closed);
    }

    void aFailedProbeReopensForLongerUpToTheCap()
    {
        ManualClock clock;
        CircuitBreaker breaker(clock, small());
        fail(breaker, 10);
        const qint64 expected[] = { 2000, 3000, 3000 }; // 1000 doubled, then capped at 3000
        for (qint64 open : expected) {
            clock.advance(breaker.retryAfterMs());
            QVERIFY(breaker.tryAcquire());
            breaker.recordFailure(FailureCategory::Timeout); // a hung probe ends as a timeout
            QCOMPARE(breaker.state(), CircuitBreaker::State::Open);
            QCOMPARE(breaker.retryAfterMs(), open);
        }
        // Recovery resets the open period to its first length.
        clock.advance(3000);
        QVERIFY(breaker.tryAcquire());
        QVERIFY(breaker.tryAcquire());
        breaker.recordSuccess();
        breaker.recordSuccess();
        fail(breaker, 10);
        QCOMPARE(breaker.retryAfterMs(), 1000);
    }

    void aProbeThatEndsWithoutAnOutcomeFreesItsSlot()
    {
        ManualClock clock;
        CircuitBreaker breaker(clock, small());
        fail(breaker, 10);
        clock.advance(1000);
        QVERIFY(breaker.tryAcquire());
        QVERIFY(breaker.tryAcquire());
        breaker.recordFailure(FailureCategory::Cancelled); // the caller went away
        QVERIFY(breaker.tryAcquire());
    }
};

QTEST_GUILESS_MAIN(TestCircuitBreaker)
#include "tst_circuitbreaker.moc"
