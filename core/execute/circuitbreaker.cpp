#include "execute/circuitbreaker.h"

#include "providers/providerfailure.h"

#include <algorithm>

namespace switchboard::core::execute {

CircuitBreaker::CircuitBreaker(const Clock &clock, BreakerSettings settings)
    : m_clock(clock)
    , m_settings(settings)
    , m_currentOpenMs(settings.openMs)
{
}

bool CircuitBreaker::counts(FailureCategory category)
{
    // The transient, provider-side failures: the same ones a retry may cure. The rest are the
    // request's fault, the output's, or ours.
    return providers::isRetryable(category);
}

CircuitBreaker::State CircuitBreaker::state() const
{
    if (m_state == State::Open && m_clock.nowMs() >= m_openUntil)
        return State::HalfOpen;
    return m_state;
}

qint64 CircuitBreaker::retryAfterMs() const
{
    return m_state == State::Open ? std::max<qint64>(0, m_openUntil - m_clock.nowMs()) : 0;
}

bool CircuitBreaker::tryAcquire()
{
    if (m_state == State::Closed)
        return true;
    if (m_state == State::Open) {
        if (m_clock.nowMs() < m_openUntil)
            return false;
        m_state = State::HalfOpen;
        m_probesInFlight = 0;
        m_probeSuccesses = 0;
    }
    if (m_probesInFlight + m_probeSuccesses >= m_settings.halfOpenProbes)
        return false;
    ++m_probesInFlight;
    return true;
}

void CircuitBreaker::recordSuccess()
{
    if (m_state == State::HalfOpen) {
        m_probesInFlight = std::max(0, m_probesInFlight - 1);
        if (++m_probeSuccesses >= m_settings.halfOpenProbes)
            close();
        return;
    }
    if (m_state != State::Closed)
        return;
    m_window.push_back(false);
    if (static_cast<int>(m_window.size()) > m_settings.windowSize) {
        m_failures -= m_window.front() ? 1 : 0;
        m_window.pop_front();
    }
}

void CircuitBreaker::recordFailure(FailureCategory category)
{
    if (!counts(category)) {
        recordIgnored();
        return;
    }
    if (m_state == State::HalfOpen) {
        m_currentOpenMs = std::min(m_settings.maxOpenMs, m_currentOpenMs * 2);
        trip();
        return;
    }
    if (m_state != State::Closed)
        return;
    m_window.push_back(true);
    ++m_failures;
    if (static_cast<int>(m_window.size()) > m_settings.windowSize) {
        m_failures -= m_window.front() ? 1 : 0;
        m_window.pop_front();
    }
    const int calls = static_cast<int>(m_window.size());
    if (calls >= m_settings.minimumCalls
        && static_cast<double>(m_failures) >= m_settings.failureRatio * calls)
        trip();
}

void CircuitBreaker::recordIgnored()
{
    if (m_state == State::HalfOpen)
        m_probesInFlight = std::max(0, m_probesInFlight - 1);
}

void CircuitBreaker::trip()
{
    m_state = State::Open;
    m_openUntil = m_clock.nowMs() + m_currentOpenMs;
    m_window.clear();
    m_failures = 0;
    m_probesInFlight = 0;
    m_probeSuccesses = 0;
}

void CircuitBreaker::close()
{
    m_state = State::Closed;
    m_currentOpenMs = m_settings.openMs;
    m_window.clear();
    m_failures = 0;
    m_probesInFlight = 0;
    m_probeSuccesses = 0;
}

} // namespace switchboard::core::execute
