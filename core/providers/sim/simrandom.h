#pragma once

#include <QtGlobal>

#include <cmath>

namespace switchboard::core::providers::sim {

// A small, fully specified random source (SplitMix64) with its own distributions, so that
// the same seed gives the same numbers on every platform and standard library (std's
// distributions are implementation-defined).
class SimRandom final
{
public:
    explicit SimRandom(quint64 seed) : m_state(seed) { }

    quint64 next()
    {
        quint64 z = (m_state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    // Uniform in [0, 1).
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    int below(int bound) { return bound <= 0 ? 0 : static_cast<int>(next() % static_cast<quint64>(bound)); }
    bool chance(double probability) { return uniform() < probability; }
    // Log-normal with the given median and shape (sigma of the underlying normal).
    double logNormal(double median, double sigma)
    {
        const double u1 = std::max(uniform(), 1e-12);
        const double u2 = uniform();
        const double normal = std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
        return median * std::exp(sigma * normal);
    }

private:
    quint64 m_state;
};

} // namespace switchboard::core::providers::sim
