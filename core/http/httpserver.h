#pragma once

#include "http/httpconnection.h"

#include <QHostAddress>
#include <QObject>

class QTcpServer;

namespace switchboard::core::http {

// A small HTTP/1.1 server for the gateway and the simulated provider: keep-alive,
// pipelining, chunked streaming responses, body and header limits, and timeouts for clients
// that send too slowly. It runs on the thread that owns it: it either listens itself, or
// serves the connections an HttpAcceptor on another thread hands it.
class HttpServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpServer)

public:
    HttpServer(HttpConnection::Handler handler, HttpConnection::Settings settings = {},
               QObject *parent = nullptr);
    ~HttpServer() override;

    // Port 0 picks a free port; port() tells which.
    bool listen(const QHostAddress &address, quint16 port);
    // Serves a connection accepted elsewhere (call on this server's thread).
    void adopt(qintptr socketDescriptor);
    quint16 port() const;
    QString errorString() const;
    int openConnections() const { return m_connections; }

private:
    void onNewConnection();
    void serve(QTcpSocket *socket);

    QTcpServer *m_server;
    HttpConnection::Handler m_handler;
    HttpConnection::Settings m_settings;
    int m_connections = 0;
};

} // namespace switchboard::core::http
