#pragma once

#include "model/error.h"

#include <QString>

#include <optional>
#include <vector>

namespace switchboard::core::store {

class Connection;

// A feature's service level objectives: 95 % of its calls within a latency, 95 % of its
// streamed calls' first tokens within a time, and an error rate not above a share, each
// over a rolling window of days. Any of the three may be left out.
struct Slo
{
    static constexpr double kTargetShare = 0.95;

    QString feature;
    std::optional<qint64> latencyMs;
    std::optional<qint64> ttftMs;
    std::optional<double> maxErrorRate; // 0.01 for 1 %
    int windowDays = 30;

    friend bool operator==(const Slo &, const Slo &) = default;
};

class SloRepository final
{
public:
    explicit SloRepository(Connection &connection) : m_connection(connection) { }

    Result<std::vector<Slo>> list();
    // Sets a feature's objectives (replacing what it had); audited.
    Result<void> save(const Slo &slo, const QString &actor, qint64 nowMs);
    Result<void> remove(const QString &feature, const QString &reason, const QString &actor, qint64 nowMs);

    // What is wrong with an SLO, in words that say how to fix it; empty when valid.
    static QString problemWith(const Slo &slo);

private:
    Connection &m_connection;
};

} // namespace switchboard::core::store
