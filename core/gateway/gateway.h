#pragma once

#include "execute/executor.h"
#include "gateway/gatewayconfig.h"
#include "gateway/gatewaymetrics.h"
#include "gateway/spanexporter.h"
#include "model/error.h"
#include "store/workspacelocation.h"

#include <QHostAddress>
#include <QObject>

#include <memory>
#include <vector>

class QThread;
class QTimer;

namespace switchboard::core::analytics {
class AlertMonitor;
}
namespace switchboard::core::http {
class HttpAcceptor;
}
namespace switchboard::core::providers::sim {
class SimulationHost;
}
namespace switchboard::core::store {
class Connection;
class Recorder;
}

namespace switchboard::core::gateway {

class GatewayLane;
struct GatewayState;

struct GatewaySettings
{
    qint64 maxBodyBytes = 8 * 1024 * 1024;
    int slowClientTimeoutMs = 10'000; // a request must arrive whole within this
    int configPollMs = 500; // how soon a change made in the console is served
    execute::ExecutorSettings executor;
    qint64 cacheBytes = 64 * 1024 * 1024; // the exact-match cache's size bound
    int recorderPageCacheMb = 8;          // the recorder's SQLite cache: the gateway stays small
    // Event loops that answer calls; 0: one per core but one, which is left to the recorder's
    // writer and the network stack (on two cores a second loop costs more CPU per call than
    // it gains, measured by bench_gateway).
    int servingThreads = 0;
    // How often the workspace's alert rules are judged (shared with any console open on it,
    // so each rule is judged once per interval); 0: this gateway judges none.
    qint64 alertIntervalMs = 60'000;
    // Where each call goes as an OpenTelemetry span (OTLP/HTTP JSON); no endpoint: nowhere.
    OtlpSettings otlp;
};

// The gateway: an OpenAI- and Anthropic-compatible HTTP endpoint on one workspace. Every
// call is authenticated by a gateway key, checked against its rate limits and budget,
// routed by the active rule set through the pins, run by the one executor, answered in the
// caller's wire format and recorded. Changes to the workspace (rules, pins, prompts, keys,
// prices) are picked up while serving. Calls are answered on `servingThreads` threads, each
// with its own event loop and executor, sharing one configuration, set of limits and
// budgets, cache and recorder; this object, which reads the workspace and accepts
// connections, lives on the thread that made it.
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
    const GatewayMetrics &metrics() const;
    int servingThreads() const { return static_cast<int>(m_lanes.size()); }
    // Waits until every call recorded so far is in the store (for tests and shutdown).
    bool flushRecorder();

Q_SIGNALS:
    void configReloaded();

private:
    Gateway(store::WorkspaceLocation location, GatewaySettings settings);
    Result<void> start();
    void startLanes(const providers::KeyResolver &keys);
    void stopLanes();
    void pollConfig();
    Result<void> apply(GatewayConfig config);

    store::WorkspaceLocation m_location;
    GatewaySettings m_settings;
    std::shared_ptr<const GatewayConfig> m_config;
    std::unique_ptr<store::Connection> m_watch; // reads the fingerprint, on this thread
    std::unique_ptr<providers::sim::SimulationHost> m_simulations;
    std::unique_ptr<store::Recorder> m_recorder;
    std::unique_ptr<SpanExporter> m_spans; // outlives the state that points at it
    std::unique_ptr<GatewayState> m_state;
    std::vector<std::unique_ptr<QThread>> m_threads;
    std::vector<GatewayLane *> m_lanes; // one on each of m_threads
    http::HttpAcceptor *m_acceptor = nullptr;
    QTimer *m_poll = nullptr;
    analytics::AlertMonitor *m_alerts = nullptr;
    bool m_reloading = false;
};

} // namespace switchboard::core::gateway
