#include "gateway/gateway.h"

#include "gateway/admission.h"
#include "gateway/gatewaycall.h"
#include "gateway/gatewayresponse.h"
#include "gateway/wiredialect.h"
#include "http/httpclient.h"
#include "http/httpexchange.h"
#include "http/httpserver.h"
#include "model/callid.h"
#include "providers/keychain.h"
#include "providers/openaiwire.h"
#include "providers/sim/simulationhost.h"
#include "store/connection.h"
#include "store/recorder.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFuture>
#include <QRandomGenerator>
#include <QTimer>
#include <QtConcurrent>

namespace switchboard::core::gateway {
namespace {

// Names only the limits the key has: "600 requests a minute", "100000 tokens a minute".
QString rateLimitMessage(const GatewayKey &key)
{
    QStringList limits;
    if (key.requestsPerMinute > 0)
        limits << QStringLiteral("%1 requests").arg(key.requestsPerMinute);
    if (key.tokensPerMinute > 0)
        limits << QStringLiteral("%1 tokens").arg(key.tokensPerMinute);
    return QStringLiteral("The key \"%1\" is over its rate limit of %2 a minute; retry after the time in Retry-After.")
        .arg(key.name, limits.join(QLatin1String(" and ")));
}

Result<GatewayConfig> loadOnThisThread(const store::WorkspaceLocation &location)
{
    auto connection = store::Connection::open(location);
    if (!connection)
        return std::unexpected(connection.error());
    return loadGatewayConfig(**connection, QDateTime::currentMSecsSinceEpoch());
}

QString refusalReason(const GatewayError &error)
{
    switch (error.kind) {
    case GatewayError::Kind::Authentication: return QStringLiteral("authentication");
    case GatewayError::Kind::PermissionDenied: return QStringLiteral("permission");
    case GatewayError::Kind::RateLimited: return QStringLiteral("rate_limit");
    case GatewayError::Kind::BudgetExceeded: return QStringLiteral("budget");
    case GatewayError::Kind::NotFound: return QStringLiteral("not_found");
    case GatewayError::Kind::TooLarge: return QStringLiteral("too_large");
    default: return QStringLiteral("invalid_request");
    }
}

} // namespace

Gateway::Gateway(store::WorkspaceLocation location, GatewaySettings settings)
    : m_location(std::move(location))
    , m_settings(settings)
    , m_cache(settings.cacheBytes)
{
}

Gateway::~Gateway()
{
    delete m_server; // no new calls
    delete m_executor; // cancels what is in flight
    m_executor = nullptr;
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
    m_clock = std::make_unique<execute::SteadyClock>();
    m_random = std::make_unique<execute::SystemRandom>();
    m_executor = new execute::Executor(m_settings.executor, *m_clock, *m_random, std::move(keys), config->prices, this);
    m_simulations = std::make_unique<providers::sim::SimulationHost>();
    if (auto applied = apply(std::move(*config)); !applied)
        return applied;

    m_poll = new QTimer(this);
    m_poll->setInterval(m_settings.configPollMs);
    connect(m_poll, &QTimer::timeout, this, &Gateway::pollConfig);
    m_poll->start();
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
            m_ledger.seed(key.id, config.spentTodayMicros.value(key.id), config.spentThisMonthMicros.value(key.id), now);
    }
    m_executor->setPrices(config.prices);
    m_metrics.setConfigVersion(config.ruleSetVersion);
    m_config = std::make_shared<const GatewayConfig>(std::move(config));
    return {};
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
            m_metrics.configReloaded();
            Q_EMIT configReloaded();
        });
}

Result<void> Gateway::listen(const QHostAddress &address, quint16 port)
{
    http::HttpConnection::Settings settings;
    settings.limits.maxBodyBytes = m_settings.maxBodyBytes;
    settings.requestTimeoutMs = m_settings.slowClientTimeoutMs;
    settings.onRejected = [this](int status, const QString &message) { recordRejected(status, message); };
    m_server = new http::HttpServer([this](http::HttpExchange *exchange) { handle(exchange); }, settings, this);
    if (!m_server->listen(address, port))
        return fail(ErrorCode::Io, QStringLiteral("Cannot listen on %1:%2: %3. Choose another --listen address or port.")
                                       .arg(address.toString())
                                       .arg(port)
                                       .arg(m_server->errorString()));
    return {};
}

quint16 Gateway::port() const
{
    return m_server ? m_server->port() : 0;
}

bool Gateway::flushRecorder()
{
    return m_recorder->flush();
}

void Gateway::handle(http::HttpExchange *exchange)
{
    const http::HttpRequest &request = exchange->request();
    const QByteArray &path = request.path;
    if (path == "/v1/chat/completions" || path == "/chat/completions") {
        if (request.method == "POST")
            return serveCall(exchange, WireDialect::openAi(), QStringLiteral("openai"));
    } else if (path == "/v1/messages" || path == "/messages") {
        if (request.method == "POST")
            return serveCall(exchange, WireDialect::anthropic(), QStringLiteral("anthropic"));
    } else if (path == "/v1/models" || path == "/models") {
        if (request.method == "GET")
            return serveModels(exchange);
    } else if (path == "/health" || path == "/healthz") {
        const QByteArray body = QByteArrayLiteral("{\"status\":\"ok\",\"rule_set_version\":")
                                + QByteArray::number(m_config->ruleSetVersion) + '}';
        return exchange->respond(200, jsonHeaders({}), body);
    } else if (path == "/metrics") {
        m_metrics.setUpstream(m_executor->httpClient().connectionsOpened(), m_executor->httpClient().idleConnections());
        return exchange->respond(200, { { "content-type", "text/plain; version=0.0.4" } }, m_metrics.render());
    } else {
        return respondWithError(*exchange, WireDialect::openAi(),
                                GatewayError::notFound(QStringLiteral("No such endpoint: %1. The gateway serves POST "
                                                                      "/v1/chat/completions, POST /v1/messages and GET /v1/models.")
                                                           .arg(QString::fromUtf8(path))),
                                {});
    }
    GatewayError wrongMethod = GatewayError::invalidRequest(
        QStringLiteral("%1 does not take %2.").arg(QString::fromUtf8(path), QString::fromLatin1(request.method)));
    wrongMethod.httpStatus = 405;
    respondWithError(*exchange, WireDialect::openAi(), wrongMethod, {});
}

// The aliases the key may call, as OpenAI lists models.
void Gateway::serveModels(http::HttpExchange *exchange)
{
    const auto key = authenticate(*m_config, exchange->request());
    if (!key)
        return respondWithError(*exchange, WireDialect::openAi(), key.error(), {});
    nlohmann::json data = nlohmann::json::array();
    for (const auto &[alias, pin] : m_config->pins) {
        if (!key->allows(alias))
            continue;
        data.push_back({ { "id", alias.toStdString() }, { "object", "model" }, { "created", 0 }, { "owned_by", pin.provider.toStdString() } });
    }
    exchange->respond(200, jsonHeaders({}), QByteArray::fromStdString(nlohmann::json { { "object", "list" }, { "data", data } }.dump()));
}

void Gateway::serveCall(http::HttpExchange *exchange, const WireDialect &dialect, const QString &format)
{
    QElapsedTimer received;
    received.start();
    m_metrics.requestStarted();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    Admission admission;
    const int bucket = static_cast<int>(QRandomGenerator::global()->bounded(10'000));
    if (auto error = admit(*m_config, exchange->request(), dialect, bucket, now, admission))
        return refuse(exchange, dialect, format, admission, *error, received.nsecsElapsed() / 1000);
    const GatewayKey &key = *admission.key;
    if (const auto wait = m_limiter.admit(key.id, key.requestsPerMinute, key.tokensPerMinute,
                                          admission.estimatedInputTokens + admission.outputAllowance, now))
        return refuse(exchange, dialect, format, admission, GatewayError::rateLimited(rateLimitMessage(key), *wait),
                      received.nsecsElapsed() / 1000);
    if (!admission.cacheKey.isEmpty()) {
        if (const auto cached = m_cache.lookup(admission.cacheKey, now)) {
            // A hit uses no provider capacity: the tokens it was admitted with go back.
            m_limiter.settle(key.id, key.tokensPerMinute, admission.estimatedInputTokens + admission.outputAllowance, 0, now);
            return serveFromCache(exchange, dialect, format, admission, *cached, received.nsecsElapsed() / 1000);
        }
    }
    if (const auto refusal = m_ledger.reserve(key, admission.reserveMicros, now)) {
        m_limiter.settle(key.id, key.tokensPerMinute, admission.estimatedInputTokens + admission.outputAllowance, 0, now);
        return refuse(exchange, dialect, format, admission, GatewayError::budgetExceeded(refusal->message(key.name), refusal->waitMs),
                      received.nsecsElapsed() / 1000);
    }
    GatewayServices services { *m_executor, *m_recorder, m_limiter, m_ledger, m_metrics, m_cache };
    auto *call = new GatewayCall(services, exchange, dialect, format, std::move(admission), received, this);
    call->start();
}

store::RecordedCall Gateway::recordOf(const Admission &admission, qint64 elapsedUs) const
{
    store::RecordedCall call;
    CallRecord &record = call.record;
    const execute::CallSpec &spec = admission.spec;
    record.id = newCallId();
    record.startedMs = QDateTime::currentMSecsSinceEpoch() - elapsedUs / 1000;
    record.origin = CallOrigin::Gateway;
    record.gatewayKeyId = spec.gatewayKeyId;
    record.tenant = spec.tenant;
    record.feature = spec.feature;
    record.userId = spec.userId;
    record.tags = spec.tags;
    record.promptName = spec.promptName;
    record.promptVersion = spec.promptVersion;
    record.ruleSetVersion = spec.ruleSetVersion;
    record.ruleName = spec.ruleName;
    record.alias = admission.ingress.request.model;
    record.latencyUs = elapsedUs;
    record.attempts = 0;
    record.streamed = admission.ingress.request.stream;
    // The body as sent when it could not be read, else the request as understood.
    call.requestJson = !admission.rawBody.isEmpty() || admission.ingress.request.messages.empty()
                           ? admission.rawBody.left(64 * 1024)
                           : QByteArray::fromStdString(providers::openai::encodeRequest(admission.ingress.request).dump());
    if (!admission.ingress.promptReference.isEmpty())
        call.variablesJson = QByteArray::fromStdString(admission.ingress.variables.dump());
    return call;
}

void Gateway::refuse(http::HttpExchange *exchange, const WireDialect &dialect, const QString &format, const Admission &admission,
                     const GatewayError &error, qint64 elapsedUs)
{
    store::RecordedCall refused = recordOf(admission, elapsedUs);
    refused.record.status = CallStatus::Failed;
    refused.record.failure = error.category;
    refused.record.errorMessage = error.message;
    const QString callId = refused.record.id;
    m_recorder->record(std::move(refused));
    m_metrics.refused(refusalReason(error));
    respondWithError(*exchange, dialect, error, callId);
    m_metrics.requestFinished(format, error.httpStatus, elapsedUs);
}

// Requests the HTTP layer answered itself (too large, malformed, too slow): no key or body to
// go by, but a call in the log all the same.
void Gateway::recordRejected(int status, const QString &message)
{
    store::RecordedCall rejected = recordOf(Admission {}, 0);
    rejected.record.status = CallStatus::Failed;
    rejected.record.failure = status == 408 ? FailureCategory::Timeout : FailureCategory::BadRequest;
    rejected.record.errorMessage = QStringLiteral("HTTP %1: %2").arg(status).arg(message);
    m_recorder->record(std::move(rejected));
    m_metrics.refused(status == 413 ? QStringLiteral("too_large") : status == 408 ? QStringLiteral("too_slow")
                                                                                 : QStringLiteral("malformed_http"));
}

// A hit costs nothing and reaches no provider. Its record names the call that paid for the
// answer as its parent, whose cost is what the hit saved.
void Gateway::serveFromCache(http::HttpExchange *exchange, const WireDialect &dialect, const QString &format,
                             const Admission &admission, const execute::CachedAnswer &answer, qint64 elapsedUs)
{
    store::RecordedCall hit = recordOf(admission, elapsedUs);
    CallRecord &record = hit.record;
    const execute::Target &target = admission.spec.targets.front();
    record.parentId = answer.callId;
    record.cacheHit = true;
    record.provider = target.provider.name;
    record.model = target.model;
    if (const auto &usage = answer.response.usage) {
        record.inputTokens = usage->inputTokens;
        record.outputTokens = usage->outputTokens;
        record.cachedInputTokens = usage->cachedInputTokens;
    }
    hit.responseJson = QByteArray::fromStdString(providers::openai::encodeResponse(answer.response).dump());
    const QString callId = record.id;
    if (admission.ingress.request.stream) {
        record.ttftUs = elapsedUs;
        auto writer = dialect.streamWriter(callId, admission.ingress.request.model, admission.ingress.includeUsageInStream);
        exchange->beginStream(200, streamHeaders(callId));
        for (const StreamDelta &delta : deltasOf(answer.response))
            exchange->writeChunk(writer->delta(delta));
        exchange->writeChunk(writer->finish(answer.response.usage));
        exchange->endStream();
    } else {
        exchange->respond(200, jsonHeaders(callId), dialect.response(answer.response));
    }
    m_recorder->record(std::move(hit));
    m_metrics.cacheHit();
    m_metrics.requestFinished(format, 200, elapsedUs);
}

} // namespace switchboard::core::gateway
