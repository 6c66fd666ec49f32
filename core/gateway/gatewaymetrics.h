#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>

#include <array>
#include <atomic>
#include <mutex>

namespace switchboard::core::gateway {

// Counters the gateway exposes at GET /metrics in Prometheus' text format. Shared by the
// serving threads.
class GatewayMetrics final
{
public:
    void requestStarted() { ++m_inflight; }
    // One answered request: its wire format ("openai", "anthropic"), HTTP status, and time.
    void requestFinished(const QString &format, int status, qint64 durationUs);
    void refused(const QString &reason)
    {
        std::lock_guard lock(m_mutex);
        ++m_refused[reason];
    }
    void costAdded(qint64 micros) { m_costMicros += micros; }
    void cacheHit() { ++m_cacheHits; }
    void configReloaded() { ++m_reloads; }
    void setConfigVersion(int ruleSetVersion) { m_ruleSetVersion = ruleSetVersion; }

    qint64 inflight() const { return m_inflight; }
    // The upstream connection pools of all serving threads: opened in all, and idle now (no
    // cap per host, unlike QNetworkAccessManager's six).
    QByteArray render(qint64 upstreamOpened, qint64 upstreamIdle) const;

private:
    static constexpr std::array<double, 12> kBucketsSeconds { 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30 };

    mutable std::mutex m_mutex; // over the tables and the histogram
    std::atomic<qint64> m_inflight = 0;
    QHash<QPair<QString, int>, qint64> m_requests;
    QHash<QString, qint64> m_refused;
    std::array<qint64, kBucketsSeconds.size()> m_buckets {};
    qint64 m_durationCount = 0;
    double m_durationSum = 0;
    std::atomic<qint64> m_costMicros = 0;
    std::atomic<qint64> m_cacheHits = 0;
    std::atomic<qint64> m_reloads = 0;
    std::atomic<int> m_ruleSetVersion = 0;
};

} // namespace switchboard::core::gateway
