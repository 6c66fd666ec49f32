#pragma once

#include "execute/callspec.h"
#include "model/streamassembler.h"

#include <QBasicTimer>
#include <QObject>
#include <QPointer>
#include <QSet>

#include <memory>

#include <nlohmann/json.hpp>

namespace switchboard::core::providers {
class ProviderAdapter;
}

namespace switchboard::core::execute {

class Executor;
class HttpAttempt;

// One call on its way through the executor: the retry loop, failover along the targets,
// the deadline, cancellation, and the outcome. Once a delta has reached the caller the call
// is committed: a later failure ends it as partial and nothing is retried.
class CallExecution final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CallExecution)

public:
    ~CallExecution() override;

    const QString &callId() const { return m_outcome.record.id; }
    // Stops the call; it finishes as cancelled.
    void cancel();

Q_SIGNALS:
    void delta(const switchboard::core::StreamDelta &delta);
    void finished(const switchboard::core::execute::CallOutcome &outcome);

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    friend class Executor;
    CallExecution(Executor &executor, CallSpec spec, QObject *parent);

    void begin();
    void tryTarget();
    void startAttempt(const Target &target);
    void onAttemptDelta(const StreamDelta &delta);
    void onAttemptFinished(const AttemptResult &result);
    void onDeadline();
    // answered: a complete answer arrived (a failure is then only about its content).
    void finish(std::optional<ChatResponse> response, std::optional<providers::ProviderFailure> failure,
                bool answered = false);
    qint64 remainingMs() const;
    qint64 attemptCost(const AttemptResult &result, const Target &target, Usage *usedOut, bool *estimated) const;

    Executor &m_executor;
    CallSpec m_spec;
    CallOutcome m_outcome;
    qint64 m_startMs = 0; // executor clock
    std::size_t m_targetIndex = 0;
    int m_retriesOnTarget = 0;
    bool m_holdsRetrySlot = false;
    bool m_committed = false;
    bool m_done = false;
    bool m_deadlineHit = false;
    bool m_attemptBoundByDeadline = false; // the current attempt's limit is the deadline's rest
    QSet<QString> m_triedTargets;
    std::unique_ptr<providers::ProviderAdapter> m_adapter;
    nlohmann::json m_loggedRequest; // requestJson before it was written out: attempts reuse it
    QPointer<HttpAttempt> m_attempt;
    std::optional<Target> m_currentTarget;
    QBasicTimer m_deadline; // timers without objects of their own: one call makes many
    QBasicTimer m_backoff;
    std::optional<qint64> m_firstDeltaMs; // from the call's start
    qint64 m_costMicros = 0;
    bool m_tokensEstimated = false;
};

} // namespace switchboard::core::execute
