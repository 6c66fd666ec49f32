// Support triage: one user's calls in a window, oldest first, with the targets each went
// through; and the redacted bundle that hands them over without what the user wrote.
#include "jsoncompare.h"
#include "model/callid.h"
#include "replay/reprobundle.h"
#include "replay/triage.h"
#include "resultcheck.h"
#include "store/connection.h"
#include "store/recorder.h"
#include "store/workspace.h"
#include "temporaryworkspace.h"

#include <QDateTime>
#include <QTest>

using namespace switchboard;
using namespace switchboard::core;

namespace {

constexpr qint64 kMinute = 60'000;

store::RecordedCall call(qint64 atMs, const QString &user, const QString &question)
{
    store::RecordedCall recorded;
    CallRecord &r = recorded.record;
    r.startedMs = atMs;
    r.id = callIdAt(atMs);
    r.tenant = QStringLiteral("acme");
    r.userId = user;
    r.feature = QStringLiteral("support");
    r.alias = QStringLiteral("chat-smart");
    r.provider = QStringLiteral("sim-primary");
    r.model = QStringLiteral("sim-large-2025-06-01");
    r.promptName = QStringLiteral("support/answer");
    r.promptVersion = 2;
    r.latencyUs = 800'000;
    recorded.requestJson = QByteArray("{\"model\":\"chat-smart\",\"messages\":[{\"role\":\"system\",\"content\":\"Be kind.\"},"
                                      "{\"role\":\"user\",\"content\":\"")
        + question.toUtf8()
        + "\"},{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\",\"function\":"
          "{\"name\":\"lookup_order\",\"arguments\":\"{\\\"order\\\":\\\"A-17\\\"}\"}}]}],\"temperature\":0.2}";
    recorded.responseJson = "{\"id\":\"x\",\"model\":\"sim-large-2025-06-01\",\"choices\":[{\"index\":0,\"message\":{\"role\":"
                            "\"assistant\",\"content\":\"Your order A-17 ships Monday.\"},\"finish_reason\":\"stop\"}]}";
    recorded.variablesJson = "{\"question\":\"" + question.toUtf8() + "\",\"vip\":true}";
    recorded.attempts.push_back({ 1, r.provider, r.model, atMs, r.latencyUs, 200, std::nullopt, {}, true });
    return recorded;
}

} // namespace

class TestTriage final : public QObject
{
    Q_OBJECT

    tests::TemporaryWorkspace m_temp;
    std::unique_ptr<store::Connection> m_connection;
    qint64 m_now = 0;
    QStringList m_userCalls; // oldest first, in the window

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY_OK(store::prepareWorkspace(m_temp.location(), store::Connection::Mode::CreateIfMissing));
        m_now = QDateTime::currentMSecsSinceEpoch();
        auto recorder = store::Recorder::start(m_temp.location());
        QVERIFY_OK(recorder);
        const QString user = QStringLiteral("acme-user-7");
        (*recorder)->record(call(m_now - 30 * 60 * kMinute, user, QStringLiteral("too early"))); // before the window
        for (int i = 0; i < 3; ++i) {
            store::RecordedCall c = call(m_now - (120 - i * 30) * kMinute, user, QStringLiteral("Where is my order A-17?"));
            if (i == 1) { // rate limited on the primary, answered by the backup
                c.attempts.front().failure = FailureCategory::RateLimited;
                c.attempts.front().httpStatus = 429;
                c.attempts.push_back({ 2, QStringLiteral("sim-backup"), c.record.model, c.record.startedMs + 300, 500'000, 200,
                                       std::nullopt, {}, true });
                c.record.provider = QStringLiteral("sim-backup");
                c.record.attempts = 2;
            }
            if (i == 2) {
                c.record.status = CallStatus::Failed;
                c.record.failure = FailureCategory::Timeout;
                c.record.errorMessage = QStringLiteral("The provider did not answer within 30 s.");
            }
            m_userCalls << c.record.id;
            (*recorder)->record(std::move(c));
        }
        (*recorder)->record(call(m_now - 60 * kMinute, QStringLiteral("acme-user-8"), QStringLiteral("someone else")));
        QVERIFY((*recorder)->flush());
        auto connection = store::Connection::open(m_temp.location());
        QVERIFY_OK(connection);
        m_connection = std::move(*connection);
    }

    void theUsersCallsInTheWindowOldestFirst()
    {
        auto timeline = replay::triageTimeline(*m_connection, { QStringLiteral("acme-user-7"), {}, m_now - 6 * 60 * kMinute, m_now });
        QVERIFY_OK(timeline);
        QStringList ids;
        for (const replay::TriageEntry &entry : *timeline)
            ids << entry.call.id;
        QCOMPARE(ids, m_userCalls);
        QVERIFY(!timeline->at(0).fellBack());
        QVERIFY(timeline->at(1).fellBack());
        QCOMPARE(timeline->at(1).targets, (QStringList { QStringLiteral("sim-primary/sim-large-2025-06-01"),
                                                         QStringLiteral("sim-backup/sim-large-2025-06-01") }));
        const replay::TriageSummary summary = replay::summarize(*timeline);
        QCOMPARE(summary.calls, 3);
        QCOMPARE(summary.failed, 1);
        QCOMPARE(summary.fallbacks, 1);
        QCOMPARE(summary.promptVersions, QStringList { QStringLiteral("support/answer v2") });

        // The tenant's calls take in the other user's too.
        auto tenant = replay::triageTimeline(*m_connection, { {}, QStringLiteral("acme"), m_now - 6 * 60 * kMinute, m_now });
        QVERIFY_OK(tenant);
        QCOMPARE(tenant->size(), std::size_t(4));
    }

    void aQueryWithoutWhoOrWithABackwardWindowSaysSo()
    {
        auto nobody = replay::triageTimeline(*m_connection, { {}, {}, m_now - kMinute, m_now });
        QVERIFY(!nobody);
        QVERIFY(nobody.error().message.contains(QLatin1String("Name the user")));
        auto backwards = replay::triageTimeline(*m_connection, { QStringLiteral("acme-user-7"), {}, m_now, m_now - kMinute });
        QVERIFY(!backwards);
        QVERIFY(backwards.error().message.contains(QLatin1String("ends before it starts")));
    }

    void theRedactedBundleKeepsTheShapeButNotWhatWasSaid()
    {
        auto bundle = replay::collectBundle(*m_connection, m_userCalls);
        QVERIFY_OK(bundle);
        replay::redactConversations(*bundle);
        store::RecordedCall broken = bundle->calls.front();
        broken.responseJson = "<html>502 Bad Gateway: order A-17</html>";
        replay::ReproBundle withBroken = *bundle;
        withBroken.calls.front() = broken;
        replay::redactConversations(withBroken);
        const QByteArray bytes = replay::toBytes(withBroken);
        for (const char *said : { "Where is my order", "A-17", "ships Monday", "Be kind" })
            QVERIFY2(!bytes.contains(said), said);
        const store::RecordedCall &first = bundle->calls.front();
        QCOMPARE(first.redaction, QStringLiteral("redacted"));
        const auto request = nlohmann::json::parse(first.requestJson.toStdString());
        QCOMPARE(request["messages"].size(), std::size_t(3));
        QCOMPARE_JSON(request["messages"][1]["role"], "user");
        QCOMPARE_JSON(request["messages"][1]["content"], "[redacted: 23 characters]");
        QCOMPARE_JSON(request["messages"][2]["tool_calls"][0]["function"]["name"], "lookup_order");
        QCOMPARE_JSON(request["temperature"], 0.2);
        QCOMPARE_JSON(nlohmann::json::parse(first.variablesJson.toStdString())["vip"], "[redacted]");
        QVERIFY(bytes.contains("[redacted: 40 bytes]")); // a body that is not JSON goes whole
        // What support needs stays: the failure, timings, the route.
        QCOMPARE(bundle->calls.back().record.errorMessage, QStringLiteral("The provider did not answer within 30 s."));
        QCOMPARE(bundle->calls[1].attempts.size(), std::size_t(2));
    }
};

QTEST_GUILESS_MAIN(TestTriage)
#include "tst_triage.moc"
