#include "http/httpserver.h"

#include <QTcpServer>
#include <QTcpSocket>

#include <unistd.h>

namespace switchboard::core::http {

HttpServer::HttpServer(HttpConnection::Handler handler, HttpConnection::Settings settings, QObject *parent)
    : QObject(parent)
    , m_server(new QTcpServer(this))
    , m_handler(std::move(handler))
    , m_settings(settings)
{
    connect(m_server, &QTcpServer::pendingConnectionAvailable, this, &HttpServer::onNewConnection);
}

HttpServer::~HttpServer() = default;

bool HttpServer::listen(const QHostAddress &address, quint16 port)
{
    return m_server->listen(address, port);
}

quint16 HttpServer::port() const
{
    return m_server->serverPort();
}

QString HttpServer::errorString() const
{
    return m_server->errorString();
}

void HttpServer::onNewConnection()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection())
        serve(socket);
}

void HttpServer::adopt(qintptr socketDescriptor)
{
    auto *socket = new QTcpSocket;
    if (!socket->setSocketDescriptor(socketDescriptor)) {
        qWarning("HttpServer: cannot serve an accepted connection: %s", qUtf8Printable(socket->errorString()));
        ::close(static_cast<int>(socketDescriptor));
        delete socket;
        return;
    }
    serve(socket);
}

void HttpServer::serve(QTcpSocket *socket)
{
    auto *connection = new HttpConnection(socket, m_settings, m_handler, this);
    ++m_connections;
    connect(connection, &QObject::destroyed, this, [this] { --m_connections; });
}

} // namespace switchboard::core::http
