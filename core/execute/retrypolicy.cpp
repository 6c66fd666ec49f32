#include "execute/retrypolicy.h"

#include <algorithm>

namespace switchboard::core::execute {
namespace {

// Failures that another provider or model may not have: try the next target.
bool anotherTargetMayHelp(FailureCategory category)
{
    switch (category) {
    case FailureCategory::Auth:
    case FailureCategory::ContextLength:
    case FailureCategory::ContentFilter:
        return true;
    default:
        return false;
    }
}

} // namespace

qint64 RetryPolicy::backoffMs(int retryIndex, RandomSource &random) const
{
    const int shift = std::clamp(retryIndex, 0, 30);
    const qint64 ceiling = std::min(m_settings.maxBackoffMs, m_settings.baseBackoffMs << shift);
    return static_cast<qint64>(random.uniform() * static_cast<double>(ceiling));
}

RetryDecision RetryPolicy::failOver(const Situation &situation, const QString &why) const
{
    if (situation.hasNextTarget)
        return { RetryDecision::Action::NextTarget, 0, why + QStringLiteral("; trying the next target") };
    return { RetryDecision::Action::GiveUp, 0, why + QStringLiteral("; no target left") };
}

RetryDecision RetryPolicy::decide(const Situation &situation, RandomSource &random) const
{
    const providers::ProviderFailure &failure = *situation.failure;
    const QString category = nameOf(failure.category);
    // Our own refusals and the caller's cancellation end the call.
    if (failure.category == FailureCategory::BudgetExceeded || failure.category == FailureCategory::Cancelled)
        return { RetryDecision::Action::GiveUp, 0, QStringLiteral("%1 is never retried").arg(category) };
    if (!failure.retryable) {
        if (anotherTargetMayHelp(failure.category))
            return failOver(situation, QStringLiteral("%1 is not retried on the same target").arg(category));
        return { RetryDecision::Action::GiveUp, 0, QStringLiteral("%1 is not retryable").arg(category) };
    }
    if (situation.retriesOnTarget >= m_settings.maxRetries)
        return failOver(situation, QStringLiteral("%1 after %2 retries").arg(category).arg(situation.retriesOnTarget));
    if (!situation.retryBudgetAvailable)
        return failOver(situation, QStringLiteral("%1, and the retry budget is spent").arg(category));

    qint64 delay = 0;
    QString why;
    if (failure.retryAfterMs) {
        if (*failure.retryAfterMs > m_settings.maxRetryAfterMs)
            return failOver(situation, QStringLiteral("%1 with Retry-After %2 ms, longer than %3 ms")
                                           .arg(category)
                                           .arg(*failure.retryAfterMs)
                                           .arg(m_settings.maxRetryAfterMs));
        delay = *failure.retryAfterMs;
        why = QStringLiteral("%1; retrying after the %2 ms the provider asked for").arg(category).arg(delay);
    } else {
        delay = backoffMs(situation.retriesOnTarget, random);
        why = QStringLiteral("%1; retrying after %2 ms of backoff").arg(category).arg(delay);
    }
    if (delay >= situation.remainingMs)
        return failOver(situation, QStringLiteral("%1, and waiting %2 ms would pass the deadline").arg(category).arg(delay));
    return { RetryDecision::Action::RetrySameTarget, delay, why };
}

} // namespace switchboard::core::execute
