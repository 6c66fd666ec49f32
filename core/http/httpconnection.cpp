#include "http/httpconnection.h"

#include "http/httpexchange.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QTimer>

namespace switchboard::core::http {

HttpConnection::HttpConnection(QTcpSocket *socket, const Settings &settings, Handler handler,
                               QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_settings(settings)
    , m_handler(std::move(handler))
    , m_parser(settings.limits)
    , m_timer(new QTimer(this))
{
    m_socket->setParent(this);
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    m_timer->setSingleShot(true);
    connect(m_socket, &QTcpSocket::readyRead, this, &HttpConnection::onReadyRead);
    connect(m_socket, &QTcpSocket::disconnected, this, [this] {
        if (m_current)
            m_current->markClientGone();
        deleteLater();
    });
    connect(m_timer, &QTimer::timeout, this, [this] {
        if (m_current)
            return; // the handler is working; its own deadline applies
        if (m_parser.inRequest()) {
            const QByteArray body = R"({"error":{"message":"The request did not arrive in time.","type":"request_timeout"}})";
            write(QByteArray("HTTP/1.1 408 Request Timeout\r\nContent-Type: application/json\r\n"
                             "Connection: close\r\nContent-Length: "
                             + QByteArray::number(body.size()) + "\r\n\r\n" + body));
            if (m_settings.onRejected)
                m_settings.onRejected(408, QStringLiteral("The request did not arrive within %1 ms.").arg(m_settings.requestTimeoutMs));
        }
        m_closing = true;
        m_socket->disconnectFromHost();
    });
    armTimer();
}

HttpConnection::~HttpConnection() = default;

void HttpConnection::armTimer()
{
    m_timer->start(m_parser.inRequest() ? m_settings.requestTimeoutMs : m_settings.idleTimeoutMs);
}

void HttpConnection::onReadyRead()
{
    const bool wasIdle = !m_parser.inRequest();
    m_parser.feed(m_socket->readAll());
    if (m_current || m_closing)
        return; // pipelined: read when the current exchange is done
    // The request timeout runs from a request's first byte, not its last: a client that
    // dribbles its headers cannot hold the connection open.
    if (wasIdle && m_parser.inRequest())
        armTimer();
    dispatchNext();
}

void HttpConnection::dispatchNext()
{
    if (m_current || m_closing)
        return;
    std::optional<HttpRequest> request = m_parser.next();
    if (m_parser.failure()) {
        answerParseFailure();
        return;
    }
    if (!request)
        return;
    m_timer->stop();
    m_current = new HttpExchange(std::move(*request), this);
    m_handler(m_current);
}

void HttpConnection::answerParseFailure()
{
    const auto &failure = *m_parser.failure();
    const QByteArray body = QJsonDocument(QJsonObject {
                                { QStringLiteral("error"),
                                  QJsonObject { { QStringLiteral("message"), failure.message },
                                                { QStringLiteral("type"), QStringLiteral("invalid_request_error") } } } })
                                .toJson(QJsonDocument::Compact);
    write(QByteArray("HTTP/1.1 " + QByteArray::number(failure.status) + ' ' + reasonPhrase(failure.status)
                     + "\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: "
                     + QByteArray::number(body.size()) + "\r\n\r\n" + body));
    m_closing = true;
    m_socket->disconnectFromHost();
    if (m_settings.onRejected)
        m_settings.onRejected(failure.status, failure.message);
}

void HttpConnection::write(QByteArrayView bytes)
{
    if (m_socket->state() == QAbstractSocket::ConnectedState)
        m_socket->write(bytes.data(), bytes.size());
}

qint64 HttpConnection::bytesPending() const
{
    return m_socket->bytesToWrite();
}

void HttpConnection::finishExchange(bool closeAfter)
{
    if (m_current)
        m_current->deleteLater();
    m_current = nullptr;
    if (closeAfter) {
        m_closing = true;
        m_socket->disconnectFromHost(); // after the pending bytes are written
        return;
    }
    armTimer();
    // The next pipelined request, if one is waiting; queued so that a long pipeline does not
    // recurse.
    QMetaObject::invokeMethod(this, &HttpConnection::dispatchNext, Qt::QueuedConnection);
}

void HttpConnection::closeNow()
{
    m_closing = true;
    m_socket->abort();
}

} // namespace switchboard::core::http
