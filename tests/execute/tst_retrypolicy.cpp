// The executor's retry policy and retry budget, with scripted randomness.
#include "coretostring.h"
#include "execute/retrybudget.h"
#include "execute/retrypolicy.h"
#include "scriptedrandom.h"

#include <QTest>

using namespace switchboard::core;
using namespace switchboard::core::execute;
using Action = RetryDecision::Action;

namespace {

providers::ProviderFailure failure(FailureCategory category, std::optional<qint64> retryAfterMs = {})
{
    providers::ProviderFailure out;
    out.category = category;
    out.retryable = providers::isRetryable(category);
    out.retryAfterMs = retryAfterMs;
    return out;
}

RetryPolicy::Situation situation(const providers::ProviderFailure &f, int retries = 0, qint64 remainingMs = 30'000,
                                 bool next = true, bool budget = true)
{
    return { &f, retries, remainingMs, next, budget };
}

} // namespace

namespace switchboard::core::execute {
inline char *toString(const RetryDecision::Action &action)
{
    switch (action) {
    case RetryDecision::Action::RetrySameTarget: return qstrdup("RetrySameTarget");
    case RetryDecision::Action::NextTarget: return qstrdup("NextTarget");
    case RetryDecision::Action::GiveUp: return qstrdup("GiveUp");
    }
    return qstrdup("?");
}
} // namespace switchboard::core::execute

class TestRetryPolicy final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void backoffIsCappedExponentialWithFullJitter()
    {
        RetryPolicy policy({ 3, 100, 1000, 20'000 });
        ScriptedRandom top({ 0.999999 });
        QCOMPARE(policy.backoffMs(0, top), 99);
        QCOMPARE(policy.backoffMs(1, top), 199);
        QCOMPARE(policy.backoffMs(3, top), 799);
        QCOMPARE(policy.backoffMs(4, top), 999); // capped at 1000
        QCOMPARE(policy.backoffMs(40, top), 999);
        ScriptedRandom bottom({ 0.0 });
        QCOMPARE(policy.backoffMs(3, bottom), 0); // full jitter reaches zero
        ScriptedRandom half({ 0.5 });
        QCOMPARE(policy.backoffMs(2, half), 200);
    }

    void retryableFailuresRetryTheSameTargetThenFailOver()
    {
        RetryPolicy policy({ 2, 100, 1000, 20'000 });
        ScriptedRandom random({ 0.5 });
        const auto f = failure(FailureCategory::ServerError);
        auto first = policy.decide(situation(f, 0), random);
        QCOMPARE(first.action, Action::RetrySameTarget);
        QCOMPARE(first.delayMs, 50);
        QCOMPARE(policy.decide(situation(f, 1), random).action, Action::RetrySameTarget);
        QCOMPARE(policy.decide(situation(f, 2), random).action, Action::NextTarget);
        QCOMPARE(policy.decide(situation(f, 2, 30'000, false), random).action, Action::GiveUp);
    }

    void retryAfterIsHonouredOrTooLongFailsOverAtOnce()
    {
        RetryPolicy policy({ 2, 100, 1000, 5'000 });
        ScriptedRandom random({ 0.5 });
        const auto shortWait = failure(FailureCategory::RateLimited, 1500);
        const auto decision = policy.decide(situation(shortWait), random);
        QCOMPARE(decision.action, Action::RetrySameTarget);
        QCOMPARE(decision.delayMs, 1500);
        QVERIFY(decision.reason.contains(QStringLiteral("asked for")));

        const auto longWait = failure(FailureCategory::RateLimited, 60'000);
        const auto away = policy.decide(situation(longWait), random);
        QCOMPARE(away.action, Action::NextTarget);
        QCOMPARE(away.delayMs, 0);

        // No Retry-After (or an unreadable one, which reads as none): normal backoff.
        const auto none = failure(FailureCategory::RateLimited);
        QCOMPARE(policy.decide(situation(none), random).delayMs, 50);
    }

    void neverWaitsPastTheDeadline()
    {
        RetryPolicy policy({ 2, 100, 1000, 20'000 });
        ScriptedRandom random({ 0.5 });
        const auto f = failure(FailureCategory::RateLimited, 3000);
        QCOMPARE(policy.decide(situation(f, 0, 2999), random).action, Action::NextTarget);
        QCOMPARE(policy.decide(situation(f, 0, 2999, false), random).action, Action::GiveUp);
        QCOMPARE(policy.decide(situation(f, 0, 3001), random).action, Action::RetrySameTarget);
    }

    void nonRetryableFailures_data()
    {
        QTest::addColumn<int>("category");
        QTest::addColumn<int>("expected");
        QTest::newRow("bad request gives up") << int(FailureCategory::BadRequest) << int(Action::GiveUp);
        QTest::newRow("auth fails over") << int(FailureCategory::Auth) << int(Action::NextTarget);
        QTest::newRow("context length fails over") << int(FailureCategory::ContextLength) << int(Action::NextTarget);
        QTest::newRow("content filter fails over") << int(FailureCategory::ContentFilter) << int(Action::NextTarget);
        QTest::newRow("our budget never retried") << int(FailureCategory::BudgetExceeded) << int(Action::GiveUp);
        QTest::newRow("cancelled never retried") << int(FailureCategory::Cancelled) << int(Action::GiveUp);
        QTest::newRow("refusal gives up") << int(FailureCategory::Refusal) << int(Action::GiveUp);
    }

    void nonRetryableFailures()
    {
        QFETCH(int, category);
        QFETCH(int, expected);
        RetryPolicy policy;
        ScriptedRandom random({ 0.5 });
        const auto f = failure(static_cast<FailureCategory>(category));
        QCOMPARE(policy.decide(situation(f), random).action, static_cast<Action>(expected));
    }

    void aSpentBudgetFailsOverInsteadOfRetrying()
    {
        RetryPolicy policy;
        ScriptedRandom random({ 0.5 });
        const auto f = failure(FailureCategory::Overloaded);
        QCOMPARE(policy.decide(situation(f, 0, 30'000, true, false), random).action, Action::NextTarget);
    }

    void budgetAllowsAShareOfCallsWithAFloor()
    {
        RetryBudget budget(0.2, 3);
        for (int i = 0; i < 5; ++i)
            budget.callStarted();
        // 20 % of 5 is 1, but the floor allows 3.
        QVERIFY(budget.tryAcquireRetry());
        QVERIFY(budget.tryAcquireRetry());
        QVERIFY(budget.tryAcquireRetry());
        QVERIFY(!budget.tryAcquireRetry());
        budget.releaseRetry();
        QVERIFY(budget.tryAcquireRetry());

        RetryBudget busy(0.2, 3);
        for (int i = 0; i < 500; ++i)
            busy.callStarted();
        int granted = 0;
        while (busy.tryAcquireRetry())
            ++granted;
        QCOMPARE(granted, 100);
        QCOMPARE(busy.retriesInFlight(), 100);
    }

    void aDeadProviderCostsAtMostTwentyPercentExtra()
    {
        // Every call fails once and wants one retry; the budget lets a fifth of them through.
        RetryBudget budget(0.2, 3);
        const int calls = 1000;
        int upstream = 0;
        for (int i = 0; i < calls; ++i)
            budget.callStarted();
        for (int i = 0; i < calls; ++i) {
            ++upstream; // the first attempt
            if (budget.tryAcquireRetry())
                ++upstream; // the retry, still in flight: the slot stays taken
        }
        QVERIFY2(upstream <= calls * 1.2, qPrintable(QString::number(upstream)));
    }
};

QTEST_GUILESS_MAIN(TestRetryPolicy)
#include "tst_retrypolicy.moc"
