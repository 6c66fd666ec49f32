#include "execute/httpattempt.h"

#include "http/httpclient.h"

#include <QTimerEvent>

namespace switchboard::core::execute {
namespace {

using providers::ProviderFailure;

ProviderFailure failureOf(FailureCategory category, QString message, int status = 0)
{
    ProviderFailure failure;
    failure.category = category;
    failure.message = std::move(message);
    failure.httpStatus = status;
    failure.retryable = providers::isRetryable(category);
    return failure;
}

} // namespace

HttpAttempt::HttpAttempt(http::HttpClient &client, const providers::ProviderAdapter &adapter,
                         providers::OutgoingRequest request, bool stream, Timeouts timeouts, const Clock &clock,
                         QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_adapter(adapter)
    , m_request(std::move(request))
    , m_stream(stream)
    , m_timeouts(timeouts)
    , m_clock(clock)
{
}

HttpAttempt::~HttpAttempt()
{
    delete m_call; // aborts a call still running
}

void HttpAttempt::start()
{
    if (m_stream)
        m_reader = m_adapter.newStreamReader();
    m_result.startedMs = m_clock.nowMs();
    m_call = m_client.send({ "POST", m_request.url, m_request.headers, m_request.body });
    connect(m_call, &http::ClientCall::headersReceived, this, [this, call = m_call.data()] { m_result.httpStatus = call->status(); });
    connect(m_call, &http::ClientCall::bodyReceived, this, &HttpAttempt::onBody);
    connect(m_call, &http::ClientCall::finished, this, &HttpAttempt::onFinished);
    m_attemptTimer.start(m_clock.timerMs(m_timeouts.attemptMs), this);
}

// The whole attempt ran out of time, or a stream went quiet for too long: either ends the call
// upstream, and onFinished() reports why.
void HttpAttempt::timerEvent(QTimerEvent *event)
{
    const bool attempt = event->timerId() == m_attemptTimer.timerId();
    if (!attempt && event->timerId() != m_stallTimer.timerId())
        return QObject::timerEvent(event);
    m_attemptTimer.stop();
    m_stallTimer.stop();
    m_ending = attempt ? Ending::Timeout : Ending::Stall;
    if (m_call)
        m_call->abort();
}

void HttpAttempt::cancel()
{
    if (m_done)
        return;
    m_ending = Ending::Cancel;
    if (m_call)
        m_call->abort();
}

void HttpAttempt::onBody(const QByteArray &bytes)
{
    if (m_done)
        return;
    const int status = m_result.httpStatus;
    const bool success = status >= 200 && status < 300;
    if (!m_stream || !success) {
        m_body += bytes;
        return;
    }
    m_result.chunkOffsetsMs.push_back(m_clock.nowMs() - m_result.startedMs);
    m_stallTimer.start(m_clock.timerMs(m_timeouts.stallMs), this);
    readEvents(bytes);
}

void HttpAttempt::readEvents(QByteArrayView bytes)
{
    for (const providers::SseEvent &event : m_parser.feed(bytes)) {
        if (m_streamBroken)
            return;
        auto step = m_reader->read(event);
        if (!step) {
            m_streamBroken = true;
            finishWith(failureOf(FailureCategory::ServerError,
                                 QStringLiteral("The provider's stream broke: %1").arg(step.error().message),
                                 m_result.httpStatus));
            return;
        }
        if (auto inBand = m_reader->inBandFailure()) {
            m_streamBroken = true;
            finishWith(*inBand);
            return;
        }
        m_sawEndMarker = m_sawEndMarker || step->finished;
        for (const StreamDelta &d : step->deltas) {
            m_assembler.add(d);
            if (!m_result.firstDeltaMs && !d.carriesNoContent())
                m_result.firstDeltaMs = m_clock.nowMs() - m_result.startedMs;
            m_result.committed = m_result.committed || !d.carriesNoContent();
            Q_EMIT delta(d);
        }
    }
    if (m_parser.overflowed() && !m_streamBroken) {
        m_streamBroken = true;
        finishWith(failureOf(FailureCategory::ServerError,
                             QStringLiteral("The provider sent a stream event larger than %1 bytes.")
                                 .arg(providers::SseParser::kDefaultMaxEventBytes)));
    }
}

void HttpAttempt::onFinished()
{
    http::ClientCall *call = m_call.data();
    if (m_done || !call)
        return;
    const http::ClientCall::Outcome outcome = call->outcome();
    const int status = m_result.httpStatus;
    switch (m_ending) {
    case Ending::Timeout:
        m_result.timedOut = true;
        finishWith(failureOf(FailureCategory::Timeout,
                             QStringLiteral("No complete answer within %1 ms; the attempt was stopped.").arg(m_timeouts.attemptMs),
                             status));
        return;
    case Ending::Stall:
        finishWith(failureOf(FailureCategory::Timeout,
                             QStringLiteral("The stream stalled: nothing arrived for %1 ms.").arg(m_timeouts.stallMs), status));
        return;
    case Ending::Cancel:
        finishWith(failureOf(FailureCategory::Cancelled, QStringLiteral("The call was cancelled."), status));
        return;
    case Ending::None:
        break;
    }
    if (outcome == http::ClientCall::Outcome::ConnectFailed) {
        finishWith(failureOf(FailureCategory::ConnectError,
                             QStringLiteral("Could not reach %1: %2. Check the provider's base URL and that it is "
                                            "reachable.")
                                 .arg(m_request.url.host(), call->errorString())));
        return;
    }
    if (status == 0) {
        finishWith(failureOf(FailureCategory::ServerError,
                             QStringLiteral("%1 closed the connection without answering (%2).")
                                 .arg(m_request.url.host(), call->errorString())));
        return;
    }
    m_result.mayBeBilled = true;
    const bool complete = outcome == http::ClientCall::Outcome::Complete;
    if (status < 200 || status >= 300) {
        finishWith(providers::classifyHttpError(m_adapter.wireFormat(), status, call->headers(), m_body,
                                                QDateTime::currentDateTimeUtc()));
        return;
    }
    if (!m_stream) {
        if (!complete) {
            finishWith(failureOf(FailureCategory::ServerError,
                                 QStringLiteral("The answer was cut off (%1).").arg(call->errorString()), status));
            return;
        }
        auto response = m_adapter.parseResponse(m_body);
        if (!response) {
            finishWith(failureOf(FailureCategory::ServerError, response.error().message, status));
            return;
        }
        m_result.response = std::move(*response);
        if (m_adapter.wireFormat() == providers::WireFormat::OpenAi && !providers::echoesSecret(m_body, m_request.headers))
            m_result.bodyInLoggedForm = m_body;
        this->complete();
        return;
    }
    if (m_streamBroken)
        return;
    const bool unfinishedEvent = m_parser.finish();
    if (!complete || unfinishedEvent || (m_reader->hasEndMarker() && !m_sawEndMarker)) {
        finishWith(failureOf(FailureCategory::ServerError,
                             QStringLiteral("The provider's stream ended before its end marker%1; the answer is "
                                            "incomplete.")
                                 .arg(complete ? QString() : QStringLiteral(" (%1)").arg(call->errorString())),
                             status));
        return;
    }
    m_result.response = m_assembler.response({}, {});
    this->complete();
}

void HttpAttempt::finishWith(ProviderFailure failure)
{
    if (m_done)
        return;
    if (m_stream && m_assembler.sawContent()) {
        m_result.response = m_assembler.response({}, {}); // what arrived before the failure
        m_result.mayBeBilled = true; // the provider generated it: it may charge for it
    }
    // Messages quote the provider's error body, which may echo the key it was sent.
    failure.message = providers::withoutSecrets(std::move(failure.message), m_request.headers);
    failure.providerCode = providers::withoutSecrets(std::move(failure.providerCode), m_request.headers);
    m_result.failure = std::move(failure);
    complete();
}

void HttpAttempt::complete()
{
    if (m_done)
        return;
    m_done = true;
    m_attemptTimer.stop();
    m_stallTimer.stop();
    m_result.endedMs = m_clock.nowMs();
    if (m_call) {
        m_call->disconnect(this);
        m_call->abort(); // a no-op once the call is complete
        m_call->deleteLater();
        m_call = nullptr;
    }
    Q_EMIT finished(m_result);
}

} // namespace switchboard::core::execute
