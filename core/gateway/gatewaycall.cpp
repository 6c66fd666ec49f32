#include "gateway/gatewaycall.h"

#include "execute/callexecution.h"
#include "execute/executor.h"
#include "execute/outcomerecord.h"
#include "execute/responsecache.h"
#include "gateway/budgetledger.h"
#include "gateway/callspan.h"
#include "gateway/gatewaymetrics.h"
#include "gateway/gatewayresponse.h"
#include "gateway/ratelimiter.h"
#include "http/httpexchange.h"
#include "store/recorder.h"

#include <QDateTime>

namespace switchboard::core::gateway {

GatewayError errorForFailure(const execute::CallOutcome &outcome)
{
    GatewayError error;
    error.kind = GatewayError::Kind::Upstream;
    const providers::ProviderFailure failure = outcome.failure.value_or(providers::ProviderFailure {});
    error.category = failure.category;
    error.retryAfterMs = failure.retryAfterMs;
    error.message = failure.message.isEmpty() ? outcome.record.errorMessage : failure.message;
    error.code = failure.providerCode;
    switch (failure.category) {
    case FailureCategory::RateLimited: error.httpStatus = 429; break;
    case FailureCategory::Overloaded: error.httpStatus = 503; break;
    case FailureCategory::Timeout: error.kind = GatewayError::Kind::Timeout; error.httpStatus = 504; break;
    case FailureCategory::BadRequest: error.httpStatus = failure.httpStatus == 404 || failure.httpStatus == 422 ? failure.httpStatus : 400; break;
    case FailureCategory::ContextLength: error.httpStatus = 400; error.code = QStringLiteral("context_length_exceeded"); break;
    case FailureCategory::ContentFilter:
    case FailureCategory::Refusal: error.httpStatus = 400; error.code = QStringLiteral("content_filter"); break;
    case FailureCategory::BudgetExceeded: error.httpStatus = 429; break;
    case FailureCategory::Cancelled: error.httpStatus = 499; break;
    case FailureCategory::Auth:
        // The provider refused the workspace's key, not the caller's: a gateway error, not a 401.
        error.httpStatus = 502;
        error.message = QStringLiteral("The provider refused the workspace's key: %1").arg(error.message);
        break;
    default: error.httpStatus = 502; break;
    }
    return error;
}

GatewayCall::GatewayCall(GatewayServices services, http::HttpExchange *exchange, const WireDialect &dialect, QString format,
                         Admission admission, QElapsedTimer received, QObject *parent)
    : QObject(parent)
    , m_services(services)
    , m_exchange(exchange)
    , m_dialect(dialect)
    , m_format(std::move(format))
    , m_admission(std::move(admission))
    , m_received(received)
{
}

GatewayCall::~GatewayCall() = default;

void GatewayCall::start()
{
    m_execution = m_services.executor.start(m_admission.spec);
    m_callId = m_execution->callId();
    connect(m_execution, &execute::CallExecution::delta, this, &GatewayCall::onDelta);
    connect(m_execution, &execute::CallExecution::finished, this, &GatewayCall::onFinished);
    connect(m_exchange, &http::HttpExchange::clientGone, this, [this] {
        if (m_execution)
            m_execution->cancel();
    });
    if (m_admission.shadow)
        startShadow(m_callId);
}

void GatewayCall::startShadow(const QString &parentId)
{
    execute::CallSpec shadow = m_admission.spec;
    shadow.origin = CallOrigin::Shadow;
    shadow.parentId = parentId;
    shadow.gatewayKeyId = 0; // not the caller's spend
    shadow.request.stream = false;
    shadow.targets = { *m_admission.shadow };
    execute::CallExecution *execution = m_services.executor.start(std::move(shadow));
    store::Recorder *recorder = &m_services.recorder;
    // The shadow's span is a child of the call's.
    const TraceContext trace = childOf(m_admission.trace);
    connect(execution, &execute::CallExecution::finished, execution,
            [recorder, spans = m_services.spans, trace, targets = std::vector { *m_admission.shadow }](const execute::CallOutcome &outcome) {
                recorder->record(execute::recordOf(outcome));
                exportCall(spans, outcome.record, trace, targets);
            });
}

void GatewayCall::onDelta(const StreamDelta &delta)
{
    if (!m_exchange || m_exchange->isClientGone())
        return;
    if (!m_stream) {
        m_stream = m_dialect.streamWriter(m_callId, m_admission.spec.request.model, m_admission.ingress.includeUsageInStream);
        m_exchange->beginStream(200, streamHeaders(m_callId));
    }
    if (const QByteArray bytes = m_stream->delta(delta); !bytes.isEmpty())
        m_exchange->writeChunk(bytes);
}

void GatewayCall::onFinished(const execute::CallOutcome &outcome)
{
    const CallRecord &record = outcome.record;
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    if (const auto &key = m_admission.key) {
        m_services.ledger.settle(*key, m_admission.reserveMicros, record.costMicros, nowMs, m_admission.budgetIds);
        m_services.limiter.settle(key->id, key->tokensPerMinute, m_admission.estimatedInputTokens + m_admission.outputAllowance,
                                  record.inputTokens + record.outputTokens, nowMs);
    }
    m_services.metrics.costAdded(record.costMicros);
    if (!m_admission.cacheKey.isEmpty() && record.status == CallStatus::Ok && outcome.response)
        m_services.cache.store(m_admission.cacheKey, { *outcome.response, record.id, record.costMicros, nowMs,
                                                       nowMs + m_admission.cacheTtlMs });
    answer(outcome);
    m_services.recorder.record(execute::recordOf(outcome));
    exportCall(m_services.spans, record, m_admission.trace, m_admission.spec.targets);
    deleteLater();
}

void GatewayCall::answer(const execute::CallOutcome &outcome)
{
    int status = 200;
    if (m_stream) {
        if (m_exchange && !m_exchange->isClientGone()) {
            const bool cut = outcome.record.status != CallStatus::Ok && !outcome.response;
            m_exchange->writeChunk(cut ? m_stream->fail(errorForFailure(outcome))
                                       : m_stream->finish(outcome.response ? outcome.response->usage : std::nullopt));
            m_exchange->endStream();
        }
    } else if (outcome.response && !m_admission.spec.request.stream) {
        if (m_exchange)
            m_exchange->respond(200, jsonHeaders(m_callId),
                                m_dialect.writesLoggedForm() && !outcome.responseJson.isEmpty() ? outcome.responseJson
                                                                                                 : m_dialect.response(*outcome.response));
    } else if (outcome.response) {
        // A streamed request whose answer came whole (from a provider that answered at once).
        m_stream = m_dialect.streamWriter(m_callId, m_admission.spec.request.model, m_admission.ingress.includeUsageInStream);
        if (m_exchange) {
            m_exchange->beginStream(200, streamHeaders(m_callId));
            for (const StreamDelta &delta : deltasOf(*outcome.response))
                m_exchange->writeChunk(m_stream->delta(delta));
            m_exchange->writeChunk(m_stream->finish(outcome.response->usage));
            m_exchange->endStream();
        }
    } else {
        const GatewayError error = errorForFailure(outcome);
        status = error.httpStatus;
        if (m_exchange)
            respondWithError(*m_exchange, m_dialect, error, m_callId);
    }
    m_services.metrics.requestFinished(m_format, status, m_received.nsecsElapsed() / 1000);
}

} // namespace switchboard::core::gateway
