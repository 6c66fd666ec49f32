#include "http/httpacceptor.h"

#include "http/httpserver.h"

#include <QTcpServer>

namespace switchboard::core::http {

// Takes the accepted descriptor before Qt wraps it in a socket of this thread.
class HttpAcceptor::Listener final : public QTcpServer
{
public:
    explicit Listener(HttpAcceptor *acceptor) : QTcpServer(acceptor), m_acceptor(acceptor) { }

protected:
    void incomingConnection(qintptr socketDescriptor) override { m_acceptor->handOver(socketDescriptor); }

private:
    HttpAcceptor *m_acceptor;
};

HttpAcceptor::HttpAcceptor(std::vector<HttpServer *> servers, QObject *parent)
    : QObject(parent)
    , m_servers(std::move(servers))
    , m_listener(new Listener(this))
{
    Q_ASSERT(!m_servers.empty());
}

HttpAcceptor::~HttpAcceptor() = default;

bool HttpAcceptor::listen(const QHostAddress &address, quint16 port)
{
    return m_listener->listen(address, port);
}

quint16 HttpAcceptor::port() const
{
    return m_listener->serverPort();
}

QString HttpAcceptor::errorString() const
{
    return m_listener->errorString();
}

void HttpAcceptor::handOver(qintptr socketDescriptor)
{
    HttpServer *server = m_servers[m_next++ % m_servers.size()];
    // Queued: the server makes the socket on its own thread.
    QMetaObject::invokeMethod(server, [server, socketDescriptor] { server->adopt(socketDescriptor); }, Qt::QueuedConnection);
}

} // namespace switchboard::core::http
