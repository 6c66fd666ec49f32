// The request log's batched writer: everything recorded is stored once, with its rollups,
// and a batch that cannot be written is kept in a dead-letter file, never dropped.
#include "analytics/loghistogram.h"
#include "model/callid.h"
#include "resultcheck.h"
#include "store/callrepository.h"
#include "store/connection.h"
#include "store/recorder.h"
#include "store/workspace.h"
#include "temporaryworkspace.h"

#include <QFile>
#include <QTest>

#include <thread>

using namespace switchboard;
using namespace switchboard::core;
using namespace switchboard::core::store;

namespace {

RecordedCall call(qint64 startedMs, int n)
{
    RecordedCall c;
    CallRecord &r = c.record;
    r.id = callIdAt(startedMs);
    r.startedMs = startedMs;
    r.provider = QStringLiteral("sim");
    r.model = n % 2 ? QStringLiteral("sim-small") : QStringLiteral("sim-large");
    r.feature = QStringLiteral("support");
    r.tenant = QStringLiteral("acme");
    r.latencyUs = 1000 + n * 37 % 90'000;
    r.ttftUs = r.latencyUs / 3;
    r.inputTokens = 100 + n % 50;
    r.outputTokens = 20 + n % 30;
    r.costMicros = 7 + n % 11;
    if (n % 10 == 0) {
        r.status = CallStatus::Failed;
        r.failure = n % 20 == 0 ? FailureCategory::RateLimited : FailureCategory::Timeout;
    }
    c.requestJson = QByteArray(2000, 'q');
    c.responseJson = R"({"choices":[]})";
    c.chunkOffsetsMs = { 120, 130, 145 };
    c.attempts.push_back({ 1, r.provider, r.model, startedMs, r.latencyUs, 200, r.failure, {}, true });
    return c;
}

qint64 scalar(Connection &connection, const QString &sql)
{
    auto query = connection.exec(sql);
    if (!query || !query->next())
        return -1;
    return query->value(0).toLongLong();
}

} // namespace

class TestRecorder final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everythingRecordedIsStoredOnceWithRollups()
    {
        tests::TemporaryWorkspace temp;
        QVERIFY_OK(prepareWorkspace(temp.location(), Connection::Mode::CreateIfMissing));
        auto recorder = Recorder::start(temp.location());
        QVERIFY_OK(recorder);
        const qint64 base = 1'790'000'000'000;
        qint64 expectedCost = 0;
        for (int n = 0; n < 4000; ++n)
            expectedCost += call(base, n).record.costMicros;
        // Two threads record at once, as the gateway's and the console's would.
        std::thread other([&] {
            for (int n = 2000; n < 4000; ++n)
                (*recorder)->record(call(base + n * 50, n));
        });
        for (int n = 0; n < 2000; ++n)
            (*recorder)->record(call(base + n * 50, n));
        other.join();
        QVERIFY((*recorder)->flush());
        const auto stats = (*recorder)->stats();
        QCOMPARE(stats.written, 4000);
        QCOMPARE(stats.deadLettered, 0);

        auto connection = Connection::open(temp.location());
        QVERIFY_OK(connection);
        QCOMPARE(scalar(**connection, QStringLiteral("SELECT COUNT(*) FROM calls")), 4000);
        QCOMPARE(scalar(**connection, QStringLiteral("SELECT COUNT(*) FROM call_payloads")), 4000);
        QCOMPARE(scalar(**connection, QStringLiteral("SELECT COUNT(*) FROM call_attempts")), 4000);
        // Cells (by hour and day) and slices (by minute, hour and day) count every call once.
        for (const char *grain : { "60000", "3600000", "86400000" }) {
            const QString where = QStringLiteral(" WHERE grain_ms = ") + QLatin1String(grain);
            if (QLatin1String(grain) != QLatin1String("60000")) {
                QCOMPARE(scalar(**connection, QStringLiteral("SELECT SUM(calls) FROM rollup_cells") + where), 4000);
                QCOMPARE(scalar(**connection, QStringLiteral("SELECT SUM(cost_micros) FROM rollup_cells") + where), expectedCost);
                QCOMPARE(scalar(**connection, QStringLiteral("SELECT SUM(failed) FROM rollup_cells") + where), 400);
                QCOMPARE(scalar(**connection, QStringLiteral("SELECT SUM(count) FROM rollup_cell_failures") + where
                                                  + QStringLiteral(" AND category = 'rate_limited'")),
                         200);
            }
            const bool minute = QLatin1String(grain) == QLatin1String("60000");
            for (const char *dimension : { "", "feature", "model", "tenant", "prompt" }) {
                const QString slice = where + QStringLiteral(" AND dimension = '") + QLatin1String(dimension) + QLatin1Char('\'');
                const bool kept = !minute || QLatin1String(dimension).isEmpty() || QLatin1String(dimension) == QLatin1String("feature")
                    || QLatin1String(dimension) == QLatin1String("model");
                QCOMPARE(scalar(**connection, QStringLiteral("SELECT COALESCE(SUM(calls), 0) FROM rollup_slices") + slice),
                         kept ? 4000 : 0);
                if (kept)
                    QCOMPARE(scalar(**connection, QStringLiteral("SELECT SUM(cost_micros) FROM rollup_slices") + slice), expectedCost);
            }
            QCOMPARE(scalar(**connection, QStringLiteral("SELECT SUM(count) FROM rollup_slice_failures") + where
                                              + QStringLiteral(" AND dimension = 'model' AND category = 'rate_limited'")),
                     200);
        }
        QCOMPARE(scalar(**connection, QStringLiteral("SELECT SUM(cost_micros) FROM calls")), expectedCost);
        // 4000 calls 50 ms apart span 4 minutes: minute buckets.
        QCOMPARE(scalar(**connection, QStringLiteral("SELECT COUNT(DISTINCT bucket_ms) FROM rollup_slices WHERE grain_ms = 60000")), 4);

        // The histograms of every minute add up to every call.
        auto histograms = (*connection)->exec(
            QStringLiteral("SELECT latency_hist, ttft_hist FROM rollup_slices WHERE grain_ms = 60000 AND dimension = ''"));
        QVERIFY_OK(histograms);
        analytics::LogHistogram latency;
        analytics::LogHistogram ttft;
        while (histograms->next()) {
            latency.merge(analytics::LogHistogram::deserialize(histograms->value(0).toByteArray()));
            ttft.merge(analytics::LogHistogram::deserialize(histograms->value(1).toByteArray()));
        }
        QCOMPARE(latency.count(), 4000);
        QCOMPARE(ttft.count(), 4000);

        auto offsets = (*connection)->exec(QStringLiteral("SELECT chunk_offsets FROM call_payloads LIMIT 1"));
        QVERIFY_OK(offsets);
        QVERIFY(offsets->next());
        QCOMPARE(decodeChunkOffsets(offsets->value(0).toByteArray()), (std::vector<qint64> { 120, 130, 145 }));
    }

    void aRecordedCallReadsBackWhole()
    {
        tests::TemporaryWorkspace temp;
        QVERIFY_OK(prepareWorkspace(temp.location(), Connection::Mode::CreateIfMissing));
        RecordedCall original = call(1'790'000'000'000, 10); // failed, with an attempt
        original.variablesJson = "{\"customer\":\"Ada\"}";
        original.attempts.push_back({ 2, QStringLiteral("sim-b"), QStringLiteral("sim-large"), 1'790'000'000'500, 900, 200,
                                      std::nullopt, {}, true });
        {
            auto recorder = Recorder::start(temp.location());
            QVERIFY_OK(recorder);
            (*recorder)->record(original);
            QVERIFY((*recorder)->flush());
        }
        auto connection = Connection::open(temp.location());
        QVERIFY_OK(connection);
        auto loaded = CallRepository(**connection).load(original.record.id);
        QVERIFY_OK(loaded);
        QVERIFY(loaded->has_value());
        QCOMPARE((*loaded)->record.failure, original.record.failure);
        QCOMPARE((*loaded)->requestJson, original.requestJson);
        QCOMPARE((*loaded)->responseJson, original.responseJson);
        QCOMPARE((*loaded)->variablesJson, original.variablesJson);
        QCOMPARE((*loaded)->chunkOffsetsMs, original.chunkOffsetsMs);
        QCOMPARE((*loaded)->attempts.size(), 2u);
        QVERIFY(**loaded == original);
        auto absent = CallRepository(**connection).load(QStringLiteral("01ZZZZZZZZZZZZZZZZZZZZZZZZ"));
        QVERIFY_OK(absent);
        QVERIFY(!absent->has_value());
    }

    void idleTimeIndexesThePayloadsText()
    {
        tests::TemporaryWorkspace temp;
        QVERIFY_OK(prepareWorkspace(temp.location(), Connection::Mode::CreateIfMissing));
        Recorder::Settings settings;
        settings.indexStep = 300; // several steps for what is recorded below
        auto recorder = Recorder::start(temp.location(), settings);
        QVERIFY_OK(recorder);
        for (int n = 0; n < 1000; ++n) {
            RecordedCall recorded = call(1'790'000'000'000, n);
            recorded.responseJson = n % 4 ? QByteArray("{\"choices\":[]}") : QByteArray("{\"choices\":[{\"text\":\"Your parcel left\"}]}");
            (*recorder)->record(recorded);
        }
        QVERIFY((*recorder)->flush());
        auto connection = Connection::open(temp.location());
        QVERIFY_OK(connection);
        // Nothing else to write: the recorder catches the index up.
        QTRY_COMPARE_WITH_TIMEOUT(scalar(**connection, QStringLiteral("SELECT indexed_rowid FROM call_text_progress")),
                                  scalar(**connection, QStringLiteral("SELECT MAX(rowid) FROM call_payloads")), 10'000);
        QCOMPARE(scalar(**connection, QStringLiteral("SELECT COUNT(*) FROM call_text WHERE call_text MATCH 'parcel'")), 250);
    }

    void aBatchThatCannotBeWrittenIsDeadLetteredNotDropped()
    {
        tests::TemporaryWorkspace temp;
        QVERIFY_OK(prepareWorkspace(temp.location(), Connection::Mode::CreateIfMissing));
        Recorder::Settings settings;
        settings.writeAttempts = 2;
        settings.retryDelayMs = 5;
        settings.flushIntervalMs = 10;
        auto recorder = Recorder::start(temp.location(), settings);
        QVERIFY_OK(recorder);
        const RecordedCall first = call(1'790'000'000'000, 1);
        (*recorder)->record(first);
        QVERIFY((*recorder)->flush());
        // The same id again cannot be stored (a defect upstream); it must not vanish.
        RecordedCall duplicate = first;
        duplicate.record.feature = QStringLiteral("duplicate");
        (*recorder)->record(duplicate);
        QVERIFY((*recorder)->flush());
        (*recorder)->record(call(1'790'000'000'500, 2)); // later calls are still written
        QVERIFY((*recorder)->flush());
        const auto stats = (*recorder)->stats();
        QCOMPARE(stats.written, 2);
        QCOMPARE(stats.deadLettered, 1);
        QVERIFY(stats.failedWrites >= 2);
        QVERIFY(!stats.lastError.isEmpty());

        QFile deadLetters(temp.path() + QLatin1String(".deadletter.jsonl"));
        QVERIFY(deadLetters.open(QIODevice::ReadOnly));
        const QByteArray lines = deadLetters.readAll();
        QCOMPARE(lines.count('\n'), 1);
        QVERIFY(lines.contains(first.record.id.toLatin1()));
        QVERIFY(lines.contains("duplicate"));
    }

    void destroyingTheRecorderWritesWhatIsQueued()
    {
        tests::TemporaryWorkspace temp;
        QVERIFY_OK(prepareWorkspace(temp.location(), Connection::Mode::CreateIfMissing));
        {
            Recorder::Settings settings;
            settings.flushIntervalMs = 60'000; // nothing would be written on its own
            auto recorder = Recorder::start(temp.location(), settings);
            QVERIFY_OK(recorder);
            for (int n = 0; n < 1500; ++n)
                (*recorder)->record(call(1'790'000'000'000 + n, n));
        }
        auto connection = Connection::open(temp.location());
        QVERIFY_OK(connection);
        QCOMPARE(scalar(**connection, QStringLiteral("SELECT COUNT(*) FROM calls")), 1500);
    }

    void aMissingWorkspaceIsReportedAtStart()
    {
        tests::TemporaryWorkspace temp;
        auto recorder = Recorder::start(temp.location(QStringLiteral("absent.switchboard")));
        QVERIFY(!recorder);
        QCOMPARE(recorder.error().code, ErrorCode::NotFound);
    }
};

QTEST_GUILESS_MAIN(TestRecorder)
#include "tst_recorder.moc"
