#include "execute/callexecution.h"

#include "execute/executor.h"
#include "execute/httpattempt.h"
#include "guard/outputcheck.h"
#include "model/callid.h"
#include "providers/openaiwire.h"
#include "providers/provideradapter.h"

#include <QDateTime>
#include <QTimerEvent>

namespace switchboard::core::execute {
namespace {

using providers::ProviderFailure;

ProviderFailure executorFailure(FailureCategory category, const QString &message, std::optional<qint64> retryAfterMs = {})
{
    ProviderFailure failure;
    failure.category = category;
    failure.message = message;
    failure.retryAfterMs = retryAfterMs;
    return failure;
}

qint64 estimateTokens(qsizetype characters)
{
    return std::max<qint64>(1, (characters + 3) / 4);
}

qint64 requestCharacters(const ChatRequest &request)
{
    qint64 characters = 0;
    for (const ChatMessage &message : request.messages)
        characters += message.plainText().size();
    return characters;
}

} // namespace

CallExecution::CallExecution(Executor &executor, CallSpec spec, QObject *parent)
    : QObject(parent)
    , m_executor(executor)
    , m_spec(std::move(spec))
{
    CallRecord &record = m_outcome.record;
    record.id = newCallId();
    record.startedMs = m_executor.clock().wallMs();
    record.origin = m_spec.origin;
    record.parentId = m_spec.parentId;
    record.gatewayKeyId = m_spec.gatewayKeyId;
    record.tenant = m_spec.tenant;
    record.feature = m_spec.feature;
    record.userId = m_spec.userId;
    record.tags = m_spec.tags;
    record.promptName = m_spec.promptName;
    record.promptVersion = m_spec.promptVersion;
    record.ruleSetVersion = m_spec.ruleSetVersion;
    record.ruleName = m_spec.ruleName;
    record.alias = m_spec.request.model;
    record.streamed = m_spec.request.stream;
    record.attempts = 0;
    m_loggedRequest = providers::openai::encodeRequest(m_spec.request);
    m_outcome.requestJson = QByteArray::fromStdString(m_loggedRequest.dump());
    m_outcome.variablesJson = m_spec.variablesJson;
}

CallExecution::~CallExecution() = default;

qint64 CallExecution::remainingMs() const
{
    return m_spec.deadlineMs - (m_executor.clock().nowMs() - m_startMs);
}

void CallExecution::begin()
{
    m_startMs = m_executor.clock().nowMs();
    m_executor.retryBudget().callStarted();
    m_deadline.start(m_executor.clock().timerMs(m_spec.deadlineMs), this);
    tryTarget();
}

// Both timers fire once: a QBasicTimer repeats until stopped.
void CallExecution::timerEvent(QTimerEvent *event)
{
    if (event->timerId() == m_deadline.timerId()) {
        m_deadline.stop();
        onDeadline();
    } else if (event->timerId() == m_backoff.timerId()) {
        m_backoff.stop();
        tryTarget();
    } else {
        QObject::timerEvent(event);
    }
}

void CallExecution::cancel()
{
    if (m_done)
        return;
    m_backoff.stop();
    if (m_attempt) {
        m_attempt->cancel(); // finishes through onAttemptFinished as cancelled
        return;
    }
    finish(std::nullopt, executorFailure(FailureCategory::Cancelled, QStringLiteral("The call was cancelled.")));
}

void CallExecution::onDeadline()
{
    if (m_done)
        return;
    m_deadlineHit = true;
    m_backoff.stop();
    if (m_attempt) {
        m_attempt->cancel();
        return;
    }
    finish(std::nullopt, executorFailure(FailureCategory::Timeout,
                                         QStringLiteral("The call's deadline of %1 ms passed.").arg(m_spec.deadlineMs)));
}

void CallExecution::tryTarget()
{
    if (m_done)
        return;
    // Walk the plan: the current target unless it has been given up on, skipping targets
    // already tried (a fallback chain does not restart their retries) and targets whose
    // breaker is open.
    std::optional<qint64> soonestRecovery;
    while (m_targetIndex < m_spec.targets.size()) {
        const Target &target = m_spec.targets[m_targetIndex];
        const bool sameAsCurrent = m_currentTarget && m_currentTarget->key() == target.key();
        if (!sameAsCurrent && m_triedTargets.contains(target.key())) {
            ++m_targetIndex;
            continue;
        }
        CircuitBreaker &breaker = m_executor.breaker(target);
        if (!breaker.tryAcquire()) {
            const qint64 wait = breaker.retryAfterMs();
            soonestRecovery = soonestRecovery ? std::min(*soonestRecovery, wait) : wait;
            m_outcome.trace.append(QStringLiteral("skipped %1: its circuit breaker is open for %2 ms more")
                                       .arg(target.key())
                                       .arg(wait));
            ++m_targetIndex;
            m_retriesOnTarget = 0;
            continue;
        }
        startAttempt(target);
        return;
    }
    if (soonestRecovery && m_outcome.record.attempts == 0)
        finish(std::nullopt, executorFailure(FailureCategory::Overloaded,
                                             QStringLiteral("Every target of this call has an open circuit breaker; "
                                                            "try again in %1 s.")
                                                 .arg((*soonestRecovery + 999) / 1000),
                                             soonestRecovery));
    else
        finish(std::nullopt, executorFailure(FailureCategory::ServerError, QStringLiteral("No target left to try.")));
}

void CallExecution::startAttempt(const Target &target)
{
    if (!m_currentTarget || m_currentTarget->key() != target.key())
        m_retriesOnTarget = 0;
    m_currentTarget = target;
    m_triedTargets.insert(target.key());
    m_adapter = providers::ProviderAdapter::forKind(target.provider.kind);
    auto key = m_executor.keys().keyFor(target.provider);
    if (!key) {
        // Nothing was sent: an attempt that never left, failed as an auth problem so that the
        // next target (another provider, another key) can serve the call.
        AttemptResult missing;
        missing.startedMs = missing.endedMs = m_executor.clock().nowMs();
        ProviderFailure failure;
        failure.category = FailureCategory::Auth;
        failure.message = key.error().message;
        missing.failure = failure;
        onAttemptFinished(missing);
        return;
    }
    const QString base = target.provider.baseUrl.isEmpty() ? providers::ProviderAdapter::defaultBaseUrl(target.provider.kind)
                                                           : target.provider.baseUrl;
    HttpAttempt::Timeouts timeouts = m_spec.attemptTimeouts;
    m_attemptBoundByDeadline = remainingMs() <= timeouts.attemptMs;
    timeouts.attemptMs = std::max<qint64>(1, std::min(timeouts.attemptMs, remainingMs()));
    ++m_outcome.record.attempts;
    auto *attempt = new HttpAttempt(m_executor.httpClient(), *m_adapter,
                                    m_adapter->buildRequestReusing(m_spec.request, target.model, base, *key, m_loggedRequest),
                                    m_spec.request.stream, timeouts, m_executor.clock(), this);
    m_attempt = attempt;
    connect(attempt, &HttpAttempt::delta, this, &CallExecution::onAttemptDelta);
    connect(attempt, &HttpAttempt::finished, this, &CallExecution::onAttemptFinished);
    attempt->start();
}

void CallExecution::onAttemptDelta(const StreamDelta &delta)
{
    if (m_done)
        return;
    if (!m_committed && !delta.carriesNoContent()) {
        m_committed = true;
        m_firstDeltaMs = m_executor.clock().nowMs() - m_startMs;
    }
    Q_EMIT this->delta(delta);
}

qint64 CallExecution::attemptCost(const AttemptResult &result, const Target &target, Usage *usedOut, bool *estimated) const
{
    if (!result.mayBeBilled || !result.response)
        return 0;
    Usage usage;
    if (result.response->usage) {
        usage = *result.response->usage;
    } else {
        // No usage reported (a cut stream, a server that leaves it out): count it ourselves
        // rather than record a free call.
        qsizetype outputChars = 0;
        for (const ChatChoice &choice : result.response->choices)
            outputChars += choice.message.plainText().size() + choice.refusal.size();
        usage.inputTokens = estimateTokens(requestCharacters(m_spec.request));
        usage.outputTokens = estimateTokens(outputChars);
        usage.estimated = true;
        *estimated = true;
    }
    if (usedOut)
        *usedOut = usage;
    const auto price = m_executor.prices().priceFor(target.provider.kind, target.model, m_outcome.record.startedMs);
    return price ? pricing::costMicros(usage, *price) : 0;
}

void CallExecution::onAttemptFinished(const AttemptResult &result)
{
    if (m_attempt) {
        m_attempt->deleteLater();
        m_attempt = nullptr;
    }
    if (m_holdsRetrySlot) {
        m_executor.retryBudget().releaseRetry();
        m_holdsRetrySlot = false;
    }
    const Target target = *m_currentTarget;
    CircuitBreaker &breaker = m_executor.breaker(target);
    AttemptRecord attempt;
    attempt.seq = m_outcome.record.attempts;
    attempt.provider = target.provider.name;
    attempt.model = target.model;
    // On the call's own time line: one reading of the clock, so an attempt never seems to start
    // before its call.
    attempt.startedMs = m_outcome.record.startedMs + (result.startedMs - m_startMs);
    attempt.latencyUs = (result.endedMs - result.startedMs) * 1000;
    attempt.httpStatus = result.httpStatus;
    attempt.billed = result.mayBeBilled;
    Usage usage;
    bool estimated = false;
    attempt.costMicros = attemptCost(result, target, &usage, &estimated);
    m_costMicros += attempt.costMicros;
    m_tokensEstimated = m_tokensEstimated || estimated;
    m_outcome.record.provider = target.provider.name;
    m_outcome.record.model = target.model;

    if (!result.failure) {
        breaker.recordSuccess();
        attempt.decision = QStringLiteral("answered");
        m_outcome.attempts.push_back(attempt);
        m_outcome.chunkOffsetsMs = result.chunkOffsetsMs;
        ChatResponse response = *result.response;
        // The provider's bytes serve as they are unless something had to be filled in.
        const bool asSent = response.usage && !response.model.isEmpty();
        if (!response.usage)
            response.usage = usage;
        if (response.model.isEmpty())
            response.model = target.model;
        if (asSent)
            m_outcome.responseJson = result.bodyInLoggedForm;
        const auto soft = guard::checkOutput(m_spec.request, response);
        finish(std::move(response), soft, true);
        return;
    }

    ProviderFailure failure = *result.failure;
    // An attempt whose time limit was what was left of the call's deadline: its timer and the
    // deadline's end together, in either order. Either way the deadline has passed.
    if (result.timedOut && m_attemptBoundByDeadline)
        m_deadlineHit = true;
    if ((failure.category == FailureCategory::Cancelled || result.timedOut) && m_deadlineHit) {
        failure = executorFailure(FailureCategory::Timeout,
                                  QStringLiteral("The call's deadline of %1 ms passed during an attempt.").arg(m_spec.deadlineMs));
    }
    if (failure.category == FailureCategory::Cancelled)
        breaker.recordIgnored();
    else
        breaker.recordFailure(failure.category);
    attempt.failure = failure.category;
    attempt.message = failure.message;

    if (m_committed || m_deadlineHit || failure.category == FailureCategory::Cancelled) {
        attempt.decision = m_committed ? QStringLiteral("the answer had begun reaching the caller: not retried")
                                       : QStringLiteral("stopped");
        m_outcome.attempts.push_back(attempt);
        m_outcome.chunkOffsetsMs = result.chunkOffsetsMs;
        std::optional<ChatResponse> partial = result.response;
        if (partial && !partial->usage && attempt.costMicros > 0)
            partial->usage = usage; // the estimate that was priced, so tokens and cost agree
        finish(std::move(partial), failure);
        return;
    }

    const bool hasNext = std::any_of(m_spec.targets.begin() + static_cast<std::ptrdiff_t>(m_targetIndex) + 1, m_spec.targets.end(),
                                     [this](const Target &t) { return !m_triedTargets.contains(t.key()); });
    RetryBudget &budget = m_executor.retryBudget();
    const bool wantsRetry = failure.retryable && m_retriesOnTarget < m_executor.retryPolicy().settings().maxRetries;
    const bool budgetAvailable = wantsRetry && budget.tryAcquireRetry();
    const RetryDecision decision = m_executor.retryPolicy().decide(
        { &failure, m_retriesOnTarget, remainingMs(), hasNext, budgetAvailable || !wantsRetry }, m_executor.random());
    if (budgetAvailable && decision.action != RetryDecision::Action::RetrySameTarget)
        budget.releaseRetry();
    attempt.decision = decision.reason;
    m_outcome.attempts.push_back(attempt);
    m_outcome.trace.append(QStringLiteral("%1: %2").arg(target.key(), decision.reason));

    switch (decision.action) {
    case RetryDecision::Action::RetrySameTarget:
        m_holdsRetrySlot = true;
        ++m_retriesOnTarget;
        m_backoff.start(m_executor.clock().timerMs(decision.delayMs), this);
        return;
    case RetryDecision::Action::NextTarget:
        ++m_targetIndex;
        m_retriesOnTarget = 0;
        m_currentTarget.reset();
        tryTarget();
        return;
    case RetryDecision::Action::GiveUp:
        finish(result.response, failure);
        return;
    }
}

void CallExecution::finish(std::optional<ChatResponse> response, std::optional<ProviderFailure> failure, bool answered)
{
    if (m_done)
        return;
    m_done = true;
    m_deadline.stop();
    m_backoff.stop();
    if (m_holdsRetrySlot) {
        m_executor.retryBudget().releaseRetry();
        m_holdsRetrySlot = false;
    }
    m_executor.retryBudget().callFinished();

    CallRecord &record = m_outcome.record;
    record.status = answered ? CallStatus::Ok : (m_committed ? CallStatus::Partial : CallStatus::Failed);
    if (failure) {
        record.failure = failure->category;
        record.errorMessage = failure->message;
    }
    record.latencyUs = (m_executor.clock().nowMs() - m_startMs) * 1000;
    if (record.streamed && m_firstDeltaMs)
        record.ttftUs = *m_firstDeltaMs * 1000;
    if (response && response->usage) {
        record.inputTokens = response->usage->inputTokens;
        record.outputTokens = response->usage->outputTokens;
        record.cachedInputTokens = response->usage->cachedInputTokens;
    }
    record.tokensEstimated = m_tokensEstimated;
    record.costMicros = m_costMicros;
    if (response && m_outcome.responseJson.isEmpty())
        m_outcome.responseJson = QByteArray::fromStdString(providers::openai::encodeResponse(*response).dump());
    m_outcome.response = std::move(response);
    m_outcome.failure = std::move(failure);
    Q_EMIT finished(m_outcome);
}

} // namespace switchboard::core::execute
