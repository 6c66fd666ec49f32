// Service level objectives: attainment, error budget used and burn rate, from the rollups,
// against the raw calls.
#include "analytics/slostatus.h"
#include "resultcheck.h"
#include "store/auditlogrepository.h"
#include "store/connection.h"
#include "store/workspace.h"
#include "synthetictraffic.h"
#include "temporaryworkspace.h"

#include <QTest>

using namespace switchboard;
using namespace switchboard::core;
using core::store::Slo;

namespace {

constexpr qint64 kDayMs = 86'400'000;
constexpr qint64 kNow = 1'790'003'600'000;

} // namespace

class TestSloStatus final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void budgetAndBurnRate()
    {
        // 1 % errors allowed; 2 % over the window spends twice the budget; 0.5 % today burns at half pace.
        const auto errors = analytics::objectiveOf(1000, 980, 0.01, 200, 199);
        QCOMPARE(*errors.attained(), 0.98);
        QCOMPARE(*errors.budgetUsed(), 2.0);
        QVERIFY(!errors.met());
        QCOMPARE(*errors.burnRate24h, 0.5);
        const auto quiet = analytics::objectiveOf(0, 0, 0.05, 0, 0);
        QVERIFY(!quiet.attained());
        QVERIFY(!quiet.burnRate24h);
        QVERIFY(quiet.met()); // nothing to judge yet
    }

    void objectivesMatchTheRawCalls()
    {
        tests::TemporaryWorkspace temp;
        QVERIFY_OK(store::prepareWorkspace(temp.location(), store::Connection::Mode::CreateIfMissing));
        auto connection = store::Connection::open(temp.location());
        QVERIFY_OK(connection);
        QVERIFY_OK(tests::SyntheticTraffic(11, kNow - 20 * kDayMs, kNow, 10'000).writeTo(**connection));
        Slo slo;
        slo.feature = QStringLiteral("feature-0");
        slo.latencyMs = 1500;
        slo.maxErrorRate = 0.05;
        slo.windowDays = 7;
        QVERIFY_OK(store::SloRepository(**connection).save(slo, QStringLiteral("tester"), kNow));

        auto statuses = analytics::readSloStatus(**connection, kNow);
        QVERIFY_OK(statuses);
        QCOMPARE(statuses->size(), std::size_t(1));
        const auto &status = statuses->front();
        const qint64 from = kNow / kDayMs * kDayMs - 6 * kDayMs; // seven UTC days, today the last
        const auto raw = [&](const QString &where) {
            auto q = (*connection)->exec(QStringLiteral("SELECT COUNT(*) FROM calls WHERE feature = 'feature-0' AND origin = 'gateway' "
                                                        "AND started_ms >= ? AND started_ms < ?")
                                             + where,
                                         { from, kNow });
            return q && q->next() ? q->value(0).toLongLong() : -1;
        };
        QCOMPARE(status.calls, raw({}));
        QVERIFY(status.calls > 500);
        QCOMPARE(status.errors->total - status.errors->good, raw(QStringLiteral(" AND failure IS NOT NULL")));
        QVERIFY(!status.ttft);
        // Latency: exact but for calls within the histogram's 2 % of the threshold.
        const qint64 fast = raw(QStringLiteral(" AND latency_us <= 1500000"));
        const qint64 edge = raw(QStringLiteral(" AND latency_us BETWEEN 1470000 AND 1530000"));
        QVERIFY2(std::abs(status.latency->good - fast) <= edge,
                 qPrintable(QStringLiteral("%1 good against %2 raw (%3 at the edge)").arg(status.latency->good).arg(fast).arg(edge)));
        QVERIFY(status.latency->burnRate24h.has_value());
        // The synthetic traffic is slower than that: the latency objective is missed, errors met.
        QVERIFY(!status.latency->met());
        QVERIFY(status.errors->met());
        QVERIFY(!status.met());
    }

    void badObjectivesAreRefusedAndChangesAudited()
    {
        tests::TemporaryWorkspace temp;
        QVERIFY_OK(store::prepareWorkspace(temp.location(), store::Connection::Mode::CreateIfMissing));
        auto connection = store::Connection::open(temp.location());
        QVERIFY_OK(connection);
        store::SloRepository slos(**connection);
        Slo none;
        none.feature = QStringLiteral("search");
        auto refused = slos.save(none, QStringLiteral("tester"), 1);
        QVERIFY(!refused);
        QVERIFY(refused.error().message.contains(QLatin1String("at least one objective")));
        Slo rate = none;
        rate.maxErrorRate = 1.5;
        QVERIFY(!slos.save(rate, QStringLiteral("tester"), 1));
        rate.maxErrorRate = 0.02;
        QVERIFY_OK(slos.save(rate, QStringLiteral("tester"), 1));
        rate.latencyMs = 800;
        QVERIFY_OK(slos.save(rate, QStringLiteral("tester"), 2));
        auto listed = slos.list();
        QVERIFY_OK(listed);
        QCOMPARE(*listed, (std::vector<Slo> { rate }));
        QVERIFY(!slos.remove(QStringLiteral("search"), QString(), QStringLiteral("tester"), 3));
        QVERIFY_OK(slos.remove(QStringLiteral("search"), QStringLiteral("feature retired"), QStringLiteral("tester"), 3));
        QCOMPARE(slos.remove(QStringLiteral("search"), QStringLiteral("again"), QStringLiteral("tester"), 4).error().code, ErrorCode::NotFound);
        auto audit = store::AuditLogRepository(**connection).list(QStringLiteral("slo"));
        QVERIFY_OK(audit);
        QCOMPARE(audit->size(), std::size_t(3));
    }
};

QTEST_GUILESS_MAIN(TestSloStatus)
#include "tst_slostatus.moc"
