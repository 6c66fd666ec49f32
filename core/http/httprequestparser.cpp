#include "http/httprequestparser.h"

namespace switchboard::core::http {
namespace {

constexpr int kMaxHeaders = 100;

bool isToken(QByteArrayView text)
{
    if (text.isEmpty())
        return false;
    for (char c : text) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
            || QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
        if (!ok)
            return false;
    }
    return true;
}

} // namespace

bool HttpRequestParser::fail(int status, const QString &message)
{
    m_failure = Failure { status, message };
    m_buffer.clear();
    return false;
}

bool HttpRequestParser::parseRequestLine(const QByteArray &line)
{
    const QList<QByteArray> parts = line.split(' ');
    if (parts.size() != 3 || !isToken(parts[0]) || parts[1].isEmpty())
        return fail(400, QStringLiteral("The request line is malformed; expected 'METHOD /path HTTP/1.1'."));
    if (parts[2] != "HTTP/1.1" && parts[2] != "HTTP/1.0")
        return fail(505, QStringLiteral("Only HTTP/1.1 and HTTP/1.0 are served."));
    m_current = HttpRequest();
    m_current.method = parts[0];
    m_current.target = parts[1];
    const qsizetype question = m_current.target.indexOf('?');
    m_current.path = question < 0 ? m_current.target : m_current.target.left(question);
    m_current.query = question < 0 ? QByteArray() : m_current.target.mid(question + 1);
    m_current.http11 = parts[2] == "HTTP/1.1";
    m_current.keepAlive = m_current.http11;
    m_headerBytes = line.size();
    return true;
}

bool HttpRequestParser::parseHeaderLine(const QByteArray &line)
{
    const qsizetype colon = line.indexOf(':');
    if (colon <= 0 || !isToken(QByteArrayView(line).first(colon)))
        return fail(400, QStringLiteral("A header line is malformed."));
    if (m_current.headers.size() >= kMaxHeaders)
        return fail(431, QStringLiteral("The request has too many headers."));
    m_current.headers.append({ line.left(colon), line.mid(colon + 1).trimmed() });
    return true;
}

bool HttpRequestParser::headersComplete()
{
    const QByteArray connection = m_current.header("connection").toLower();
    if (connection.contains("close"))
        m_current.keepAlive = false;
    else if (connection.contains("keep-alive"))
        m_current.keepAlive = true;

    const QByteArray transfer = m_current.header("transfer-encoding").toLower();
    if (!transfer.isEmpty()) {
        if (transfer != "chunked")
            return fail(501, QStringLiteral("Transfer-Encoding '%1' is not supported; send the body "
                                            "with Content-Length or chunked.")
                                 .arg(QString::fromLatin1(transfer)));
        m_state = State::ChunkSize;
        return true;
    }
    const QByteArray length = m_current.header("content-length");
    if (length.isEmpty()) {
        m_state = State::RequestLine;
        m_remaining = 0;
        return true;
    }
    bool ok = false;
    const qint64 bytes = length.toLongLong(&ok);
    if (!ok || bytes < 0)
        return fail(400, QStringLiteral("Content-Length is not a number."));
    if (bytes > m_limits.maxBodyBytes)
        return fail(413, QStringLiteral("The request body (%1 bytes) is larger than this server "
                                        "accepts (%2 bytes).")
                             .arg(bytes)
                             .arg(m_limits.maxBodyBytes));
    m_remaining = bytes;
    m_state = bytes > 0 ? State::Body : State::RequestLine;
    return true;
}

std::optional<HttpRequest> HttpRequestParser::next()
{
    while (!m_failure) {
        switch (m_state) {
        case State::RequestLine: {
            if (m_buffer.size() > m_limits.maxHeaderBytes && m_buffer.indexOf('\n') < 0) {
                fail(431, QStringLiteral("The request line is too long."));
                return std::nullopt;
            }
            auto line = takeLine(m_buffer);
            if (!line)
                return std::nullopt;
            if (line->isEmpty())
                continue; // tolerate blank lines between requests
            if (!parseRequestLine(*line))
                return std::nullopt;
            m_state = State::Headers;
            break;
        }
        case State::Headers: {
            if (m_headerBytes + m_buffer.size() > m_limits.maxHeaderBytes && m_buffer.indexOf('\n') < 0) {
                fail(431, QStringLiteral("The request headers are too large."));
                return std::nullopt;
            }
            auto line = takeLine(m_buffer);
            if (!line)
                return std::nullopt;
            m_headerBytes += line->size() + 2;
            if (m_headerBytes > m_limits.maxHeaderBytes) {
                fail(431, QStringLiteral("The request headers are too large."));
                return std::nullopt;
            }
            if (!line->isEmpty()) {
                if (!parseHeaderLine(*line))
                    return std::nullopt;
                break;
            }
            if (!headersComplete())
                return std::nullopt;
            if (m_state == State::RequestLine)
                return std::exchange(m_current, HttpRequest());
            break;
        }
        case State::Body: {
            if (!takeCounted(m_buffer, m_current.body, m_remaining))
                return std::nullopt;
            m_state = State::RequestLine;
            return std::exchange(m_current, HttpRequest());
        }
        case State::ChunkSize: {
            auto line = takeLine(m_buffer);
            if (!line)
                return std::nullopt;
            bool ok = false;
            const qint64 size = line->split(';').constFirst().trimmed().toLongLong(&ok, 16);
            if (!ok || size < 0) {
                fail(400, QStringLiteral("A chunk size is malformed."));
                return std::nullopt;
            }
            if (m_current.body.size() + size > m_limits.maxBodyBytes) {
                fail(413, QStringLiteral("The request body is larger than this server accepts "
                                         "(%1 bytes).")
                              .arg(m_limits.maxBodyBytes));
                return std::nullopt;
            }
            m_remaining = size;
            m_state = size == 0 ? State::Trailers : State::ChunkData;
            break;
        }
        case State::ChunkData: {
            if (!takeCounted(m_buffer, m_current.body, m_remaining))
                return std::nullopt;
            m_state = State::ChunkDataEnd;
            break;
        }
        case State::ChunkDataEnd: {
            auto line = takeLine(m_buffer);
            if (!line)
                return std::nullopt;
            if (!line->isEmpty()) {
                fail(400, QStringLiteral("A chunk is longer than its size says."));
                return std::nullopt;
            }
            m_state = State::ChunkSize;
            break;
        }
        case State::Trailers: {
            auto line = takeLine(m_buffer);
            if (!line)
                return std::nullopt;
            if (!line->isEmpty())
                break; // trailers are read and ignored
            m_state = State::RequestLine;
            return std::exchange(m_current, HttpRequest());
        }
        }
    }
    return std::nullopt;
}

} // namespace switchboard::core::http
