#pragma once

#include "execute/executor.h"
#include "execute/responsecache.h"
#include "gateway/admission.h"
#include "gateway/budgetledger.h"
#include "gateway/gatewayconfig.h"
#include "gateway/gatewaymetrics.h"
#include "gateway/ratelimiter.h"
#include "model/error.h"
#include "store/workspacelocation.h"

#include <QHostAddress>
#include <QObject>

#include <memory>

class QTimer;

namespace switchboard::core::http {
class HttpExchange;
class HttpServer;
}
namespace switchboard::core::providers::sim {
class SimulationHost;
}
namespace switchboard::core::store {
class Connection;
class Recorder;
}

namespace switchboard::core::gateway {

class WireDialect;

struct GatewaySettings
{
    qint64 maxBodyBytes = 8 * 1024 * 1024;
    int slowClientTimeoutMs = 10'000; // a request must arrive whole within this
    int configPollMs = 500; // how soon a change made in the console is served
    execute::ExecutorSettings executor;
    qint64 cacheBytes = 64 * 1024 * 1024; // the exact-match cache's size bound
    int recorderPageCacheMb = 8;          // the recorder's SQLite cache: the gateway stays small
};

// The gateway: an OpenAI- and Anthropic-compatible HTTP endpoint on one workspace. Every
// call is authenticated by a gateway key, checked against its rate limits and budget,
// routed by the active rule set through the pins, run by the one executor, answered in the
// caller's wire format and recorded. Changes to the workspace (rules, pins, prompts, keys,
// prices) are picked up while serving. Lives on the thread that made it.
class Gateway final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Gateway)

public:
    // Reads the workspace (blocking: the gateway has nothing to serve before it has read it).
    static Result<std::unique_ptr<Gateway>> open(const store::WorkspaceLocation &location, GatewaySettings settings = {});
    ~Gateway() override;

    Result<void> listen(const QHostAddress &address, quint16 port);
    quint16 port() const;
    const GatewayConfig &config() const { return *m_config; }
    const GatewayMetrics &metrics() const { return m_metrics; }
    // Waits until every call recorded so far is in the store (for tests and shutdown).
    bool flushRecorder();

Q_SIGNALS:
    void configReloaded();

private:
    Gateway(store::WorkspaceLocation location, GatewaySettings settings);
    Result<void> start();

    void handle(http::HttpExchange *exchange);
    void serveCall(http::HttpExchange *exchange, const WireDialect &dialect, const QString &format);
    void serveModels(http::HttpExchange *exchange);
    void refuse(http::HttpExchange *exchange, const WireDialect &dialect, const QString &format, const Admission &admission,
                const GatewayError &error, qint64 elapsedUs);
    void serveFromCache(http::HttpExchange *exchange, const WireDialect &dialect, const QString &format,
                        const Admission &admission, const execute::CachedAnswer &answer, qint64 elapsedUs);
    store::RecordedCall recordOf(const Admission &admission, qint64 elapsedUs) const;
    void recordRejected(int status, const QString &message);
    void pollConfig();
    Result<void> apply(GatewayConfig config);

    store::WorkspaceLocation m_location;
    GatewaySettings m_settings;
    std::shared_ptr<const GatewayConfig> m_config;
    std::unique_ptr<store::Connection> m_watch; // reads the fingerprint, on this thread
    std::unique_ptr<providers::sim::SimulationHost> m_simulations;
    std::unique_ptr<store::Recorder> m_recorder;
    std::unique_ptr<execute::SteadyClock> m_clock;
    std::unique_ptr<execute::SystemRandom> m_random;
    execute::Executor *m_executor = nullptr;
    http::HttpServer *m_server = nullptr;
    QTimer *m_poll = nullptr;
    bool m_reloading = false;
    RateLimiter m_limiter;
    BudgetLedger m_ledger;
    GatewayMetrics m_metrics;
    execute::ResponseCache m_cache;
};

} // namespace switchboard::core::gateway
