#pragma once

#include <QHostAddress>
#include <QObject>

#include <vector>

class QTcpServer;

namespace switchboard::core::http {

class HttpServer;

// Listens on one address and hands each accepted connection to the next of its servers in
// turn, each of which may live on its own thread: one port served by several event loops.
// A connection stays with the server it was handed to for as long as it is kept alive. The
// servers must outlive the acceptor.
class HttpAcceptor final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpAcceptor)

public:
    explicit HttpAcceptor(std::vector<HttpServer *> servers, QObject *parent = nullptr);
    ~HttpAcceptor() override;

    // Port 0 picks a free port; port() tells which.
    bool listen(const QHostAddress &address, quint16 port);
    quint16 port() const;
    QString errorString() const;

private:
    class Listener;
    void handOver(qintptr socketDescriptor);

    std::vector<HttpServer *> m_servers;
    std::size_t m_next = 0;
    Listener *m_listener;
};

} // namespace switchboard::core::http
