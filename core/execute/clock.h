#pragma once

#include <QDateTime>
#include <QElapsedTimer>
#include <QRandomGenerator>

#include <algorithm>
#include <climits>
#include <cmath>

namespace switchboard::core::execute {

// Monotonic time for deadlines, backoff and breakers. Tests use ManualClock to move time by
// hand instead of waiting for it.
class Clock
{
public:
    virtual ~Clock() = default;
    virtual qint64 nowMs() const = 0;
    // Calendar time, for the timestamps of records.
    virtual qint64 wallMs() const { return QDateTime::currentMSecsSinceEpoch(); }
    // The interval a QTimer needs to last `clockMs` of this clock's time (at least 1 ms).
    virtual int timerMs(qint64 clockMs) const { return static_cast<int>(std::clamp<qint64>(clockMs, 1, INT_MAX)); }
};

class SteadyClock final : public Clock
{
public:
    SteadyClock() { m_timer.start(); }
    qint64 nowMs() const override { return m_timer.elapsed(); }

private:
    QElapsedTimer m_timer;
};

class ManualClock final : public Clock
{
public:
    explicit ManualClock(qint64 startMs = 0) : m_now(startMs) { }
    qint64 nowMs() const override { return m_now; }
    void advance(qint64 ms) { m_now += ms; }

private:
    qint64 m_now;
};

// A clock that runs `speed` times faster than real time from a given calendar instant. The
// demo workspace runs the executor on it against a simulated provider slowed down by the
// same factor, so that recorded latencies, timeouts and backoff keep their real-world sizes
// while a week of traffic takes seconds.
class ScaledClock final : public Clock
{
public:
    ScaledClock(double speed, qint64 wallStartMs) : m_speed(speed), m_wallStart(wallStartMs) { m_timer.start(); }
    qint64 nowMs() const override { return static_cast<qint64>(static_cast<double>(m_timer.nsecsElapsed()) * m_speed / 1e6); }
    qint64 wallMs() const override { return m_wallStart + nowMs(); }
    int timerMs(qint64 clockMs) const override
    {
        return static_cast<int>(std::clamp<qint64>(static_cast<qint64>(std::ceil(static_cast<double>(clockMs) / m_speed)), 1, INT_MAX));
    }

private:
    double m_speed;
    qint64 m_wallStart;
    QElapsedTimer m_timer;
};

// Uniform numbers in [0, 1) for jitter. Tests script them.
class RandomSource
{
public:
    virtual ~RandomSource() = default;
    virtual double uniform() = 0;
};

class SystemRandom final : public RandomSource
{
public:
    double uniform() override { return QRandomGenerator::global()->generateDouble(); }
};

} // namespace switchboard::core::execute
