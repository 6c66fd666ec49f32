#pragma once

#include "http/httpresponseparser.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QUrl>

#include <atomic>

class QTcpSocket;

namespace switchboard::core::http {

class HttpClient;

struct ClientRequest
{
    QByteArray method = "POST";
    QUrl url;
    HttpHeaders headers;
    QByteArray body;
};

// One request and its response, read as it arrives. Never resent: if the connection fails,
// the call fails, and the caller decides whether to try again.
class ClientCall final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClientCall)

public:
    // ConnectFailed: no connection was made. ConnectionLost: it was, then closed or broke
    // before the response was complete.
    enum class Outcome { Pending, Complete, ConnectFailed, ConnectionLost, ProtocolError, Aborted };

    ~ClientCall() override;

    Outcome outcome() const { return m_outcome; }
    QString errorString() const { return m_error; }
    int status() const { return m_parser.status(); }
    const HttpHeaders &headers() const { return m_parser.headers(); }
    bool reusedConnection() const { return m_reused; }
    void abort();

Q_SIGNALS:
    void headersReceived();
    void bodyReceived(const QByteArray &bytes);
    void finished();

private:
    friend class HttpClient;
    ClientCall(HttpClient *client, QTcpSocket *socket, QString poolKey, bool reused, bool headRequest);
    void onReadyRead();
    void onSocketGone(const QString &why);
    void finish(Outcome outcome, const QString &error = {});

    QPointer<HttpClient> m_client;
    QPointer<QTcpSocket> m_socket;
    QString m_poolKey;
    bool m_reused;
    bool m_connected = false;
    bool m_headersSignalled = false;
    HttpResponseParser m_parser;
    Outcome m_outcome = Outcome::Pending;
    QString m_error;
};

// An HTTP/1.1 client with its own keep-alive pool per origin and no cap of six connections per
// host (QNetworkAccessManager's), used for every upstream call. Unlike QNetworkAccessManager
// it never resends a request on its own. Lives on one thread.
class HttpClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpClient)

public:
    explicit HttpClient(QObject *parent = nullptr);
    ~HttpClient() override;

    // The call belongs to the caller (delete it, or let it be deleted with its parent).
    ClientCall *send(const ClientRequest &request, QObject *parent = nullptr);
    // Readable from any thread (for metrics).
    int idleConnections() const { return m_idleCount; }
    int connectionsOpened() const { return m_opened; }

private:
    friend class ClientCall;
    void giveBack(const QString &poolKey, QTcpSocket *socket);

    QHash<QString, QList<QTcpSocket *>> m_idle;
    std::atomic<int> m_idleCount = 0;
    std::atomic<int> m_opened = 0;
};

} // namespace switchboard::core::http
