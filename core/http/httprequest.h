#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>

#include <optional>

namespace switchboard::core::http {

using HttpHeaders = QList<QPair<QByteArray, QByteArray>>;

// The value of the first header of that name (names compare case-insensitively), or empty.
QByteArray headerValue(const HttpHeaders &headers, QByteArrayView name);

// Reading helpers shared by the request and response parsers.
// Takes one line (CRLF or bare LF) off the front of the buffer, without its ending.
std::optional<QByteArray> takeLine(QByteArray &buffer);
// Moves up to `remaining` bytes from the front of the buffer to the body; true once all
// `remaining` bytes have been moved.
bool takeCounted(QByteArray &buffer, QByteArray &body, qint64 &remaining);

// One HTTP/1.1 request as the server read it.
struct HttpRequest
{
    QByteArray method;
    QByteArray target; // as sent: path and query
    QByteArray path;
    QByteArray query;
    HttpHeaders headers;
    QByteArray body;
    bool keepAlive = true;
    bool http11 = true; // false for HTTP/1.0: no chunked responses

    QByteArray header(QByteArrayView name) const { return headerValue(headers, name); }
};

} // namespace switchboard::core::http
