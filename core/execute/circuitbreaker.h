#pragma once

#include "execute/clock.h"
#include "model/failurecategory.h"

#include <deque>
#include <optional>

namespace switchboard::core::execute {

struct BreakerSettings
{
    int minimumCalls = 20;          // no trip on fewer outcomes than this in the window
    int windowSize = 50;            // the last N outcomes count
    double failureRatio = 0.5;      // trips at this share of failures
    qint64 openMs = 5'000;          // first open period
    qint64 maxOpenMs = 60'000;      // open periods double up to this
    int halfOpenProbes = 3;         // calls let through to test recovery
};

// A circuit breaker for one provider and model, after resilience4j: closed, it counts
// outcomes in a sliding window and opens at a failure ratio; open, it refuses at once; after
// the open period it lets exactly K probes through (half-open); K successes close it, one
// failure opens it again for twice as long. Failures the caller caused (400, 401, 404, 422),
// our own refusals and cancellations are not the provider's fault and are not counted.
class CircuitBreaker final
{
public:
    enum class State { Closed, Open, HalfOpen };

    CircuitBreaker(const Clock &clock, BreakerSettings settings = {});

    // May a call go to this target now? A true in half-open takes one probe slot.
    bool tryAcquire();
    void recordSuccess();
    void recordFailure(FailureCategory category);
    // An admitted call ended without an outcome that counts (cancelled, our own refusal).
    void recordIgnored();

    State state() const;
    // How long until an open breaker lets probes through (0 when not open).
    qint64 retryAfterMs() const;
    // Whether this failure counts against the provider at all.
    static bool counts(FailureCategory category);

private:
    void trip();
    void close();

    const Clock &m_clock;
    BreakerSettings m_settings;
    State m_state = State::Closed;
    std::deque<bool> m_window; // true: failure
    int m_failures = 0;
    qint64 m_openUntil = 0;
    qint64 m_currentOpenMs;
    int m_probesInFlight = 0;
    int m_probeSuccesses = 0;
};

} // namespace switchboard::core::execute
