#pragma once

#include "execute/clock.h"
#include "providers/providerfailure.h"

#include <QString>

namespace switchboard::core::execute {

struct RetrySettings
{
    int maxRetries = 2;              // retries on one target, after its first attempt
    qint64 baseBackoffMs = 200;
    qint64 maxBackoffMs = 8'000;
    qint64 maxRetryAfterMs = 20'000; // a longer Retry-After fails over at once instead
};

// What to do after a failed attempt, made before the first byte reached the caller. (After
// that the call is committed and is never retried.)
struct RetryDecision
{
    enum class Action { RetrySameTarget, NextTarget, GiveUp };

    Action action = Action::GiveUp;
    qint64 delayMs = 0;
    QString reason; // for the route trace: why this happened
};

// The one retry policy of the executor: retries only retryable failures, with capped
// exponential backoff and full jitter, honours Retry-After on the same target (or fails over
// at once when it is too long), and never waits past the call's deadline.
class RetryPolicy final
{
public:
    explicit RetryPolicy(RetrySettings settings = {}) : m_settings(settings) { }

    const RetrySettings &settings() const { return m_settings; }

    struct Situation
    {
        const providers::ProviderFailure *failure = nullptr;
        int retriesOnTarget = 0;     // retries already made on this target
        qint64 remainingMs = 0;      // until the call's deadline
        bool hasNextTarget = false;
        bool retryBudgetAvailable = true;
    };

    RetryDecision decide(const Situation &situation, RandomSource &random) const;
    // Full jitter: uniform in [0, min(cap, base * 2^retryIndex)).
    qint64 backoffMs(int retryIndex, RandomSource &random) const;

private:
    RetryDecision failOver(const Situation &situation, const QString &why) const;

    RetrySettings m_settings;
};

} // namespace switchboard::core::execute
