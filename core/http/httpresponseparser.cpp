#include "http/httpresponseparser.h"

namespace switchboard::core::http {
namespace {
constexpr qsizetype kMaxHeaderBytes = 256 * 1024;
}

void HttpResponseParser::feed(QByteArrayView bytes)
{
    if (m_error || m_state == State::Done)
        return;
    m_buffer.append(bytes.data(), bytes.size());
    run();
}

void HttpResponseParser::connectionClosed()
{
    if (m_state == State::UntilClose) {
        m_state = State::Done;
        m_keepAlive = false;
        return;
    }
    if (m_state != State::Done && !m_error)
        fail(QStringLiteral("The connection closed before the response was complete."));
}

std::optional<QByteArray> HttpResponseParser::takeLine()
{
    auto line = http::takeLine(m_buffer);
    if (!line && m_buffer.size() > kMaxHeaderBytes)
        fail(QStringLiteral("A response line is too long."));
    return line;
}

void HttpResponseParser::fail(const QString &message)
{
    m_error = message;
    m_keepAlive = false;
}

void HttpResponseParser::headersComplete()
{
    const QByteArray connection = headerValue(m_headers, "connection").toLower();
    if (connection.contains("close"))
        m_keepAlive = false;
    if (m_noBody || m_status == 204 || m_status == 304 || (m_status >= 100 && m_status < 200)) {
        m_state = State::Done;
        return;
    }
    if (headerValue(m_headers, "transfer-encoding").toLower().contains("chunked")) {
        m_state = State::ChunkSize;
        return;
    }
    const QByteArray length = headerValue(m_headers, "content-length");
    if (length.isEmpty()) {
        m_state = State::UntilClose;
        m_keepAlive = false;
        return;
    }
    bool ok = false;
    m_remaining = length.trimmed().toLongLong(&ok);
    if (!ok || m_remaining < 0) {
        fail(QStringLiteral("The response's Content-Length is not a number."));
        return;
    }
    m_state = m_remaining == 0 ? State::Done : State::Body;
}

void HttpResponseParser::run()
{
    while (!m_error && m_state != State::Done) {
        switch (m_state) {
        case State::StatusLine: {
            auto line = takeLine();
            if (!line)
                return;
            if (line->isEmpty())
                continue;
            const QList<QByteArray> parts = line->split(' ');
            bool ok = false;
            m_status = parts.size() >= 2 ? parts[1].toInt(&ok) : 0;
            if (!line->startsWith("HTTP/1.") || !ok || m_status < 100 || m_status > 999) {
                fail(QStringLiteral("The answer is not HTTP: '%1'.").arg(QString::fromLatin1(line->left(60))));
                return;
            }
            m_keepAlive = line->startsWith("HTTP/1.1");
            m_state = State::Headers;
            break;
        }
        case State::Headers: {
            auto line = takeLine();
            if (!line)
                return;
            if (line->isEmpty()) {
                if (m_status >= 100 && m_status < 200) { // 100 Continue and friends: the real answer follows
                    m_headers.clear();
                    m_state = State::StatusLine;
                    break;
                }
                headersComplete();
                break;
            }
            const qsizetype colon = line->indexOf(':');
            if (colon <= 0) {
                fail(QStringLiteral("A response header is malformed."));
                return;
            }
            m_headers.append({ line->left(colon).trimmed(), line->mid(colon + 1).trimmed() });
            break;
        }
        case State::Body:
        case State::ChunkData: {
            if (!takeCounted(m_buffer, m_body, m_remaining))
                return;
            m_state = m_state == State::Body ? State::Done : State::ChunkDataEnd;
            break;
        }
        case State::UntilClose:
            m_body += m_buffer;
            m_buffer.clear();
            return;
        case State::ChunkSize: {
            auto line = takeLine();
            if (!line)
                return;
            bool ok = false;
            m_remaining = line->split(';').constFirst().trimmed().toLongLong(&ok, 16);
            if (!ok || m_remaining < 0) {
                fail(QStringLiteral("A response chunk size is malformed."));
                return;
            }
            m_state = m_remaining == 0 ? State::Trailers : State::ChunkData;
            break;
        }
        case State::ChunkDataEnd: {
            auto line = takeLine();
            if (!line)
                return;
            m_state = State::ChunkSize;
            break;
        }
        case State::Trailers: {
            auto line = takeLine();
            if (!line)
                return;
            if (line->isEmpty())
                m_state = State::Done;
            break;
        }
        case State::Done:
            return;
        }
    }
}

} // namespace switchboard::core::http
