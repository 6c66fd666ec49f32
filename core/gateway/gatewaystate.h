#pragma once

#include "execute/responsecache.h"
#include "gateway/budgetledger.h"
#include "gateway/gatewayconfig.h"
#include "gateway/gatewaymetrics.h"
#include "gateway/ratelimiter.h"
#include "gateway/spanexporter.h"

#include <atomic>
#include <memory>
#include <vector>

namespace switchboard::core::http {
class HttpClient;
}
namespace switchboard::core::store {
class Recorder;
}

namespace switchboard::core::gateway {

// What the gateway's serving threads share: the workspace's configuration as last read, the
// rate limits, budgets, cache and counters, and the recorder. Every part is safe to use from
// any thread; a key's limits and budget hold across threads because there is one of each.
struct GatewayState
{
    GatewayState(store::Recorder &recorder, qint64 cacheBytes) : recorder(recorder), cache(cacheBytes) { }

    std::shared_ptr<const GatewayConfig> config() const { return m_config.load(std::memory_order_acquire); }
    void setConfig(std::shared_ptr<const GatewayConfig> config) { m_config.store(std::move(config), std::memory_order_release); }

    store::Recorder &recorder;
    RateLimiter limiter;
    BudgetLedger ledger;
    GatewayMetrics metrics;
    execute::ResponseCache cache;
    SpanExporter *spans = nullptr; // null: no collector configured
    // Each serving thread's provider connections, for the metrics; fixed before serving starts.
    std::vector<const http::HttpClient *> upstreamPools;

private:
    std::atomic<std::shared_ptr<const GatewayConfig>> m_config;
};

} // namespace switchboard::core::gateway
