#pragma once

#include "http/httprequest.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace switchboard::core::http {

// Reads HTTP/1.1 requests from a byte stream that arrives in pieces: request line, headers,
// and a body by Content-Length or chunked transfer coding. Limits guard the server from
// oversized headers and bodies; a violation is an error with the status to answer.
class HttpRequestParser final
{
public:
    struct Limits
    {
        qsizetype maxHeaderBytes = 64 * 1024;
        qint64 maxBodyBytes = 8 * 1024 * 1024;
    };

    struct Failure
    {
        int status = 400; // 400, 413, 431, 501, 505
        QString message;
    };

    explicit HttpRequestParser(Limits limits) : m_limits(limits) { }

    // Appends bytes; then call next() until it yields nothing.
    void feed(QByteArrayView bytes) { m_buffer.append(bytes.data(), bytes.size()); }
    // The next complete request, if the bytes so far hold one. After a failure the parser
    // stays failed: the connection must answer and close.
    std::optional<HttpRequest> next();

    const std::optional<Failure> &failure() const { return m_failure; }
    // True while a request has started arriving but is not complete (for idle timeouts).
    bool inRequest() const { return m_state != State::RequestLine || !m_buffer.isEmpty(); }

private:
    enum class State { RequestLine, Headers, Body, ChunkSize, ChunkData, ChunkDataEnd, Trailers };

    bool fail(int status, const QString &message);
    bool parseRequestLine(const QByteArray &line);
    bool parseHeaderLine(const QByteArray &line);
    bool headersComplete();

    Limits m_limits;
    QByteArray m_buffer;
    State m_state = State::RequestLine;
    HttpRequest m_current;
    qsizetype m_headerBytes = 0;
    qint64 m_remaining = 0;
    std::optional<Failure> m_failure;
};

} // namespace switchboard::core::http
