// The request log's filters: the query string people share, and what each condition lets
// through when the store applies it, free text included.
#include "model/callid.h"
#include "storefixtures.h"
#include "store/callfilter.h"
#include "store/callrepository.h"
#include "store/connection.h"
#include "store/textindexer.h"
#include "store/workspace.h"
#include "temporaryworkspace.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <memory>

using namespace switchboard;
using core::CallRecord;
using core::store::CallFilter;
using core::store::CallRepository;
using core::store::Connection;

namespace {

constexpr qint64 kNow = 1'764'000'000'000; // the moment filters are applied at
constexpr qint64 kHour = 3'600'000;

// A request and an answer as the log stores them.
QString asked(const QString &content)
{
    const QJsonObject message { { QStringLiteral("role"), QStringLiteral("user") }, { QStringLiteral("content"), content } };
    return QString::fromUtf8(QJsonDocument(QJsonObject { { QStringLiteral("messages"), QJsonArray { message } } }).toJson());
}
QString answered(const QString &content)
{
    const QJsonObject message { { QStringLiteral("message"), QJsonObject { { QStringLiteral("content"), content } } } };
    return QString::fromUtf8(QJsonDocument(QJsonObject { { QStringLiteral("choices"), QJsonArray { message } } }).toJson());
}

} // namespace

class TestCallFilter : public QObject
{
    Q_OBJECT

    std::unique_ptr<tests::TemporaryWorkspace> m_temp;
    std::unique_ptr<Connection> m_connection;

    // A call n hours before now, with text for the full-text index.
    CallRecord call(int n, qint64 hoursAgo)
    {
        CallRecord record;
        record.id = core::callIdAt(kNow - hoursAgo * kHour + n);
        record.startedMs = kNow - hoursAgo * kHour;
        record.tenant = QStringLiteral("acme");
        record.feature = QStringLiteral("support");
        record.userId = QStringLiteral("user-%1").arg(n);
        record.alias = QStringLiteral("chat-fast");
        record.provider = QStringLiteral("openai");
        record.model = QStringLiteral("gpt-4o-mini-2024-07-18");
        record.latencyUs = 400'000;
        record.costMicros = 120;
        return record;
    }

    // Stores the calls and their payloads, and indexes the payloads' text unless told not to.
    void store(const std::vector<CallRecord> &records, const QStringList &requests = {}, const QStringList &responses = {},
               bool index = true)
    {
        QVERIFY_OK(CallRepository(*m_connection).insert(records));
        for (std::size_t i = 0; i < records.size(); ++i) {
            QVERIFY_OK(m_connection->exec(QStringLiteral("INSERT INTO call_payloads (call_id, redaction, request_json, "
                                                         "response_json) VALUES (?, 'full', ?, ?)"),
                                          { records[i].id, requests.value(qsizetype(i)), responses.value(qsizetype(i)) }));
        }
        if (index)
            QVERIFY_OK(core::store::TextIndexer(*m_connection).catchUp(7)); // steps that end mid-way
    }

    QStringList matching(const QString &query)
    {
        auto filter = CallFilter::parse(query);
        if (!filter) {
            qWarning("%s", qPrintable(filter.error().message));
            return { QStringLiteral("(does not parse)") };
        }
        auto page = CallRepository(*m_connection).page(1000, {}, *filter, kNow);
        if (!page) {
            qWarning("%s", qPrintable(page.error().message));
            return { QStringLiteral("(store error)") };
        }
        return tests::idsOf(*page);
    }

private Q_SLOTS:
    void init()
    {
        m_temp = std::make_unique<tests::TemporaryWorkspace>();
        QVERIFY_OK(core::store::prepareWorkspace(m_temp->location(), Connection::Mode::CreateIfMissing));
        auto opened = Connection::open(m_temp->location());
        QVERIFY_OK(opened);
        m_connection = std::move(*opened);
    }

    void cleanup()
    {
        m_connection.reset();
        m_temp.reset();
    }

    void queryStringRoundTrips_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QString>("canonical");
        QTest::newRow("time") << QStringLiteral("since:24h") << QStringLiteral("since:1d");
        QTest::newRow("absolute") << QStringLiteral("since:2026-11-22T15:00:00Z until:2026-11-22T16:00:00Z")
                                  << "since:2026-11-22T15:00:00Z until:2026-11-22T16:00:00Z";
        QTest::newRow("equalities") << QStringLiteral("model:gpt-4o feature:support tenant:acme user:u-1 key:3")
                                    << "tenant:acme user:u-1 feature:support key:3 model:gpt-4o";
        QTest::newRow("prompt version") << QStringLiteral("prompt:support/answer@7") << QStringLiteral("prompt:support/answer@7");
        QTest::newRow("enums") << QStringLiteral("status:FAILED failure:timeout origin:replay cache:hit")
                               << "status:failed failure:timeout origin:replay cache:hit";
        QTest::newRow("ranges") << QStringLiteral("latency>2s latency<5000 cost>$0.01 cost<1.5")
                                << "latency>2s latency<5s cost>0.01 cost<1.5";
        QTest::newRow("quoted value") << QStringLiteral("feature:\"order status\"") << QStringLiteral("feature:\"order status\"");
        QTest::newRow("text last") << QStringLiteral("\"refund policy\" tenant:acme late") << QStringLiteral("tenant:acme \"refund policy\" late");
    }

    void queryStringRoundTrips()
    {
        QFETCH(QString, query);
        QFETCH(QString, canonical);
        auto filter = CallFilter::parse(query);
        QVERIFY_OK(filter);
        QCOMPARE(filter->toQueryString(), canonical);
        auto again = CallFilter::parse(canonical);
        QVERIFY_OK(again);
        QVERIFY(*again == *filter);
    }

    void badTermsSayWhatTheyAccept_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QString>("says");
        QTest::newRow("unknown key") << QStringLiteral("colour:red") << QStringLiteral("Filters are since, until");
        QTest::newRow("status") << QStringLiteral("status:broken") << QStringLiteral("ok, failed or partial");
        QTest::newRow("failure") << QStringLiteral("failure:oops") << QStringLiteral("rate_limited");
        QTest::newRow("since") << QStringLiteral("since:yesterday") << QStringLiteral("24h");
        QTest::newRow("latency") << QStringLiteral("latency>fast") << QStringLiteral("500ms");
        QTest::newRow("latency needs a comparison") << QStringLiteral("latency:2s") << QStringLiteral("> or <");
        QTest::newRow("cost") << QStringLiteral("cost<-1") << QStringLiteral("US dollars");
        QTest::newRow("empty value") << QStringLiteral("tenant:") << QStringLiteral("a value");
        QTest::newRow("cache") << QStringLiteral("cache:maybe") << QStringLiteral("hit or miss");
    }

    void badTermsSayWhatTheyAccept()
    {
        QFETCH(QString, query);
        QFETCH(QString, says);
        auto filter = CallFilter::parse(query);
        QVERIFY(!filter);
        QVERIFY2(filter.error().message.contains(says), qPrintable(filter.error().message));
    }

    void chipsRemoveOneConditionEach()
    {
        auto filter = CallFilter::parse(QStringLiteral("since:24h feature:support failure:timeout refund"));
        QVERIFY_OK(filter);
        const auto chips = filter->chips();
        QCOMPARE(chips.size(), 4u);
        QCOMPARE(chips[1].label, QStringLiteral("feature:support"));
        QCOMPARE(chips[1].without.toQueryString(), QStringLiteral("since:1d failure:timeout refund"));
        QCOMPARE(chips[3].without.toQueryString(), QStringLiteral("since:1d feature:support failure:timeout"));
    }

    void everyConditionFilters()
    {
        std::vector<CallRecord> calls;
        for (int i = 0; i < 12; ++i)
            calls.push_back(call(i, i * 4)); // 0, 4, ... 44 hours ago
        calls[1].tenant = QStringLiteral("globex");
        calls[2].feature = QStringLiteral("billing");
        calls[3].userId = QStringLiteral("vip-7");
        calls[4].gatewayKeyId = 9;
        calls[5].promptName = QStringLiteral("support/answer");
        calls[5].promptVersion = 3;
        calls[6].alias = QStringLiteral("chat-smart");
        calls[6].provider = QStringLiteral("anthropic");
        calls[6].model = QStringLiteral("claude-3-5-sonnet-20241022");
        calls[7].status = core::CallStatus::Failed;
        calls[7].failure = core::FailureCategory::Timeout;
        calls[7].latencyUs = 30'000'000;
        calls[8].origin = core::CallOrigin::Replay;
        calls[9].cacheHit = true;
        calls[9].costMicros = 0;
        calls[10].costMicros = 50'000;
        store(calls);
        const auto id = [&](int i) { return calls[std::size_t(i)].id; };

        QCOMPARE(matching(QStringLiteral("since:24h")).size(), 7); // 0..24 hours ago: the start is included
        QCOMPARE(matching(QStringLiteral("since:24h")).last(), id(6));
        QCOMPARE(matching(QStringLiteral("until:%1").arg(QDateTime::fromMSecsSinceEpoch(kNow - 40 * kHour, Qt::UTC).toString(Qt::ISODate))),
                 (QStringList { id(11) }));
        QCOMPARE(matching(QStringLiteral("tenant:globex")), (QStringList { id(1) }));
        QCOMPARE(matching(QStringLiteral("feature:billing")), (QStringList { id(2) }));
        QCOMPARE(matching(QStringLiteral("user:vip-7")), (QStringList { id(3) }));
        QCOMPARE(matching(QStringLiteral("key:9")), (QStringList { id(4) }));
        QCOMPARE(matching(QStringLiteral("prompt:support/answer")), (QStringList { id(5) }));
        QCOMPARE(matching(QStringLiteral("prompt:support/answer@3")), (QStringList { id(5) }));
        QVERIFY(matching(QStringLiteral("prompt:support/answer@4")).isEmpty());
        QCOMPARE(matching(QStringLiteral("alias:chat-smart")), (QStringList { id(6) }));
        QCOMPARE(matching(QStringLiteral("provider:anthropic")), (QStringList { id(6) }));
        QCOMPARE(matching(QStringLiteral("model:claude-3-5-sonnet-20241022")), (QStringList { id(6) }));
        QCOMPARE(matching(QStringLiteral("status:failed")), (QStringList { id(7) }));
        QCOMPARE(matching(QStringLiteral("failure:timeout")), (QStringList { id(7) }));
        QCOMPARE(matching(QStringLiteral("latency>10s")), (QStringList { id(7) }));
        QCOMPARE(matching(QStringLiteral("latency<10s")).size(), 11);
        QCOMPARE(matching(QStringLiteral("origin:replay")), (QStringList { id(8) }));
        QCOMPARE(matching(QStringLiteral("cache:hit")), (QStringList { id(9) }));
        QCOMPARE(matching(QStringLiteral("cache:miss")).size(), 11);
        QCOMPARE(matching(QStringLiteral("cost>0.01")), (QStringList { id(10) }));
        QCOMPARE(matching(QStringLiteral("cost<0.0001")), (QStringList { id(9) }));
        // Conditions combine.
        QCOMPARE(matching(QStringLiteral("since:24h feature:support tenant:acme")).size(), 5);
        QVERIFY(matching(QStringLiteral("status:failed tenant:globex")).isEmpty());
    }

    void freeTextSearchesPayloadsLiterally_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QList<int>>("found"); // indexes of the calls
        QTest::newRow("word") << QStringLiteral("refund") << QList<int> { 0 };
        QTest::newRow("case and accents fold") << QStringLiteral("CAFÉ") << QList<int> { 1 };
        QTest::newRow("phrase") << QStringLiteral("\"reset my password\"") << QList<int> { 2 };
        QTest::newRow("words in any order") << QStringLiteral("password reset") << QList<int> { 2 };
        QTest::newRow("not a phrase in that order") << QStringLiteral("\"password reset\"") << QList<int> {};
        QTest::newRow("answer side") << QStringLiteral("apologise") << QList<int> { 3 };
        QTest::newRow("operators are words") << QStringLiteral("NOT AND OR") << QList<int> {};
        QTest::newRow("fts syntax is literal") << QStringLiteral("refund* (policy") << QList<int> {};
        QTest::newRow("quote inside") << QStringLiteral("o\"brien") << QList<int> {};
        QTest::newRow("punctuation only") << QStringLiteral("!!! ???") << QList<int> {};
        QTest::newRow("colon in quotes") << QStringLiteral("\"order:123\"") << QList<int> { 4 };
        QTest::newRow("sql quote") << QStringLiteral("it's") << QList<int> { 5 };
    }

    void freeTextSearchesPayloadsLiterally()
    {
        QFETCH(QString, text);
        QFETCH(QList<int>, found);
        std::vector<CallRecord> calls;
        for (int i = 0; i < 6; ++i)
            calls.push_back(call(i, i));
        QStringList requests;
        for (const char *content : { "I want a refund", "Is the café open?", "How do I reset my password?", "Where is my parcel?",
                                     "status of order:123", "it's broken" })
            requests << asked(QString::fromUtf8(content));
        store(calls, requests, { QString(), QString(), QString(), answered(QStringLiteral("We apologise")) });
        QStringList expected;
        for (const int index : std::as_const(found))
            expected << calls[std::size_t(index)].id;
        auto filter = CallFilter::parse(text);
        QVERIFY_OK(filter);
        QCOMPARE(filter->text.isEmpty(), false);
        auto page = CallRepository(*m_connection).page(100, {}, *filter, kNow);
        QVERIFY_OK(page);
        QCOMPARE(tests::idsOf(*page), expected);
    }

    void textNotYetIndexedIsFoundAllTheSame()
    {
        std::vector<CallRecord> calls;
        for (int i = 0; i < 4; ++i)
            calls.push_back(call(i, i));
        store({ calls[0], calls[1] }, { asked(QStringLiteral("lost parcel")), asked(QStringLiteral("hello")) });
        // Written after the indexer last ran: not in the index yet.
        store({ calls[2], calls[3] }, { asked(QStringLiteral("Parcel LOST again")), asked(QStringLiteral("hello parcels")) }, {}, false);
        QCOMPARE(matching(QStringLiteral("parcel lost")), (QStringList { calls[0].id, calls[2].id }));
        QCOMPARE(matching(QStringLiteral("h_llo")), QStringList {}); // LIKE's wildcards are literal
        QCOMPARE(matching(QStringLiteral("hel%")), QStringList {});
        QCOMPARE(matching(QStringLiteral("hello")), (QStringList { calls[1].id, calls[3].id }));
        QVERIFY_OK(core::store::TextIndexer(*m_connection).catchUp());
        QCOMPARE(matching(QStringLiteral("parcel lost")), (QStringList { calls[0].id, calls[2].id }));
    }

    void bothWaysOfSearchingFindTheSameCalls()
    {
        // Rare words are listed from the index, common ones checked call by call in time
        // order; the calls found must not depend on which.
        std::vector<CallRecord> calls;
        QStringList requests;
        for (int i = 0; i < 60; ++i) {
            calls.push_back(call(i, i % 7));
            requests << asked(i % 3 ? QStringLiteral("where is my parcel") : QStringLiteral("my refund, please"));
        }
        store(calls, requests);
        // Ten more the index has not reached yet.
        std::vector<CallRecord> later;
        QStringList laterRequests;
        for (int i = 60; i < 70; ++i) {
            later.push_back(call(i, 0));
            laterRequests << asked(QStringLiteral("refund my parcel"));
        }
        store(later, laterRequests, {}, false);
        for (const QString &text : { QStringLiteral("refund"), QStringLiteral("parcel"), QStringLiteral("\"my refund\""),
                                     QStringLiteral("nothing"), QStringLiteral("refund parcel") }) {
            auto filter = CallFilter::parse(text);
            QVERIFY_OK(filter);
            QStringList found[2];
            int plan = 0;
            for (auto search : { core::store::TextSearch::Index, core::store::TextSearch::IndexCommonWords }) {
                const auto condition = core::store::conditionOf(*filter, kNow, search);
                auto query = m_connection->exec(QStringLiteral("SELECT c.id FROM calls c WHERE %1 ORDER BY c.started_ms DESC, c.id DESC")
                                                    .arg(condition.where),
                                                condition.values);
                QVERIFY_OK(query);
                while (query->next())
                    found[plan] << query->value(0).toString();
                ++plan;
            }
            QCOMPARE(found[1], found[0]);
            auto page = CallRepository(*m_connection).page(1000, {}, *filter, kNow);
            QVERIFY_OK(page);
            QCOMPARE(tests::idsOf(*page), found[0]);
        }
    }

    void pagingThroughAFilterVisitsEachMatchOnce()
    {
        // 250 calls, one in three failed; pages of 7 over the failed ones, across equal times.
        std::vector<CallRecord> calls;
        QStringList failed;
        for (int i = 0; i < 250; ++i) {
            CallRecord record = call(i, i / 5);
            if (i % 3 == 0) {
                record.status = core::CallStatus::Failed;
                record.failure = core::FailureCategory::ServerError;
            }
            calls.push_back(record);
        }
        store(calls);
        std::ranges::sort(calls, [](const CallRecord &a, const CallRecord &b) {
            return a.startedMs != b.startedMs ? a.startedMs > b.startedMs : a.id > b.id;
        });
        for (const CallRecord &record : calls) {
            if (record.failure)
                failed << record.id;
        }
        auto filter = CallFilter::parse(QStringLiteral("failure:server_error"));
        QVERIFY_OK(filter);
        CallRepository repository(*m_connection);
        QStringList visited;
        std::optional<CallRepository::Cursor> cursor;
        for (int pages = 0; pages < 100; ++pages) {
            auto page = repository.page(7, cursor, *filter, kNow);
            QVERIFY_OK(page);
            visited << tests::idsOf(*page);
            if (page->size() < 7)
                break;
            cursor = CallRepository::Cursor { page->back().startedMs, page->back().id };
        }
        QCOMPARE(visited, failed);
    }
};

QTEST_GUILESS_MAIN(TestCallFilter)
#include "tst_callfilter.moc"
