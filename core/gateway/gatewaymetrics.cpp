#include "gateway/gatewaymetrics.h"

#include <algorithm>
#include <map>

namespace switchboard::core::gateway {

void GatewayMetrics::requestFinished(const QString &format, int status, qint64 durationUs)
{
    std::lock_guard lock(m_mutex);
    --m_inflight;
    ++m_requests[qMakePair(format, status)];
    const double seconds = static_cast<double>(durationUs) / 1e6;
    for (std::size_t i = 0; i < kBucketsSeconds.size(); ++i) {
        if (seconds <= kBucketsSeconds[i])
            ++m_buckets[i];
    }
    ++m_durationCount;
    m_durationSum += seconds;
}

QByteArray GatewayMetrics::render(qint64 upstreamOpened, qint64 upstreamIdle) const
{
    std::lock_guard lock(m_mutex);
    QByteArray out;
    const auto line = [&out](const QByteArray &text) { out += text + '\n'; };
    line("# HELP switchboard_gateway_requests_total Requests answered, by wire format and HTTP status.");
    line("# TYPE switchboard_gateway_requests_total counter");
    std::map<QPair<QString, int>, qint64> requests(m_requests.keyValueBegin(), m_requests.keyValueEnd());
    for (const auto &[key, count] : requests)
        line("switchboard_gateway_requests_total{format=\"" + key.first.toUtf8() + "\",status=\"" + QByteArray::number(key.second)
             + "\"} " + QByteArray::number(count));
    line("# HELP switchboard_gateway_inflight Requests being served now.");
    line("# TYPE switchboard_gateway_inflight gauge");
    line("switchboard_gateway_inflight " + QByteArray::number(m_inflight.load()));
    line("# HELP switchboard_gateway_refused_total Requests refused before reaching a provider, by reason.");
    line("# TYPE switchboard_gateway_refused_total counter");
    std::map<QString, qint64> refused(m_refused.keyValueBegin(), m_refused.keyValueEnd());
    for (const auto &[reason, count] : refused)
        line("switchboard_gateway_refused_total{reason=\"" + reason.toUtf8() + "\"} " + QByteArray::number(count));
    line("# HELP switchboard_gateway_request_duration_seconds Time from request to the end of the answer.");
    line("# TYPE switchboard_gateway_request_duration_seconds histogram");
    for (std::size_t i = 0; i < kBucketsSeconds.size(); ++i)
        line("switchboard_gateway_request_duration_seconds_bucket{le=\"" + QByteArray::number(kBucketsSeconds[i]) + "\"} "
             + QByteArray::number(m_buckets[i]));
    line("switchboard_gateway_request_duration_seconds_bucket{le=\"+Inf\"} " + QByteArray::number(m_durationCount));
    line("switchboard_gateway_request_duration_seconds_sum " + QByteArray::number(m_durationSum, 'f', 6));
    line("switchboard_gateway_request_duration_seconds_count " + QByteArray::number(m_durationCount));
    line("# HELP switchboard_gateway_cost_usd_total What answered calls cost, in US dollars.");
    line("# TYPE switchboard_gateway_cost_usd_total counter");
    line("switchboard_gateway_cost_usd_total " + QByteArray::number(static_cast<double>(m_costMicros.load()) / 1e6, 'f', 6));
    line("# HELP switchboard_gateway_cache_hits_total Calls answered from the exact-match cache.");
    line("# TYPE switchboard_gateway_cache_hits_total counter");
    line("switchboard_gateway_cache_hits_total " + QByteArray::number(m_cacheHits.load()));
    line("# HELP switchboard_gateway_config_reloads_total Times the gateway picked up a change to the workspace.");
    line("# TYPE switchboard_gateway_config_reloads_total counter");
    line("switchboard_gateway_config_reloads_total " + QByteArray::number(m_reloads.load()));
    line("# HELP switchboard_gateway_rule_set_version The active routing rule set (0: none).");
    line("# TYPE switchboard_gateway_rule_set_version gauge");
    line("switchboard_gateway_rule_set_version " + QByteArray::number(m_ruleSetVersion.load()));
    line("# HELP switchboard_gateway_upstream_connections_opened_total Connections opened to providers.");
    line("# TYPE switchboard_gateway_upstream_connections_opened_total counter");
    line("switchboard_gateway_upstream_connections_opened_total " + QByteArray::number(upstreamOpened));
    line("# HELP switchboard_gateway_upstream_connections_idle Kept-alive provider connections waiting for a call.");
    line("# TYPE switchboard_gateway_upstream_connections_idle gauge");
    line("switchboard_gateway_upstream_connections_idle " + QByteArray::number(upstreamIdle));
    return out;
}

} // namespace switchboard::core::gateway
