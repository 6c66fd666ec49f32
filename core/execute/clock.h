#pragma once

#include <QElapsedTimer>
#include <QRandomGenerator>

namespace switchboard::core::execute {

// Monotonic time for deadlines, backoff and breakers. Tests use ManualClock to move time by
// hand instead of waiting for it.
class Clock
{
public:
    virtual ~Clock() = default;
    virtual qint64 nowMs() const = 0;
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
