#include "http/httpexchange.h"

#include "http/httpconnection.h"

namespace switchboard::core::http {
namespace {

QByteArray head(int status, const HttpHeaders &headers, bool keepAlive)
{
    QByteArray out;
    out.reserve(256);
    out += "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n";
    for (const auto &[key, value] : headers)
        out += key + ": " + value + "\r\n";
    if (!keepAlive)
        out += "Connection: close\r\n";
    return out;
}

} // namespace

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200: return "OK";
    case 204: return "No Content";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 413: return "Content Too Large";
    case 422: return "Unprocessable Content";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    case 505: return "HTTP Version Not Supported";
    case 529: return "Site Overloaded";
    default: return "Status";
    }
}

HttpExchange::HttpExchange(HttpRequest request, HttpConnection *connection)
    : QObject(connection)
    , m_request(std::move(request))
    , m_connection(connection)
{
}

HttpExchange::~HttpExchange() = default;

void HttpExchange::respond(int status, const HttpHeaders &headers, QByteArrayView body)
{
    if (m_finished || m_streaming)
        return;
    m_finished = true;
    if (isClientGone())
        return;
    QByteArray out = head(status, headers, m_request.keepAlive);
    out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n";
    out.append(body.data(), body.size());
    m_connection->write(out);
    m_connection->finishExchange(!m_request.keepAlive);
}

void HttpExchange::beginStream(int status, const HttpHeaders &headers)
{
    if (m_finished || m_streaming)
        return;
    m_streaming = true;
    if (isClientGone())
        return;
    // HTTP/1.0 has no chunked coding: the body runs until the connection closes.
    if (!m_request.http11)
        m_request.keepAlive = false;
    QByteArray out = head(status, headers, m_request.keepAlive);
    if (m_request.http11)
        out += "Transfer-Encoding: chunked\r\n";
    out += "\r\n";
    m_connection->write(out);
}

void HttpExchange::writeChunk(QByteArrayView data)
{
    if (!m_streaming || m_finished || data.isEmpty() || isClientGone())
        return;
    if (!m_request.http11) {
        m_connection->write(data);
        return;
    }
    QByteArray out = QByteArray::number(data.size(), 16) + "\r\n";
    out.append(data.data(), data.size());
    out += "\r\n";
    m_connection->write(out);
}

void HttpExchange::endStream()
{
    if (!m_streaming || m_finished)
        return;
    m_finished = true;
    if (isClientGone())
        return;
    if (m_request.http11)
        m_connection->write("0\r\n\r\n");
    m_connection->finishExchange(!m_request.keepAlive);
}

void HttpExchange::abort()
{
    if (m_finished)
        return;
    m_finished = true;
    if (!isClientGone())
        m_connection->closeNow();
}

qint64 HttpExchange::bytesPending() const
{
    return isClientGone() ? 0 : m_connection->bytesPending();
}

void HttpExchange::markClientGone()
{
    if (m_clientGone)
        return;
    m_clientGone = true;
    if (!m_finished)
        Q_EMIT clientGone();
}

} // namespace switchboard::core::http
