#pragma once

#include "http/httprequestparser.h"

#include <QObject>
#include <QPointer>

#include <functional>

class QTcpSocket;
class QTimer;

namespace switchboard::core::http {

class HttpExchange;

// One client connection: reads requests one at a time (pipelined ones wait their turn),
// hands each to the handler as an HttpExchange, writes the answer, and keeps the connection
// open for the next request unless either side asked to close. A client that sends its
// headers too slowly, or sits idle, is disconnected.
class HttpConnection final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpConnection)

public:
    struct Settings
    {
        HttpRequestParser::Limits limits;
        int requestTimeoutMs = 10'000; // a started request must arrive whole within this
        int idleTimeoutMs = 60'000;    // between requests on a kept-alive connection
        // Told of each request answered here without reaching the handler (too large,
        // malformed, too slow), with the status sent and why, so that it can be recorded.
        std::function<void(int status, const QString &message)> onRejected;
    };
    using Handler = std::function<void(HttpExchange *)>;

    HttpConnection(QTcpSocket *socket, const Settings &settings, Handler handler, QObject *parent);
    ~HttpConnection() override;

    void write(QByteArrayView bytes);
    qint64 bytesPending() const;
    void finishExchange(bool closeAfter);
    void closeNow();

private:
    void onReadyRead();
    void dispatchNext();
    void answerParseFailure();
    void armTimer();

    QTcpSocket *m_socket;
    Settings m_settings;
    Handler m_handler;
    HttpRequestParser m_parser;
    QPointer<HttpExchange> m_current;
    QTimer *m_timer;
    bool m_closing = false;
};

} // namespace switchboard::core::http
