#pragma once

namespace switchboard::core::execute {

// Envoy's retry budget: retries in flight (waiting or running) may be at most a share of
// the calls in flight, with a floor so that a quiet system can still retry. Against a dead
// provider this caps the extra load retries add, however many calls arrive. Used from the
// executor's thread only.
class RetryBudget final
{
public:
    explicit RetryBudget(double ratio = 0.2, int minimumConcurrent = 3)
        : m_ratio(ratio), m_minimum(minimumConcurrent) { }

    void callStarted() { ++m_calls; }
    void callFinished() { --m_calls; }

    // Takes a retry slot if the budget allows; give it back with releaseRetry() when the
    // retry attempt ends.
    bool tryAcquireRetry();
    void releaseRetry() { --m_retries; }

    int callsInFlight() const { return m_calls; }
    int retriesInFlight() const { return m_retries; }
    int limit() const;

private:
    double m_ratio;
    int m_minimum;
    int m_calls = 0;
    int m_retries = 0;
};

} // namespace switchboard::core::execute
