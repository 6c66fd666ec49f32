#pragma once

#include "execute/clock.h"
#include "model/streamassembler.h"
#include "providers/provideradapter.h"

#include <QBasicTimer>
#include <QObject>
#include <QPointer>

#include <memory>
#include <optional>
#include <vector>

namespace switchboard::core::http {
class ClientCall;
class HttpClient;
}

namespace switchboard::core::execute {

// What one attempt at one target came to.
struct AttemptResult
{
    std::optional<ChatResponse> response; // assembled from the stream when streamed
    // The answer's bytes as the provider sent them, when they are already the form the log
    // keeps (an OpenAI-format answer, not streamed): the log and the caller get them as they are.
    QByteArray bodyInLoggedForm;
    std::optional<providers::ProviderFailure> failure;
    int httpStatus = 0;
    qint64 startedMs = 0;  // on the executor's clock
    qint64 endedMs = 0;
    std::optional<qint64> firstDeltaMs; // the first content delta (time to first token)
    std::vector<qint64> chunkOffsetsMs;  // arrival of each stream chunk, from startedMs
    bool committed = false;              // deltas were handed on
    bool mayBeBilled = false;            // the provider answered: it may have charged
    bool timedOut = false;               // the attempt's own time limit ended it (not a stall)
};

// One HTTP attempt: sends the adapter's request over the executor's HTTP client, reads
// the answer or the stream, bounds the whole attempt and any stall inside a stream, and
// classifies every way it can end. Exactly one request goes upstream: the HTTP client never
// resends on its own, so retries happen in the executor's one retry loop alone.
class HttpAttempt final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpAttempt)

public:
    struct Timeouts
    {
        qint64 attemptMs = 60'000; // from sending to the last byte
        qint64 stallMs = 20'000;   // between two chunks of a stream
    };

    HttpAttempt(http::HttpClient &client, const providers::ProviderAdapter &adapter,
                providers::OutgoingRequest request, bool stream, Timeouts timeouts, const Clock &clock,
                QObject *parent = nullptr);
    ~HttpAttempt() override;

    void start();
    // Stops the attempt; it finishes with a Cancelled failure.
    void cancel();

Q_SIGNALS:
    void delta(const switchboard::core::StreamDelta &delta);
    void finished(const switchboard::core::execute::AttemptResult &result);

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    enum class Ending { None, Timeout, Stall, Cancel };

    void onBody(const QByteArray &bytes);
    void onFinished();
    void readEvents(QByteArrayView bytes);
    void finishWith(providers::ProviderFailure failure);
    void complete();

    http::HttpClient &m_client;
    const providers::ProviderAdapter &m_adapter;
    providers::OutgoingRequest m_request;
    bool m_stream;
    Timeouts m_timeouts;
    const Clock &m_clock;
    QPointer<http::ClientCall> m_call;
    QBasicTimer m_attemptTimer;
    QBasicTimer m_stallTimer;
    Ending m_ending = Ending::None;
    bool m_done = false;

    AttemptResult m_result;
    QByteArray m_body; // non-streamed answers, and error bodies
    providers::SseParser m_parser;
    std::unique_ptr<providers::StreamReader> m_reader;
    StreamAssembler m_assembler;
    bool m_sawEndMarker = false;
    bool m_streamBroken = false;
};

} // namespace switchboard::core::execute

Q_DECLARE_METATYPE(switchboard::core::execute::AttemptResult)
