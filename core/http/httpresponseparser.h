#pragma once

#include "http/httprequest.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace switchboard::core::http {

// Reads one HTTP/1.1 response as it arrives: status line, headers, then the body by
// Content-Length, chunked coding, or until the connection closes. Body bytes are handed out
// as they come (takeBody), so a stream can be read while it is still arriving.
class HttpResponseParser final
{
public:
    explicit HttpResponseParser(bool headRequest = false) : m_noBody(headRequest) { }

    void feed(QByteArrayView bytes);
    // The server closed the connection: ends a close-delimited body.
    void connectionClosed();

    bool headersDone() const { return m_state != State::StatusLine && m_state != State::Headers; }
    bool complete() const { return m_state == State::Done; }
    const std::optional<QString> &error() const { return m_error; }
    int status() const { return m_status; }
    const HttpHeaders &headers() const { return m_headers; }
    bool keepAlive() const { return m_keepAlive; }
    // Body bytes decoded since the last call.
    QByteArray takeBody() { return std::exchange(m_body, QByteArray()); }

private:
    enum class State { StatusLine, Headers, Body, UntilClose, ChunkSize, ChunkData, ChunkDataEnd, Trailers, Done };

    void run();
    std::optional<QByteArray> takeLine();
    void fail(const QString &message);
    void headersComplete();

    State m_state = State::StatusLine;
    QByteArray m_buffer;
    QByteArray m_body;
    HttpHeaders m_headers;
    int m_status = 0;
    bool m_keepAlive = true;
    bool m_noBody;
    qint64 m_remaining = 0;
    std::optional<QString> m_error;
};

} // namespace switchboard::core::http
