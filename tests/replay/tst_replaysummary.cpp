// Across N replays: how many reproduced the original, the distinct answers, and the spread of
// latency and cost of those that answered.
#include "replay/replayplan.h"
#include "replay/replaysummary.h"

#include <QTest>

using namespace switchboard::core;
using namespace switchboard::core::replay;

namespace {

ReplayResult result(int run, const QString &output, qint64 latencyMs, qint64 costMicros, CallStatus status = CallStatus::Ok)
{
    ReplayResult r;
    r.run = run;
    r.output = output;
    r.record.status = status;
    r.record.latencyUs = latencyMs * 1000;
    r.record.costMicros = costMicros;
    return r;
}

} // namespace

class TestReplaySummary final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void countsIdenticalAndDistinctOutputsMostFrequentFirst()
    {
        const QString original = QStringLiteral("Reset it from Settings.");
        const ReplaySummary summary = summarize(original, { result(1, QStringLiteral("Try again later."), 300, 40),
                                                            result(2, original, 100, 50),
                                                            result(3, QStringLiteral("Try again later."), 200, 45),
                                                            result(4, QStringLiteral("Try again later."), 900, 60),
                                                            result(5, QString(), 5000, 0, CallStatus::Failed) });
        QCOMPARE(summary.runs, 5);
        QCOMPARE(summary.answered, 4);
        QCOMPARE(summary.identical, 1);
        QCOMPARE(summary.outputs.size(), std::size_t(2));
        QCOMPARE(summary.outputs[0].output, QStringLiteral("Try again later."));
        QCOMPARE(summary.outputs[0].count, 3);
        QVERIFY(!summary.outputs[0].original);
        QCOMPARE(summary.outputs[1].count, 1);
        QVERIFY(summary.outputs[1].original);
        // The failed run is in neither spread.
        QCOMPARE(*summary.latencyUs, (Spread { 100'000, 300'000, 900'000 }));
        QCOMPARE(*summary.costMicros, (Spread { 40, 50, 60 }));
    }

    void nothingAnsweredHasNoSpread()
    {
        const ReplaySummary summary = summarize(QStringLiteral("x"), { result(1, QString(), 10, 0, CallStatus::Failed) });
        QCOMPARE(summary.answered, 0);
        QCOMPARE(summary.identical, 0);
        QVERIFY(summary.outputs.empty());
        QVERIFY(!summary.latencyUs);
        QVERIFY(!summary.costMicros);
    }

    void outputsIncludeToolCalls()
    {
        ChatResponse response;
        ChatChoice choice;
        choice.message = ChatMessage::text(Role::Assistant, QStringLiteral("Looking it up."));
        choice.message.toolCalls.push_back({ QStringLiteral("call_1"), QStringLiteral("lookup"), QStringLiteral("{\"id\":7}") });
        response.choices.push_back(choice);
        QCOMPARE(outputOf(response), QStringLiteral("Looking it up.\nlookup({\"id\":7})"));
        QCOMPARE(outputOf(QByteArrayLiteral("<html>502</html>")), QString());
    }

    void changesDescribeThemselves()
    {
        QCOMPARE(ReplayChange {}.describe(), QStringLiteral("exact"));
        QVERIFY(ReplayChange {}.isExact());
        ReplayChange change;
        change.model = QStringLiteral("chat-fast");
        change.temperature = 0.2;
        QVERIFY(!change.isExact());
        QCOMPARE(change.describe(), QStringLiteral("model chat-fast, temperature 0.2"));
    }
};

QTEST_GUILESS_MAIN(TestReplaySummary)
#include "tst_replaysummary.moc"
