#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>

namespace switchboard::core::http {

using HttpHeaders = QList<QPair<QByteArray, QByteArray>>;

// The value of the first header of that name (names compare case-insensitively), or empty.
QByteArray headerValue(const HttpHeaders &headers, QByteArrayView name);

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
