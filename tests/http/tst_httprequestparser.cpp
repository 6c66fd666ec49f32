// Reading HTTP/1.1 requests that arrive in pieces, and refusing what a server must refuse.
#include "http/httprequestparser.h"

#include <QTest>

using namespace switchboard::core::http;

namespace {

const QByteArray kPost = "POST /v1/chat/completions?trace=1 HTTP/1.1\r\n"
                         "Host: 127.0.0.1\r\n"
                         "Content-Type: application/json\r\n"
                         "Content-Length: 11\r\n"
                         "\r\n"
                         "{\"a\":\"bcd\"}";

} // namespace

class TestHttpRequestParser final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aRequestSplitAnywhereReadsTheSame()
    {
        for (qsizetype cut = 0; cut <= kPost.size(); ++cut) {
            HttpRequestParser parser({});
            parser.feed(QByteArrayView(kPost).first(cut));
            auto early = parser.next();
            QCOMPARE(early.has_value(), cut == kPost.size());
            parser.feed(QByteArrayView(kPost).sliced(cut));
            auto request = early ? early : parser.next();
            QVERIFY(request);
            QCOMPARE(request->method, QByteArray("POST"));
            QCOMPARE(request->path, QByteArray("/v1/chat/completions"));
            QCOMPARE(request->query, QByteArray("trace=1"));
            QCOMPARE(request->header("content-type"), QByteArray("application/json"));
            QCOMPARE(request->body, QByteArray("{\"a\":\"bcd\"}"));
            QVERIFY(request->keepAlive);
            QVERIFY(!parser.failure());
        }
    }

    void pipelinedRequestsComeOutInOrder()
    {
        HttpRequestParser parser({});
        parser.feed(QByteArray(kPost + "GET /v1/models HTTP/1.1\r\nConnection: close\r\n\r\n"));
        auto first = parser.next();
        auto second = parser.next();
        QVERIFY(first && second);
        QCOMPARE(first->method, QByteArray("POST"));
        QCOMPARE(second->path, QByteArray("/v1/models"));
        QVERIFY(!second->keepAlive);
        QVERIFY(!parser.next());
        QVERIFY(!parser.inRequest());
    }

    void chunkedBodiesAreJoined()
    {
        HttpRequestParser parser({});
        parser.feed("POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                    "5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\nX-Trailer: 1\r\n\r\n");
        auto request = parser.next();
        QVERIFY(request);
        QCOMPARE(request->body, QByteArray("hello world"));
    }

    void http10ClosesByDefault()
    {
        HttpRequestParser parser({});
        parser.feed("GET / HTTP/1.0\r\n\r\n");
        auto request = parser.next();
        QVERIFY(request);
        QVERIFY(!request->keepAlive);
        QVERIFY(!request->http11);
    }

    void refusals_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("status");
        QTest::newRow("garbage") << QByteArray("hello\r\n\r\n") << 400;
        QTest::newRow("bad version") << QByteArray("GET / HTTP/2.0\r\n\r\n") << 505;
        QTest::newRow("bad header") << QByteArray("GET / HTTP/1.1\r\nno colon here\r\n\r\n") << 400;
        QTest::newRow("bad length") << QByteArray("POST / HTTP/1.1\r\nContent-Length: ten\r\n\r\n") << 400;
        QTest::newRow("body too large") << QByteArray("POST / HTTP/1.1\r\nContent-Length: 52428800\r\n\r\n") << 413;
        QTest::newRow("chunked too large") << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3200000\r\n") << 413;
        QTest::newRow("gzip coding") << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n") << 501;
        QTest::newRow("headers too large") << QByteArray("GET / HTTP/1.1\r\nX-Big: " + QByteArray(70 * 1024, 'a')) << 431;
        QTest::newRow("bad chunk size") << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n") << 400;
    }

    void refusals()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(int, status);
        HttpRequestParser parser({ 64 * 1024, 8 * 1024 * 1024 });
        parser.feed(bytes);
        QVERIFY(!parser.next());
        QVERIFY(parser.failure());
        QCOMPARE(parser.failure()->status, status);
        QVERIFY(!parser.failure()->message.isEmpty());
        // A failed parser stays failed: nothing after the bad request is read as a request.
        parser.feed("GET / HTTP/1.1\r\n\r\n");
        QVERIFY(!parser.next());
    }
};

QTEST_GUILESS_MAIN(TestHttpRequestParser)
#include "tst_httprequestparser.moc"
