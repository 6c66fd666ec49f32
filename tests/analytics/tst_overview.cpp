// The Overview's figures, read from the rollups, against the same figures computed from the
// raw calls: counts and cost exactly, percentiles within the histogram's 1 %.
#include "analytics/drilldown.h"
#include "analytics/overview.h"
#include "analytics/overviewcsv.h"
#include "resultcheck.h"
#include "store/batchwriter.h"
#include "store/callrepository.h"
#include "store/connection.h"
#include "store/encodedcall.h"
#include "store/workspace.h"
#include "synthetictraffic.h"
#include "temporaryworkspace.h"

#include <QDateTime>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <numeric>

using namespace switchboard;
using namespace switchboard::core;
using core::analytics::OverviewQuery;
using core::analytics::OverviewReport;

namespace {

constexpr qint64 kHourMs = 3'600'000;
constexpr qint64 kDayMs = 86'400'000;
constexpr qint64 kNow = 1'790'003'600'000; // 2026-09-21, mid-hour
constexpr int kCalls = 20'000;

qint64 nearestRank(std::vector<qint64> values, double q)
{
    std::ranges::sort(values);
    const auto rank = std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil(q * double(values.size()))));
    return values[rank - 1];
}

void verifyWithinOnePercent(qint64 estimated, qint64 exact, const char *what)
{
    const double error = std::abs(double(estimated - exact)) / double(exact);
    QVERIFY2(error < 0.01, qPrintable(QStringLiteral("%1: exact %2, from rollups %3 (%4 %)")
                                          .arg(QLatin1String(what)).arg(exact).arg(estimated).arg(error * 100)));
}

} // namespace

class TestOverview final : public QObject
{
    Q_OBJECT

private:
    tests::TemporaryWorkspace m_temp;
    std::unique_ptr<store::Connection> m_connection;

    // One column of the raw gateway calls in [from, to), with an optional extra condition.
    std::vector<qint64> raw(const QString &column, qint64 from, qint64 to, const QString &where = {})
    {
        auto rows = m_connection->exec(QStringLiteral("SELECT ") + column
                                           + QStringLiteral(" FROM calls WHERE origin = 'gateway' AND started_ms >= ? "
                                                            "AND started_ms < ?")
                                           + where,
                                       { from, to });
        std::vector<qint64> values;
        while (rows && rows->next())
            values.push_back(rows->value(0).toLongLong());
        return values;
    }

    qint64 rawSum(const QString &column, qint64 from, qint64 to, const QString &where = {})
    {
        const auto values = raw(column, from, to, where);
        return std::accumulate(values.begin(), values.end(), qint64(0));
    }

    OverviewReport overview(qint64 span, analytics::TrafficFilter filter = {}, int maxSeries = 6)
    {
        OverviewQuery query;
        query.fromMs = kNow - span;
        query.toMs = kNow;
        query.filter = std::move(filter);
        query.maxSeries = maxSeries;
        auto report = analytics::readOverview(*m_connection, query);
        if (!report)
            qFatal("%s", qPrintable(report.error().message));
        return *report;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY_OK(store::prepareWorkspace(m_temp.location(), store::Connection::Mode::CreateIfMissing));
        auto connection = store::Connection::open(m_temp.location());
        QVERIFY_OK(connection);
        m_connection = std::move(*connection);
        // Ten days of traffic up to now, written in batches as the recorder does.
        QVERIFY_OK(tests::SyntheticTraffic(7, kNow - 10 * kDayMs, kNow, kCalls).writeTo(*m_connection));
    }

    void grainFollowsTheRange_data()
    {
        QTest::addColumn<qint64>("span");
        QTest::addColumn<qint64>("grain");
        QTest::newRow("last hour") << kHourMs << qint64(60'000);
        QTest::newRow("last day") << kDayMs << kHourMs;
        QTest::newRow("last week") << 7 * kDayMs << kHourMs;
        QTest::newRow("last month") << 30 * kDayMs << kDayMs;
    }

    void grainFollowsTheRange()
    {
        QFETCH(qint64, span);
        QFETCH(qint64, grain);
        const OverviewReport report = overview(span);
        QCOMPARE(report.grainMs, grain);
        QCOMPARE(report.fromMs % grain, 0);
        QVERIFY(report.fromMs <= kNow - span);
        // Every bucket of the range is there, empty or not, so the time axis is whole.
        QCOMPARE(qint64(report.points.size()), (kNow - report.fromMs + grain - 1) / grain);
    }

    void countsAndCostEqualTheRawCalls_data()
    {
        QTest::addColumn<qint64>("span");
        QTest::newRow("minutes") << 2 * kHourMs;
        QTest::newRow("hours") << 3 * kDayMs;
        QTest::newRow("days") << 30 * kDayMs;
    }

    void countsAndCostEqualTheRawCalls()
    {
        QFETCH(qint64, span);
        const OverviewReport report = overview(span);
        const qint64 from = report.fromMs;
        QCOMPARE(report.current.calls, qint64(raw(QStringLiteral("1"), from, kNow).size()));
        QVERIFY(report.current.calls > 0);
        QCOMPARE(report.current.failed, rawSum(QStringLiteral("failure IS NOT NULL"), from, kNow));
        QCOMPARE(report.current.cacheHits, rawSum(QStringLiteral("cache_hit"), from, kNow));
        QCOMPARE(report.current.costMicros, rawSum(QStringLiteral("cost_micros"), from, kNow));
        QCOMPARE(report.current.inputTokens, rawSum(QStringLiteral("input_tokens"), from, kNow));

        // The stacked series add up to the total, bucket by bucket summed.
        qint64 stacked = 0;
        qint64 calls = 0;
        for (const auto &point : report.points) {
            calls += point.calls;
            for (const auto &[series, cost] : point.costMicros)
                stacked += cost;
        }
        QCOMPARE(stacked, report.current.costMicros);
        QCOMPARE(calls, report.current.calls);

        for (const auto &rank : report.topFeatures)
            QCOMPARE(rank.costMicros, rawSum(QStringLiteral("cost_micros"), from, kNow,
                                             QStringLiteral(" AND feature = '") + rank.name + QLatin1Char('\'')));
        QVERIFY(std::ranges::is_sorted(report.topFeatures, std::greater {}, &analytics::CostRank::costMicros));

        // Whole buckets: the range ends at the end of the bucket holding now, and the previous
        // period is as long and ends where this one starts.
        QCOMPARE(report.toMs % report.grainMs, 0);
        QVERIFY(report.toMs >= kNow && report.toMs < kNow + report.grainMs);
        const qint64 previousFrom = report.previousFromMs;
        QCOMPARE(from - previousFrom, report.toMs - from);
        QCOMPARE(report.previous.calls, qint64(raw(QStringLiteral("1"), previousFrom, from).size()));
        QCOMPARE(report.previous.costMicros, rawSum(QStringLiteral("cost_micros"), previousFrom, from));

        // Failures by category, as the raw calls have them.
        qint64 failures = 0;
        for (const auto &[category, count] : report.failures) {
            QCOMPARE(count, qint64(raw(QStringLiteral("1"), from, kNow,
                                       QStringLiteral(" AND failure = '") + category + QLatin1Char('\''))
                                       .size()));
            failures += count;
        }
        QCOMPARE(failures, report.current.failed);
    }

    void percentilesAreWithinOnePercentOfExact()
    {
        for (qint64 span : { kDayMs, 7 * kDayMs, 30 * kDayMs }) {
            const OverviewReport report = overview(span);
            const auto latencies = raw(QStringLiteral("latency_us"), report.fromMs, kNow);
            verifyWithinOnePercent(*report.current.latency.quantile(0.95), nearestRank(latencies, 0.95), "p95 latency");
            verifyWithinOnePercent(*report.current.latency.quantile(0.5), nearestRank(latencies, 0.5), "p50 latency");
            verifyWithinOnePercent(*report.current.latency.quantile(0.99), nearestRank(latencies, 0.99), "p99 latency");
            // And bucket by bucket, time to first token included.
            for (const auto &point : report.points) {
                const auto inBucket = raw(QStringLiteral("latency_us"), point.bucketMs, point.bucketMs + report.grainMs);
                if (inBucket.size() < 20)
                    continue;
                verifyWithinOnePercent(*point.latencyUs.p95, nearestRank(inBucket, 0.95), "bucket p95");
                const auto ttft = raw(QStringLiteral("ttft_us"), point.bucketMs, point.bucketMs + report.grainMs,
                                      QStringLiteral(" AND ttft_us IS NOT NULL"));
                verifyWithinOnePercent(*point.ttftUs.p50, nearestRank(ttft, 0.5), "bucket p50 time to first token");
            }
        }
    }

    void filterCutsEveryFigure()
    {
        analytics::TrafficFilter filter;
        filter.tenant = QStringLiteral("tenant-3");
        filter.prompt = QStringLiteral("prompt-1");
        const OverviewReport report = overview(7 * kDayMs, filter);
        const QString where = QStringLiteral(" AND tenant = 'tenant-3' AND prompt_name = 'prompt-1'");
        QCOMPARE(report.current.calls, qint64(raw(QStringLiteral("1"), report.fromMs, kNow, where).size()));
        QCOMPARE(report.current.costMicros, rawSum(QStringLiteral("cost_micros"), report.fromMs, kNow, where));
        QCOMPARE(report.topTenants.size(), std::size_t(1));
        QCOMPARE(report.topTenants.front().name, QStringLiteral("tenant-3"));
    }

    void shortRangesAreReadFromTheCalls()
    {
        // By minute, filtered, the calls themselves are summed: the same figures as raw.
        analytics::TrafficFilter filter;
        filter.tenant = QStringLiteral("tenant-0");
        const OverviewReport report = overview(3 * kHourMs, filter);
        QCOMPARE(report.grainMs, qint64(60'000));
        const QString where = QStringLiteral(" AND tenant = 'tenant-0'");
        QVERIFY(report.current.calls > 0);
        QCOMPARE(report.current.calls, qint64(raw(QStringLiteral("1"), report.fromMs, kNow, where).size()));
        QCOMPARE(report.current.costMicros, rawSum(QStringLiteral("cost_micros"), report.fromMs, kNow, where));
        QCOMPARE(report.previous.calls, qint64(raw(QStringLiteral("1"), report.previousFromMs, report.fromMs, where).size()));
        verifyWithinOnePercent(*report.current.latency.quantile(0.5),
                               nearestRank(raw(QStringLiteral("latency_us"), report.fromMs, kNow, where), 0.5), "p50");
    }

    void slicesAndCellsAgree()
    {
        // Unfiltered, the Overview reads slices; filtered, cells. Tenant by tenant, the cells
        // add up to what the slices say.
        const OverviewReport all = overview(7 * kDayMs);
        qint64 calls = 0;
        qint64 cost = 0;
        for (const auto &rank : all.topTenants) {
            analytics::TrafficFilter filter;
            filter.tenant = rank.name;
            const OverviewReport one = overview(7 * kDayMs, filter);
            QCOMPARE(one.current.calls, rank.calls);
            QCOMPARE(one.current.costMicros, rank.costMicros);
            calls += one.current.calls;
            cost += one.current.costMicros;
        }
        QCOMPARE(calls, all.current.calls);
        QCOMPARE(cost, all.current.costMicros);
    }

    void smallSeriesAreSummedAsOther()
    {
        const OverviewReport report = overview(7 * kDayMs, {}, 2);
        QCOMPARE(report.costSeries.size(), 3);
        QCOMPARE(report.costSeries.last(), analytics::kOtherSeries);
        QCOMPARE(report.costSeries.first(), report.topFeatures.front().name);
        qint64 other = 0;
        for (const auto &point : report.points)
            other += point.costMicros.contains(analytics::kOtherSeries) ? point.costMicros.at(analytics::kOtherSeries) : 0;
        qint64 rest = 0;
        for (std::size_t i = 2; i < report.topFeatures.size(); ++i)
            rest += report.topFeatures[i].costMicros;
        QCOMPARE(other, rest);
    }

    void largestCallsAreListed()
    {
        const OverviewReport report = overview(7 * kDayMs);
        QVERIFY(!report.outliers.empty());
        const auto &top = report.outliers.front();
        QVERIFY(top.input);
        auto largest = m_connection->exec(QStringLiteral("SELECT id, input_tokens FROM calls WHERE origin = 'gateway' AND "
                                                         "started_ms >= ? ORDER BY input_tokens DESC LIMIT 1"),
                                          { report.fromMs });
        QVERIFY_OK(largest);
        QVERIFY(largest->next());
        QCOMPARE(top.callId, largest->value(0).toString());
        QCOMPARE(top.tokens, largest->value(1).toLongLong());
        QCOMPARE(report.inputTokensPerCall.count(), report.current.calls);
    }

    void drillDownOpensTheCallsTheChartCounted()
    {
        const OverviewReport report = overview(3 * kDayMs);
        const auto busiest = std::ranges::max_element(report.points, {}, &analytics::TimePoint::calls);
        const QString series = report.costSeries.first();
        analytics::DrillDown drill;
        drill.bucketMs = busiest->bucketMs;
        drill.feature = series;
        const auto filter = analytics::drillDownFilter(report, {}, drill);
        QVERIFY(filter.toQueryString().contains(QStringLiteral("feature:") + series));
        auto calls = store::CallRepository(*m_connection).page(10'000, {}, filter, kNow);
        QVERIFY_OK(calls);
        qint64 cost = 0;
        for (const auto &call : *calls)
            cost += call.costMicros;
        QVERIFY(!calls->empty());
        QCOMPARE(cost, busiest->costMicros.at(series));

        // A failure category over the whole range lists exactly the failures counted.
        const auto &[category, count] = *report.failures.begin();
        analytics::DrillDown failures;
        failures.failure = failureCategoryFromString(category);
        auto failed = store::CallRepository(*m_connection).page(10'000, {}, analytics::drillDownFilter(report, {}, failures), kNow);
        QVERIFY_OK(failed);
        QCOMPARE(qint64(failed->size()), count);

        // "Other" narrows nothing but the time.
        QCOMPARE(analytics::costSeriesDrillDown(analytics::CostSplit::Model, analytics::kOtherSeries).model, QString());
        QCOMPARE(analytics::costSeriesDrillDown(analytics::CostSplit::Model, QStringLiteral("m")).model, QStringLiteral("m"));
    }

    void chartDataExportsAsCsv()
    {
        const OverviewReport report = overview(kDayMs);
        const QList<QByteArray> latency = analytics::overviewcsv::latency(report).split('\n');
        QCOMPARE(latency.first().trimmed(), QByteArray("bucket_utc,calls,p50_ms,p95_ms,p99_ms,ttft_p50_ms,ttft_p95_ms,ttft_p99_ms"));
        QCOMPARE(latency.size(), int(report.points.size()) + 2); // header, rows, and the empty line after the last CRLF
        QVERIFY(latency.at(1).startsWith(QDateTime::fromMSecsSinceEpoch(report.fromMs, Qt::UTC).toString(Qt::ISODate).toUtf8()));

        // Cost rows add up to the period's cost, to the micro-dollar.
        double dollars = 0;
        const QList<QByteArray> cost = analytics::overviewcsv::cost(report).split('\n');
        for (int i = 1; i < cost.size(); ++i) {
            const QList<QByteArray> cells = cost.at(i).trimmed().split(',');
            for (int c = 1; c < cells.size(); ++c)
                dollars += cells.at(c).toDouble();
        }
        QCOMPARE(qRound64(dollars * 1e6), report.current.costMicros);

        // Names with commas or quotes are quoted.
        OverviewReport named = report;
        named.topFeatures = { { QStringLiteral("search, \"beta\""), 2, 10 } };
        named.topTenants.clear();
        named.topModels.clear();
        QVERIFY(analytics::overviewcsv::topByCost(named).contains("feature,\"search, \"\"beta\"\"\",2,0.000010,0.000005"));

        // Token bins hold every call once, by powers of two.
        qint64 binned = 0;
        const auto bins = analytics::tokenBins(report.inputTokensPerCall, report.outputTokensPerCall);
        for (std::size_t i = 0; i < bins.size(); ++i) {
            QCOMPARE(bins[i].upTo, qint64(16) << i);
            binned += bins[i].inputCalls;
        }
        QCOMPARE(binned, report.current.calls);
    }

    void emptyRangeIsRefused()
    {
        OverviewQuery query;
        query.fromMs = kNow;
        query.toMs = kNow;
        const auto report = analytics::readOverview(*m_connection, query);
        QVERIFY(!report);
        QCOMPARE(report.error().code, ErrorCode::InvalidArgument);
    }

    void dimensionsListWhatHadTraffic()
    {
        const auto dimensions = analytics::readDimensions(*m_connection, kNow - 30 * kDayMs);
        QVERIFY_OK(dimensions);
        QCOMPARE(dimensions->models.size(), 4);
        QCOMPARE(dimensions->features.size(), 8);
        QCOMPARE(dimensions->prompts, (QStringList { QStringLiteral("prompt-0"), QStringLiteral("prompt-1"),
                                                     QStringLiteral("prompt-2"), QStringLiteral("prompt-3") }));
    }
};

QTEST_GUILESS_MAIN(TestOverview)
#include "tst_overview.moc"
