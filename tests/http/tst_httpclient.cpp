// The upstream HTTP client: keep-alive pooling, streaming, no hidden resends, no cap of six.
#include "http/httpclient.h"
#include "http/httpexchange.h"
#include "http/httpserver.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

using namespace switchboard::core::http;

namespace {

struct Result
{
    ClientCall::Outcome outcome = ClientCall::Outcome::Pending;
    int status = 0;
    QByteArray body;
    int bodySignals = 0;
    bool reused = false;
};

Result run(HttpClient &client, const ClientRequest &request, int timeoutMs = 5000)
{
    std::unique_ptr<ClientCall> call(client.send(request));
    Result result;
    QObject::connect(call.get(), &ClientCall::bodyReceived, call.get(), [&](const QByteArray &bytes) {
        result.body += bytes;
        ++result.bodySignals;
    });
    QSignalSpy finished(call.get(), &ClientCall::finished);
    if (!finished.wait(timeoutMs))
        return result;
    result.outcome = call->outcome();
    result.status = call->status();
    result.reused = call->reusedConnection();
    return result;
}

// A server that answers any request with fixed bytes, then closes if asked: for answers no
// well-behaved HTTP server gives.
class RawServer final
{
public:
    RawServer(QByteArray answer, bool closeAfter) : m_answer(std::move(answer)), m_closeAfter(closeAfter)
    {
        QObject::connect(&m_server, &QTcpServer::newConnection, &m_server, [this] {
            QTcpSocket *socket = m_server.nextPendingConnection();
            QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
                socket->readAll();
                socket->write(m_answer);
                if (m_closeAfter)
                    socket->disconnectFromHost();
            });
        });
    }
    bool listen() { return m_server.listen(QHostAddress::LocalHost, 0); }
    QUrl url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(m_server.serverPort())); }

private:
    QTcpServer m_server;
    QByteArray m_answer;
    bool m_closeAfter;
};

} // namespace

class TestHttpClient final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<HttpServer> m_server;
    int m_handled = 0;

    QUrl url(const char *path) const
    {
        return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_server->port()).arg(QLatin1String(path)));
    }

private Q_SLOTS:
    void init()
    {
        m_handled = 0;
        HttpConnection::Settings settings;
        settings.idleTimeoutMs = 300;
        m_server = std::make_unique<HttpServer>(
            [this](HttpExchange *exchange) {
                ++m_handled;
                const QByteArray path = exchange->request().path;
                if (path == "/echo") {
                    exchange->respond(200, { { "Content-Type", "text/plain" } }, exchange->request().body);
                } else if (path == "/slow") {
                    QTimer::singleShot(300, exchange, [exchange] { exchange->respond(200, {}, "slow"); });
                } else if (path == "/stream") {
                    exchange->beginStream(200, { { "Content-Type", "text/event-stream" } });
                    exchange->writeChunk("data: 1\n\n");
                    QTimer::singleShot(50, exchange, [exchange] {
                        exchange->writeChunk("data: 2\n\n");
                        exchange->endStream();
                    });
                } else if (path == "/drop") {
                    exchange->abort();
                } else {
                    exchange->respond(404, {}, "no");
                }
            },
            settings);
        QVERIFY(m_server->listen(QHostAddress::LocalHost, 0));
    }
    void cleanup() { m_server.reset(); }

    void postsAndReusesTheConnection()
    {
        HttpClient client;
        const Result first = run(client, { "POST", url("/echo"), {}, "hello" });
        QCOMPARE(first.outcome, ClientCall::Outcome::Complete);
        QCOMPARE(first.status, 200);
        QCOMPARE(first.body, QByteArray("hello"));
        QVERIFY(!first.reused);
        const Result second = run(client, { "POST", url("/echo"), {}, "again" });
        QCOMPARE(second.body, QByteArray("again"));
        QVERIFY(second.reused);
        QCOMPARE(client.connectionsOpened(), 1);
    }

    void requestsOnAKeptConnectionDoNotWaitForDelayedAcks()
    {
        // Regression: TCP_NODELAY was set before the socket existed, so Qt dropped it and
        // each request of a few kilobytes on a kept connection waited ~40 ms for a delayed
        // ACK. Twenty round trips take a few milliseconds each without that wait.
        HttpClient client;
        const QByteArray body(9000, 'x');
        QVERIFY(run(client, { "POST", url("/echo"), {}, body }).outcome == ClientCall::Outcome::Complete);
        QElapsedTimer elapsed;
        elapsed.start();
        for (int i = 0; i < 20; ++i) {
            const Result result = run(client, { "POST", url("/echo"), {}, body });
            QCOMPARE(result.body.size(), body.size());
            QVERIFY(result.reused);
        }
        QVERIFY2(elapsed.elapsed() < 400, qPrintable(QStringLiteral("%1 ms for 20 round trips").arg(elapsed.elapsed())));
    }

    void readsAStreamAsItArrives()
    {
        HttpClient client;
        const Result result = run(client, { "GET", url("/stream"), {}, {} });
        QCOMPARE(result.outcome, ClientCall::Outcome::Complete);
        QCOMPARE(result.body, QByteArray("data: 1\n\ndata: 2\n\n"));
        QVERIFY(result.bodySignals >= 2);
    }

    void aDroppedConnectionFailsAndIsNeverResent()
    {
        HttpClient client;
        run(client, { "POST", url("/echo"), {}, "warm up" }); // leaves a pooled connection
        m_handled = 0;
        const Result result = run(client, { "POST", url("/drop"), {}, "x" });
        QCOMPARE(result.outcome, ClientCall::Outcome::ConnectionLost);
        QTest::qWait(200);
        QCOMPARE(m_handled, 1);
    }

    void moreThanSixCallsRunAtOnce()
    {
        HttpClient client;
        std::vector<std::unique_ptr<ClientCall>> calls;
        QElapsedTimer elapsed;
        elapsed.start();
        int done = 0;
        for (int i = 0; i < 24; ++i) {
            calls.emplace_back(client.send({ "GET", url("/slow"), {}, {} }));
            connect(calls.back().get(), &ClientCall::finished, this, [&done] { ++done; });
        }
        QVERIFY(QTest::qWaitFor([&] { return done == 24; }, 5000));
        // 24 calls of 300 ms each, run together: far less than the 1.2 s that batches of six
        // would take.
        QVERIFY2(elapsed.elapsed() < 1000, qPrintable(QString::number(elapsed.elapsed())));
        QCOMPARE(client.connectionsOpened(), 24);
        for (const auto &call : calls)
            QCOMPARE(call->outcome(), ClientCall::Outcome::Complete);
    }

    void aConnectionTheServerClosedLeavesThePool()
    {
        HttpClient client;
        run(client, { "POST", url("/echo"), {}, "a" });
        QCOMPARE(client.idleConnections(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(client.idleConnections(), 0, 3000); // the server's idle timeout
        const Result again = run(client, { "POST", url("/echo"), {}, "b" });
        QCOMPARE(again.outcome, ClientCall::Outcome::Complete);
        QVERIFY(!again.reused);
    }

    void aBodyThatRunsUntilCloseIsRead()
    {
        RawServer raw("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end", true);
        QVERIFY(raw.listen());
        HttpClient client;
        const Result result = run(client, { "GET", raw.url(), {}, {} });
        QCOMPARE(result.outcome, ClientCall::Outcome::Complete);
        QCOMPARE(result.body, QByteArray("until the end"));
        QCOMPARE(client.idleConnections(), 0);
    }

    void nothingListeningFailsToConnect()
    {
        const quint16 port = m_server->port();
        m_server.reset();
        HttpClient client;
        const Result result = run(client, { "GET", QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(port)), {}, {} });
        QCOMPARE(result.outcome, ClientCall::Outcome::ConnectFailed);
    }

    void notHttpIsAProtocolError()
    {
        RawServer raw("SSH-2.0-OpenSSH_9.2\r\n", false);
        QVERIFY(raw.listen());
        HttpClient client;
        const Result result = run(client, { "GET", raw.url(), {}, {} });
        QCOMPARE(result.outcome, ClientCall::Outcome::ProtocolError);
    }
};

QTEST_GUILESS_MAIN(TestHttpClient)
#include "tst_httpclient.moc"
