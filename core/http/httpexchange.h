#pragma once

#include "http/httprequest.h"

#include <QObject>
#include <QPointer>

class QTcpSocket;

namespace switchboard::core::http {

class HttpConnection;

// One request and its response. The handler may answer at once or later (from the same
// thread): respond() for a whole body, or beginStream()/writeChunk()/endStream() for a
// chunked stream such as server-sent events. If the client goes away first, clientGone() is
// emitted and further writes are dropped.
class HttpExchange final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpExchange)

public:
    HttpExchange(HttpRequest request, HttpConnection *connection);
    ~HttpExchange() override;

    const HttpRequest &request() const { return m_request; }

    void respond(int status, const HttpHeaders &headers, QByteArrayView body);
    void beginStream(int status, const HttpHeaders &headers);
    void writeChunk(QByteArrayView data);
    void endStream();
    // Drops the connection without finishing the response, as a failing upstream would.
    void abort();

    bool isFinished() const { return m_finished; }
    bool isClientGone() const { return m_connection.isNull() || m_clientGone; }
    // Bytes written but not yet handed to the network: lets a streaming writer slow down
    // for a slow reader.
    qint64 bytesPending() const;

Q_SIGNALS:
    void clientGone();

private:
    friend class HttpConnection;
    void markClientGone();

    HttpRequest m_request;
    QPointer<HttpConnection> m_connection;
    bool m_streaming = false;
    bool m_finished = false;
    bool m_clientGone = false;
};

// The reason phrase of a status code, for the status line.
QByteArray reasonPhrase(int status);

} // namespace switchboard::core::http
