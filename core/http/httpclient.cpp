#include "http/httpclient.h"

#include <QSslSocket>
#include <QTcpSocket>

namespace switchboard::core::http {
namespace {

QString poolKeyOf(const QUrl &url)
{
    return url.scheme() + QLatin1String("://") + url.host() + QLatin1Char(':')
        + QString::number(url.port(url.scheme() == QLatin1String("https") ? 443 : 80));
}

QByteArray requestHead(const ClientRequest &request)
{
    const QUrl &url = request.url;
    QByteArray target = url.path(QUrl::FullyEncoded).toLatin1();
    if (target.isEmpty())
        target = "/";
    if (url.hasQuery())
        target += '?' + url.query(QUrl::FullyEncoded).toLatin1();
    QByteArray head = request.method + ' ' + target + " HTTP/1.1\r\nHost: " + url.host().toLatin1();
    const int port = url.port(-1);
    if (port > 0)
        head += ':' + QByteArray::number(port);
    head += "\r\n";
    bool hasLength = false;
    for (const auto &[key, value] : request.headers) {
        head += key + ": " + value + "\r\n";
        hasLength = hasLength || key.compare("content-length", Qt::CaseInsensitive) == 0;
    }
    if (!hasLength && (request.method == "POST" || request.method == "PUT" || !request.body.isEmpty()))
        head += "Content-Length: " + QByteArray::number(request.body.size()) + "\r\n";
    head += "\r\n";
    return head;
}

} // namespace

// --- ClientCall ----------------------------------------------------------------------------

ClientCall::ClientCall(HttpClient *client, QTcpSocket *socket, QString poolKey, bool reused, bool headRequest)
    : m_client(client)
    , m_socket(socket)
    , m_poolKey(std::move(poolKey))
    , m_reused(reused)
    , m_parser(headRequest)
{
    m_connected = reused;
    connect(m_socket, &QTcpSocket::connected, this, [this] { m_connected = true; });
    connect(m_socket, &QTcpSocket::readyRead, this, &ClientCall::onReadyRead);
    connect(m_socket, &QTcpSocket::disconnected, this, [this] { onSocketGone(QStringLiteral("the server closed the connection")); });
    connect(m_socket, &QAbstractSocket::errorOccurred, this, [this](QAbstractSocket::SocketError error) {
        if (error == QAbstractSocket::RemoteHostClosedError)
            return; // reported through disconnected, after the last bytes were read
        QTcpSocket *current = m_socket.data();
        onSocketGone(current ? current->errorString() : QStringLiteral("socket error"));
    });
}

ClientCall::~ClientCall()
{
    if (m_socket && m_outcome != Outcome::Complete) {
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket->deleteLater();
    }
}

void ClientCall::abort()
{
    if (m_outcome != Outcome::Pending)
        return;
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket->deleteLater();
        m_socket = nullptr;
    }
    finish(Outcome::Aborted, QStringLiteral("aborted"));
}

void ClientCall::onReadyRead()
{
    QTcpSocket *socket = m_socket.data();
    if (m_outcome != Outcome::Pending || !socket)
        return;
    const QByteArray bytes = socket->readAll();
    m_parser.feed(bytes);
    if (m_parser.headersDone() && !m_headersSignalled) {
        m_headersSignalled = true;
        Q_EMIT headersReceived();
    }
    if (QByteArray body = m_parser.takeBody(); !body.isEmpty() && m_outcome == Outcome::Pending)
        Q_EMIT bodyReceived(body);
    if (m_parser.error())
        finish(Outcome::ProtocolError, *m_parser.error());
    else if (m_parser.complete())
        finish(Outcome::Complete);
}

void ClientCall::onSocketGone(const QString &why)
{
    if (m_outcome != Outcome::Pending)
        return;
    if (QTcpSocket *socket = m_socket.data(); socket && socket->bytesAvailable() > 0)
        onReadyRead();
    if (m_outcome != Outcome::Pending)
        return;
    m_parser.connectionClosed();
    if (m_parser.complete()) {
        if (QByteArray body = m_parser.takeBody(); !body.isEmpty())
            Q_EMIT bodyReceived(body);
        finish(Outcome::Complete);
        return;
    }
    finish(m_connected ? Outcome::ConnectionLost : Outcome::ConnectFailed, why);
}

void ClientCall::finish(Outcome outcome, const QString &error)
{
    if (m_outcome != Outcome::Pending)
        return;
    m_outcome = outcome;
    m_error = error;
    if (m_socket) {
        m_socket->disconnect(this);
        if (outcome == Outcome::Complete && m_parser.keepAlive() && m_client
            && m_socket->state() == QAbstractSocket::ConnectedState)
            m_client->giveBack(m_poolKey, m_socket);
        else {
            m_socket->abort();
            m_socket->deleteLater();
        }
        m_socket = nullptr;
    }
    Q_EMIT finished();
}

// --- HttpClient ----------------------------------------------------------------------------

HttpClient::HttpClient(QObject *parent) : QObject(parent) { }

HttpClient::~HttpClient()
{
    for (const auto &sockets : std::as_const(m_idle))
        qDeleteAll(sockets);
}

ClientCall *HttpClient::send(const ClientRequest &request, QObject *parent)
{
    const QString key = poolKeyOf(request.url);
    QTcpSocket *socket = nullptr;
    bool reused = false;
    QList<QTcpSocket *> &idle = m_idle[key];
    while (!idle.isEmpty() && !socket) {
        QTcpSocket *candidate = idle.takeLast();
        --m_idleCount;
        candidate->disconnect(this);
        if (candidate->state() == QAbstractSocket::ConnectedState && candidate->bytesAvailable() == 0) {
            socket = candidate;
            reused = true;
        } else {
            candidate->deleteLater();
        }
    }
    if (!socket) {
        const bool tls = request.url.scheme() == QLatin1String("https");
        socket = tls ? new QSslSocket : new QTcpSocket;
        // Socket options only take once there is a socket underneath: set before connecting,
        // TCP_NODELAY would be dropped and every request would wait out a delayed ACK.
        connect(socket, &QTcpSocket::connected, socket, [socket] { socket->setSocketOption(QAbstractSocket::LowDelayOption, 1); });
        ++m_opened;
        if (tls)
            static_cast<QSslSocket *>(socket)->connectToHostEncrypted(request.url.host(), static_cast<quint16>(request.url.port(443)));
        else
            socket->connectToHost(request.url.host(), static_cast<quint16>(request.url.port(80)));
    }
    auto *call = new ClientCall(this, socket, key, reused, request.method == "HEAD");
    call->setParent(parent);
    // Written now; the socket sends it once connected (and encrypted).
    socket->write(requestHead(request));
    socket->write(request.body);
    return call;
}

void HttpClient::giveBack(const QString &poolKey, QTcpSocket *socket)
{
    m_idle[poolKey].append(socket);
    ++m_idleCount;
    // A server that closes an idle connection takes it out of the pool.
    connect(socket, &QTcpSocket::disconnected, this, [this, poolKey, socket] {
        if (m_idle[poolKey].removeOne(socket))
            --m_idleCount;
        socket->deleteLater();
    });
}

} // namespace switchboard::core::http
