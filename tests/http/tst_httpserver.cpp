// The HTTP/1.1 server under the gateway and the simulated provider, driven by real sockets.
#include "http/httpexchange.h"
#include "http/httpserver.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPointer>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

using namespace switchboard::core::http;

namespace {

// A raw client, to send what a well-behaved library never would.
struct RawClient
{
    QTcpSocket socket;
    QByteArray received;

    bool connectTo(quint16 port)
    {
        QObject::connect(&socket, &QTcpSocket::readyRead, &socket, [this] { received += socket.readAll(); });
        socket.connectToHost(QHostAddress::LocalHost, port);
        return QTest::qWaitFor([this] { return socket.state() == QAbstractSocket::ConnectedState; }, 5000);
    }
    bool waitFor(QByteArrayView text, int ms = 5000)
    {
        return QTest::qWaitFor([&] { return received.contains(text); }, ms);
    }
    bool waitForClose(int ms = 5000)
    {
        return QTest::qWaitFor([this] { return socket.state() == QAbstractSocket::UnconnectedState; }, ms);
    }
};

} // namespace

class TestHttpServer final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<HttpServer> m_server;
    QList<QPointer<HttpExchange>> m_exchanges;
    int m_handled = 0;

    void start(HttpConnection::Settings settings = {})
    {
        m_server = std::make_unique<HttpServer>(
            [this](HttpExchange *exchange) {
                ++m_handled;
                m_exchanges.append(exchange);
                const QByteArray path = exchange->request().path;
                if (path == "/echo") {
                    exchange->respond(200, { { "Content-Type", "text/plain" } }, exchange->request().body);
                } else if (path == "/stream") {
                    exchange->beginStream(200, { { "Content-Type", "text/event-stream" } });
                    exchange->writeChunk("data: one\n\n");
                    // The rest arrives later, from the event loop, as a slow model would send it.
                    QTimer::singleShot(50, exchange, [exchange] {
                        exchange->writeChunk("data: two\n\n");
                        exchange->endStream();
                    });
                } else if (path == "/hang") {
                    exchange->beginStream(200, { { "Content-Type", "text/event-stream" } });
                    exchange->writeChunk("data: partial\n\n");
                } else {
                    exchange->respond(404, {}, "no such path");
                }
            },
            settings);
        QVERIFY(m_server->listen(QHostAddress::LocalHost, 0));
    }

    QUrl url(const char *path) const
    {
        return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_server->port()).arg(QLatin1String(path)));
    }

private Q_SLOTS:
    void init()
    {
        m_exchanges.clear();
        m_handled = 0;
    }
    void cleanup() { m_server.reset(); }

    void answersAQtClientAndKeepsTheConnection()
    {
        start();
        QNetworkAccessManager manager;
        for (int i = 0; i < 3; ++i) {
            QNetworkRequest request(url("/echo"));
            request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
            std::unique_ptr<QNetworkReply> reply(manager.post(request, QByteArray("{\"n\":") + QByteArray::number(i) + '}'));
            QVERIFY(QTest::qWaitFor([&] { return reply->isFinished(); }, 5000));
            QCOMPARE(reply->error(), QNetworkReply::NoError);
            QCOMPARE(reply->readAll(), QByteArray("{\"n\":") + QByteArray::number(i) + '}');
        }
        QCOMPARE(m_handled, 3);
        QCOMPARE(m_server->openConnections(), 1); // one kept-alive connection served all three
    }

    void streamsChunksAsTheyAreWritten()
    {
        start();
        QNetworkAccessManager manager;
        std::unique_ptr<QNetworkReply> reply(manager.get(QNetworkRequest(url("/stream"))));
        QByteArray seen;
        bool sawFirstBeforeEnd = false;
        connect(reply.get(), &QNetworkReply::readyRead, this, [&] {
            seen += reply->readAll();
            if (seen.contains("one") && !seen.contains("two") && !reply->isFinished())
                sawFirstBeforeEnd = true;
        });
        QVERIFY(QTest::qWaitFor([&] { return reply->isFinished(); }, 5000));
        seen += reply->readAll();
        QCOMPARE(seen, QByteArray("data: one\n\ndata: two\n\n"));
        QVERIFY2(sawFirstBeforeEnd, "the first chunk was held back until the stream ended");
    }

    void pipelinedRequestsAreAnsweredInOrder()
    {
        start();
        RawClient client;
        QVERIFY(client.connectTo(m_server->port()));
        client.socket.write("POST /echo HTTP/1.1\r\nContent-Length: 5\r\n\r\nfirstPOST /echo HTTP/1.1\r\n"
                            "Content-Length: 6\r\nConnection: close\r\n\r\nsecond");
        QVERIFY(client.waitForClose());
        const qsizetype first = client.received.indexOf("first");
        const qsizetype second = client.received.indexOf("second");
        QVERIFY(first > 0 && second > first);
        QCOMPARE(client.received.count("HTTP/1.1 200 OK"), 2);
    }

    void aClientThatLeavesMidStreamIsNoticed()
    {
        start();
        RawClient client;
        QVERIFY(client.connectTo(m_server->port()));
        client.socket.write("GET /hang HTTP/1.1\r\n\r\n");
        QVERIFY(client.waitFor("partial"));
        QCOMPARE(m_exchanges.size(), 1);
        QSignalSpy gone(m_exchanges.front().data(), &HttpExchange::clientGone);
        client.socket.abort();
        QVERIFY(gone.wait(5000));
        QTRY_COMPARE(m_server->openConnections(), 0);
    }

    void aSlowLorisIsCutOffWith408()
    {
        HttpConnection::Settings settings;
        settings.requestTimeoutMs = 300;
        start(settings);
        RawClient client;
        QVERIFY(client.connectTo(m_server->port()));
        // One header byte at a time keeps arriving, but the request never completes.
        QTimer drip;
        connect(&drip, &QTimer::timeout, &client.socket, [&] { client.socket.write("X"); });
        client.socket.write("POST /echo HTTP/1.1\r\nX-Slow: ");
        drip.start(50);
        QElapsedTimer elapsed;
        elapsed.start();
        QVERIFY(client.waitForClose(5000));
        QVERIFY2(elapsed.elapsed() < 2000, "the dripping client held the connection open");
        QVERIFY(client.received.startsWith("HTTP/1.1 408"));
        QCOMPARE(m_handled, 0);
    }

    void anOversizedBodyIsRefusedBeforeItIsRead()
    {
        HttpConnection::Settings settings;
        settings.limits.maxBodyBytes = 1024 * 1024;
        start(settings);
        RawClient client;
        QVERIFY(client.connectTo(m_server->port()));
        client.socket.write("POST /echo HTTP/1.1\r\nContent-Length: 52428800\r\n\r\n");
        QVERIFY(client.waitForClose());
        QVERIFY(client.received.startsWith("HTTP/1.1 413"));
        QVERIFY(client.received.contains("larger than this server accepts"));
        QCOMPARE(m_handled, 0);
    }

    void http10GetsAStreamThatEndsWithTheConnection()
    {
        start();
        RawClient client;
        QVERIFY(client.connectTo(m_server->port()));
        client.socket.write("GET /stream HTTP/1.0\r\n\r\n");
        QVERIFY(client.waitForClose());
        QVERIFY(!client.received.contains("Transfer-Encoding"));
        QVERIFY(client.received.endsWith("data: one\n\ndata: two\n\n"));
    }
};

QTEST_GUILESS_MAIN(TestHttpServer)
#include "tst_httpserver.moc"
