#include "gateway/gatewaylane.h"

#include "gateway/admission.h"
#include "gateway/callspan.h"
#include "gateway/gatewaycall.h"
#include "gateway/gatewayresponse.h"
#include "gateway/gatewaystate.h"
#include "gateway/wiredialect.h"
#include "http/httpclient.h"
#include "http/httpexchange.h"
#include "http/httpserver.h"
#include "model/callid.h"
#include "providers/openaiwire.h"
#include "store/recorder.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QRandomGenerator>

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

// The log entry of a call answered without a provider, with what admission learned.
store::RecordedCall recordOf(const Admission &admission, qint64 elapsedUs)
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

// Requests the HTTP layer answered itself (too large, malformed, too slow): no key or body to
// go by, but a call in the log all the same.
void recordRejected(GatewayState &state, int status, const QString &message)
{
    store::RecordedCall rejected = recordOf(Admission {}, 0);
    rejected.record.status = CallStatus::Failed;
    rejected.record.failure = status == 408 ? FailureCategory::Timeout : FailureCategory::BadRequest;
    rejected.record.errorMessage = QStringLiteral("HTTP %1: %2").arg(status).arg(message);
    exportCall(state.spans, rejected.record, {}, {});
    state.recorder.record(std::move(rejected));
    state.metrics.refused(status == 413 ? QStringLiteral("too_large") : status == 408 ? QStringLiteral("too_slow")
                                                                                     : QStringLiteral("malformed_http"));
}

} // namespace

GatewayLane::GatewayLane(GatewayState &state, const GatewaySettings &settings, providers::KeyResolver keys)
    : m_state(state)
    , m_config(state.config())
    , m_executor(new execute::Executor(settings.executor, m_clock, m_random, std::move(keys), m_config->prices, this))
{
    http::HttpConnection::Settings serving;
    serving.limits.maxBodyBytes = settings.maxBodyBytes;
    serving.requestTimeoutMs = settings.slowClientTimeoutMs;
    serving.onRejected = [&state](int status, const QString &message) { recordRejected(state, status, message); };
    m_server = new http::HttpServer([this](http::HttpExchange *exchange) { handle(exchange); }, serving, this);
}

GatewayLane::~GatewayLane()
{
    delete m_server; // no new calls
    delete m_executor; // cancels what is in flight
    m_executor = nullptr;
}

void GatewayLane::handle(http::HttpExchange *exchange)
{
    // The configuration this request is served by; the executor's prices follow it.
    if (auto latest = m_state.config(); latest != m_config) {
        m_config = std::move(latest);
        m_executor->setPrices(m_config->prices);
    }
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
        return serveMetrics(exchange);
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
void GatewayLane::serveModels(http::HttpExchange *exchange)
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

void GatewayLane::serveMetrics(http::HttpExchange *exchange)
{
    qint64 opened = 0;
    qint64 idle = 0;
    for (const http::HttpClient *pool : m_state.upstreamPools) {
        opened += pool->connectionsOpened();
        idle += pool->idleConnections();
    }
    QByteArray body = m_state.metrics.render(opened, idle);
    if (m_state.spans) {
        const SpanExporter::Stats spans = m_state.spans->stats();
        body += "# HELP switchboard_otlp_spans_exported_total Calls exported as spans to the OTLP collector.\n"
                "# TYPE switchboard_otlp_spans_exported_total counter\n"
                "switchboard_otlp_spans_exported_total " + QByteArray::number(spans.exported) + "\n"
                "# HELP switchboard_otlp_spans_dropped_total Spans dropped: the queue was full or the collector refused them.\n"
                "# TYPE switchboard_otlp_spans_dropped_total counter\n"
                "switchboard_otlp_spans_dropped_total " + QByteArray::number(spans.dropped) + "\n"
                "# HELP switchboard_otlp_spans_queued Spans waiting for the collector.\n"
                "# TYPE switchboard_otlp_spans_queued gauge\n"
                "switchboard_otlp_spans_queued " + QByteArray::number(spans.queued) + "\n";
    }
    exchange->respond(200, { { "content-type", "text/plain; version=0.0.4" } }, body);
}

void GatewayLane::serveCall(http::HttpExchange *exchange, const WireDialect &dialect, const QString &format)
{
    QElapsedTimer received;
    received.start();
    m_state.metrics.requestStarted();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    Admission admission;
    admission.trace = traceContextFor(exchange->request().header("traceparent"));
    const int bucket = static_cast<int>(QRandomGenerator::global()->bounded(10'000));
    if (auto error = admit(*m_config, exchange->request(), dialect, bucket, now, admission))
        return refuse(exchange, dialect, format, admission, *error, received.nsecsElapsed() / 1000);
    const GatewayKey &key = *admission.key;
    RateLimiter &limiter = m_state.limiter;
    const qint64 admittedTokens = admission.estimatedInputTokens + admission.outputAllowance;
    if (const auto wait = limiter.admit(key.id, key.requestsPerMinute, key.tokensPerMinute, admittedTokens, now))
        return refuse(exchange, dialect, format, admission, GatewayError::rateLimited(rateLimitMessage(key), *wait),
                      received.nsecsElapsed() / 1000);
    if (!admission.cacheKey.isEmpty()) {
        if (const auto cached = m_state.cache.lookup(admission.cacheKey, now)) {
            // A hit uses no provider capacity: the tokens it was admitted with go back.
            limiter.settle(key.id, key.tokensPerMinute, admittedTokens, 0, now);
            return serveFromCache(exchange, dialect, format, admission, *cached, received.nsecsElapsed() / 1000);
        }
    }
    std::vector<const HardBudget *> budgets;
    for (const HardBudget &budget : m_config->hardBudgets) {
        if (budget.covers(admission.spec.tenant, admission.spec.feature))
            budgets.push_back(&budget);
    }
    if (const auto refusal = m_state.ledger.reserve(key, admission.reserveMicros, now, budgets)) {
        limiter.settle(key.id, key.tokensPerMinute, admittedTokens, 0, now);
        return refuse(exchange, dialect, format, admission, GatewayError::budgetExceeded(refusal->message(key.name), refusal->waitMs),
                      received.nsecsElapsed() / 1000);
    }
    for (const HardBudget *budget : budgets)
        admission.budgetIds.push_back(budget->id);
    GatewayServices services { *m_executor, m_state.recorder, limiter, m_state.ledger, m_state.metrics, m_state.cache, m_state.spans };
    auto *call = new GatewayCall(services, exchange, dialect, format, std::move(admission), received, this);
    call->start();
}

void GatewayLane::refuse(http::HttpExchange *exchange, const WireDialect &dialect, const QString &format,
                         const Admission &admission, const GatewayError &error, qint64 elapsedUs)
{
    store::RecordedCall refused = recordOf(admission, elapsedUs);
    refused.record.status = CallStatus::Failed;
    refused.record.failure = error.category;
    refused.record.errorMessage = error.message;
    const QString callId = refused.record.id;
    exportCall(m_state.spans, refused.record, admission.trace, admission.spec.targets);
    m_state.recorder.record(std::move(refused));
    m_state.metrics.refused(refusalReason(error));
    respondWithError(*exchange, dialect, error, callId);
    m_state.metrics.requestFinished(format, error.httpStatus, elapsedUs);
}

// A hit costs nothing and reaches no provider. Its record names the call that paid for the
// answer as its parent, whose cost is what the hit saved.
void GatewayLane::serveFromCache(http::HttpExchange *exchange, const WireDialect &dialect, const QString &format,
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
    exportCall(m_state.spans, hit.record, admission.trace, admission.spec.targets);
    m_state.recorder.record(std::move(hit));
    m_state.metrics.cacheHit();
    m_state.metrics.requestFinished(format, 200, elapsedUs);
}

} // namespace switchboard::core::gateway
