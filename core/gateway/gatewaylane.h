#pragma once

#include "execute/clock.h"
#include "execute/executor.h"
#include "gateway/gateway.h"
#include "gateway/gatewayconfig.h"

#include <QObject>

#include <memory>

namespace switchboard::core::execute {
struct CachedAnswer;
}
namespace switchboard::core::http {
class HttpExchange;
class HttpServer;
}

namespace switchboard::core::gateway {

struct Admission;
struct GatewayError;
struct GatewayState;
class WireDialect;

// One serving thread's share of the gateway: it answers the connections handed to it, with
// its own executor and pool of provider connections, against the state every thread shares
// (configuration, limits, budgets, cache, counters, recorder). Circuit breakers and the retry
// budget are the executor's, so each thread learns of a failing provider from its own calls.
// Made on the gateway's thread, then moved to its own, where it must be deleted.
class GatewayLane final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GatewayLane)

public:
    GatewayLane(GatewayState &state, const GatewaySettings &settings, providers::KeyResolver keys);
    ~GatewayLane() override;

    http::HttpServer &server() { return *m_server; }
    const http::HttpClient &upstream() const { return m_executor->httpClient(); }

private:
    void handle(http::HttpExchange *exchange);
    void serveCall(http::HttpExchange *exchange, const WireDialect &dialect, const QString &format);
    void serveModels(http::HttpExchange *exchange);
    void serveMetrics(http::HttpExchange *exchange);
    void refuse(http::HttpExchange *exchange, const WireDialect &dialect, const QString &format, const Admission &admission,
                const GatewayError &error, qint64 elapsedUs);
    void serveFromCache(http::HttpExchange *exchange, const WireDialect &dialect, const QString &format,
                        const Admission &admission, const execute::CachedAnswer &answer, qint64 elapsedUs);

    GatewayState &m_state;
    std::shared_ptr<const GatewayConfig> m_config; // as of the request being handled
    execute::SteadyClock m_clock;
    execute::SystemRandom m_random;
    execute::Executor *m_executor;
    http::HttpServer *m_server;
};

} // namespace switchboard::core::gateway
