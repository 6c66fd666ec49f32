#include "gateway/gateway.h"

#include "analytics/alertmonitor.h"

#include "gateway/gatewaylane.h"
#include "gateway/gatewaystate.h"
#include "http/httpacceptor.h"
#include "http/httpserver.h"
#include "providers/keychain.h"
#include "providers/sim/simulationhost.h"
#include "store/connection.h"
#include "store/recorder.h"

#include <QDateTime>
#include <QFuture>
#include <QThread>
#include <QTimer>
#include <QtConcurrent>

namespace switchboard::core::gateway {
namespace {

Result<GatewayConfig> loadOnThisThread(const store::WorkspaceLocation &location)
{
    auto connection = store::Connection::open(location);
    if (!connection)
        return std::unexpected(connection.error());
    return loadGatewayConfig(**connection, QDateTime::currentMSecsSinceEpoch());
}

} // namespace

Gateway::Gateway(store::WorkspaceLocation location, GatewaySettings settings)
    : m_location(std::move(location))
    , m_settings(settings)
{
}

Gateway::~Gateway()
{
    delete m_acceptor; // no new connections
    stopLanes();       // cancels the calls in flight, which are recorded as cancelled
    if (m_recorder)
        m_recorder->flush();
}

Result<std::unique_ptr<Gateway>> Gateway::open(const store::WorkspaceLocation &location, GatewaySettings settings)
{
    std::unique_ptr<Gateway> gateway(new Gateway(location, settings));
    if (auto started = gateway->start(); !started)
        return std::unexpected(started.error());
    return gateway;
}

Result<void> Gateway::start()
{
    auto watch = store::Connection::open(m_location);
    if (!watch)
        return std::unexpected(watch.error());
    m_watch = std::move(*watch);
    auto config = loadGatewayConfig(*m_watch, QDateTime::currentMSecsSinceEpoch());
    if (!config)
        return std::unexpected(config.error());
    store::Recorder::Settings recording;
    recording.pageCacheMb = m_settings.recorderPageCacheMb;
    recording.prepareOnWriter = true; // the event loop serves calls; the writer has time to spare
    auto recorder = store::Recorder::start(m_location, recording);
    if (!recorder)
        return std::unexpected(recorder.error());
    m_recorder = std::move(*recorder);

    std::vector<ProviderConfig> providers;
    for (const auto &[name, provider] : config->providers)
        providers.push_back(provider);
    providers::KeyResolver keys;
    if (auto loaded = providers::loadKeychainKeys(keys, providers); !loaded)
        qWarning("switchboard-gateway: %s", qUtf8Printable(loaded.error().message));
    m_state = std::make_unique<GatewayState>(*m_recorder, m_settings.cacheBytes);
    if (!m_settings.otlp.endpoint.isEmpty()) {
        m_spans = std::make_unique<SpanExporter>(m_settings.otlp);
        m_state->spans = m_spans.get();
    }
    m_simulations = std::make_unique<providers::sim::SimulationHost>();
    if (auto applied = apply(std::move(*config)); !applied)
        return applied;
    startLanes(keys);

    m_poll = new QTimer(this);
    m_poll->setInterval(m_settings.configPollMs);
    connect(m_poll, &QTimer::timeout, this, &Gateway::pollConfig);
    m_poll->start();
    if (m_settings.alertIntervalMs > 0) {
        analytics::AlertMonitor::Settings alerting;
        alerting.intervalMs = m_settings.alertIntervalMs;
        m_alerts = new analytics::AlertMonitor(m_location, alerting, this);
        connect(m_alerts, &analytics::AlertMonitor::failed, this,
                [](const QString &message) { qWarning("switchboard-gateway: %s", qUtf8Printable(message)); });
    }
    return {};
}

Result<void> Gateway::apply(GatewayConfig config)
{
    // Simulated providers of the workspace are served inside the gateway.
    for (auto &[name, provider] : config.providers) {
        if (!providers::sim::SimulationHost::isServedInProcess(provider))
            continue;
        auto served = m_simulations->serve(provider);
        if (!served)
            return std::unexpected(served.error());
        provider = *served;
    }
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (const GatewayKey &key : std::as_const(config.keys)) {
        if (key.budgetMicrosPerDay || key.budgetMicrosPerMonth)
            m_state->ledger.seed(key.id, config.spentTodayMicros.value(key.id), config.spentThisMonthMicros.value(key.id), now);
    }
    for (const HardBudget &budget : config.hardBudgets)
        m_state->ledger.seedBudget(budget.id, budget.spentMicros, now);
    m_state->metrics.setConfigVersion(config.ruleSetVersion);
    m_config = std::make_shared<const GatewayConfig>(std::move(config));
    m_state->setConfig(m_config); // each serving thread takes it up with its next request
    return {};
}

void Gateway::startLanes(const providers::KeyResolver &keys)
{
    const int count = m_settings.servingThreads > 0 ? m_settings.servingThreads : std::max(1, QThread::idealThreadCount() - 1);
    for (int i = 0; i < count; ++i) {
        auto thread = std::make_unique<QThread>();
        thread->setObjectName(QStringLiteral("gateway-serve-%1").arg(i));
        auto *lane = new GatewayLane(*m_state, m_settings, keys);
        lane->moveToThread(thread.get());
        thread->start();
        m_state->upstreamPools.push_back(&lane->upstream());
        m_lanes.push_back(lane);
        m_threads.push_back(std::move(thread));
    }
}

void Gateway::stopLanes()
{
    for (std::size_t i = 0; i < m_lanes.size(); ++i) {
        GatewayLane *lane = m_lanes[i];
        QMetaObject::invokeMethod(lane, [lane] { delete lane; }, Qt::BlockingQueuedConnection);
        m_threads[i]->quit();
        m_threads[i]->wait();
    }
    m_lanes.clear();
    m_threads.clear();
}

void Gateway::pollConfig()
{
    if (m_reloading)
        return;
    auto fingerprint = configFingerprint(*m_watch);
    if (!fingerprint || *fingerprint == m_config->fingerprint)
        return;
    m_reloading = true;
    QtConcurrent::run([location = m_location] { return loadOnThisThread(location); })
        .then(this, [this](const Result<GatewayConfig> &loaded) {
            m_reloading = false;
            if (!loaded) {
                qWarning("switchboard-gateway: the workspace changed but could not be read (%s); serving the previous "
                         "configuration",
                         qUtf8Printable(loaded.error().message));
                return;
            }
            if (auto applied = apply(*loaded); !applied) {
                qWarning("switchboard-gateway: %s", qUtf8Printable(applied.error().message));
                return;
            }
            m_state->metrics.configReloaded();
            Q_EMIT configReloaded();
        });
}

Result<void> Gateway::listen(const QHostAddress &address, quint16 port)
{
    std::vector<http::HttpServer *> servers;
    for (GatewayLane *lane : m_lanes)
        servers.push_back(&lane->server());
    m_acceptor = new http::HttpAcceptor(std::move(servers), this);
    if (!m_acceptor->listen(address, port))
        return fail(ErrorCode::Io, QStringLiteral("Cannot listen on %1:%2: %3. Choose another --listen address or port.")
                                       .arg(address.toString())
                                       .arg(port)
                                       .arg(m_acceptor->errorString()));
    return {};
}

quint16 Gateway::port() const
{
    return m_acceptor ? m_acceptor->port() : 0;
}

const GatewayMetrics &Gateway::metrics() const
{
    return m_state->metrics;
}

bool Gateway::flushRecorder()
{
    return m_recorder->flush();
}

} // namespace switchboard::core::gateway
