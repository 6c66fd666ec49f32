// The text/event-stream parser that every streaming adapter reads through.
#include "providers/sseparser.h"

#include <QTest>

using switchboard::core::providers::SseEvent;
using switchboard::core::providers::SseParser;

namespace {

std::vector<SseEvent> parseWhole(QByteArrayView stream)
{
    SseParser parser;
    return parser.feed(stream);
}

std::vector<SseEvent> parseByteByByte(QByteArrayView stream)
{
    SseParser parser;
    std::vector<SseEvent> all;
    for (qsizetype i = 0; i < stream.size(); ++i) {
        auto events = parser.feed(stream.sliced(i, 1));
        all.insert(all.end(), events.begin(), events.end());
    }
    return all;
}

SseEvent data(const char *payload, const char *event = "")
{
    return SseEvent { QByteArray(event), QByteArray(payload), {} };
}

} // namespace

class TestSseParser final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void lineEndings_data()
    {
        QTest::addColumn<QByteArray>("stream");
        // The second event has two data lines: a line ending read twice would split it.
        QTest::newRow("LF") << QByteArray("data: {\"a\":1}\n\ndata: x\ndata: y\n\n");
        QTest::newRow("CRLF") << QByteArray("data: {\"a\":1}\r\n\r\ndata: x\r\ndata: y\r\n\r\n");
        QTest::newRow("CR") << QByteArray("data: {\"a\":1}\r\rdata: x\rdata: y\r\r");
        QTest::newRow("mixed") << QByteArray("data: {\"a\":1}\r\n\ndata: x\r\ndata: y\r\r\n");
        QTest::newRow("BOM") << QByteArray("\xEF\xBB\xBF" "data: {\"a\":1}\n\ndata: x\ndata: y\n\n");
    }

    void lineEndings()
    {
        QFETCH(QByteArray, stream);
        const std::vector<SseEvent> expected { data("{\"a\":1}"), data("x\ny") };
        QCOMPARE(parseWhole(stream), expected);
        // Chunk boundaries may fall anywhere, including between a CR and its LF.
        QCOMPARE(parseByteByByte(stream), expected);
        for (qsizetype cut = 1; cut < stream.size(); ++cut) {
            SseParser parser;
            auto events = parser.feed(QByteArrayView(stream).first(cut));
            auto rest = parser.feed(QByteArrayView(stream).sliced(cut));
            events.insert(events.end(), rest.begin(), rest.end());
            QCOMPARE(events, expected);
        }
    }

    void anthropicEventsCommentsAndMultilineData()
    {
        const QByteArray stream = ": ping\n"
                                  "event: message_start\n"
                                  "data: {\"type\":\"message_start\"}\n\n"
                                  "event: ping\ndata: {\"type\": \"ping\"}\n\n"
                                  "data: first\ndata: second\nid: 7\nretry: 1000\n\n"
                                  "data\n\n"
                                  "event: lonely\n\n";
        const auto events = parseWhole(stream);
        QCOMPARE(events.size(), std::size_t(4));
        QCOMPARE(events[0], data("{\"type\":\"message_start\"}", "message_start"));
        QCOMPARE(events[1].event, QByteArray("ping"));
        QCOMPARE(events[2].data, QByteArray("first\nsecond"));
        QCOMPARE(events[2].id, QByteArray("7"));
        QCOMPARE(events[3].data, QByteArray()); // "data" with no colon is an empty data line
        QCOMPARE(parseByteByByte(stream), events);
    }

    void valueKeepsAllButOneLeadingSpace()
    {
        const auto events = parseWhole("data:no-space\n\ndata:  two\n\n");
        QCOMPARE(events.size(), std::size_t(2));
        QCOMPARE(events[0].data, QByteArray("no-space"));
        QCOMPARE(events[1].data, QByteArray(" two"));
    }

    void aCutStreamIsReported()
    {
        SseParser parser;
        auto events = parser.feed("data: {\"a\":1}\n\ndata: {\"partial\":");
        QCOMPARE(events.size(), std::size_t(1));
        QVERIFY(parser.finish()); // an event was started and never completed

        SseParser clean;
        clean.feed("data: {\"a\":1}\n\n");
        QVERIFY(!clean.finish());

        SseParser silent;
        QVERIFY(!silent.sawBytes());
        QVERIFY(!silent.finish());
    }

    void aTenMegabyteEventArrivesWhole()
    {
        const QByteArray payload(10 * 1024 * 1024, 'x');
        const QByteArray stream = "data: " + payload + "\n\n";
        SseParser parser;
        std::vector<SseEvent> events;
        for (qsizetype at = 0; at < stream.size(); at += 16384) {
            auto some = parser.feed(QByteArrayView(stream).sliced(at, std::min<qsizetype>(16384, stream.size() - at)));
            events.insert(events.end(), some.begin(), some.end());
        }
        QCOMPARE(events.size(), std::size_t(1));
        QCOMPARE(events[0].data.size(), payload.size());
        QVERIFY(!parser.overflowed());
    }

    void anEventOverTheLimitIsAnErrorNotATruncation()
    {
        SseParser parser(1024);
        const QByteArray stream = "data: " + QByteArray(2048, 'y') + "\n\ndata: later\n\n";
        const auto events = parser.feed(stream);
        QVERIFY(parser.overflowed());
        QVERIFY(events.empty());

        SseParser lineByLine(1024);
        for (int i = 0; i < 40; ++i)
            lineByLine.feed(QByteArray("data: " + QByteArray(60, 'z') + "\n"));
        QVERIFY(lineByLine.overflowed());
    }
};

QTEST_GUILESS_MAIN(TestSseParser)
#include "tst_sseparser.moc"
