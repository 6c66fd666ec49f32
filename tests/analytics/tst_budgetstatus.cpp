// Budgets: the period they count, spend against them read from the rollups (or a key's calls)
// and equal to the raw calls, the projection to the period's end, and the thresholds crossed.
#include "analytics/budgetstatus.h"
#include "resultcheck.h"
#include "store/auditlogrepository.h"
#include "store/batchwriter.h"
#include "store/connection.h"
#include "store/encodedcall.h"
#include "store/workspace.h"
#include "synthetictraffic.h"
#include "temporaryworkspace.h"

#include <QDateTime>
#include <QTest>

using namespace switchboard;
using namespace switchboard::core;
using core::store::Budget;

namespace {

constexpr qint64 kDayMs = 86'400'000;

qint64 utc(const char *iso)
{
    return QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODate).toMSecsSinceEpoch();
}

Budget budget(Budget::Scope scope, const QString &value, Budget::Period period, qint64 limitMicros)
{
    Budget b;
    b.scope = scope;
    b.scopeValue = value;
    b.period = period;
    b.limitMicros = limitMicros;
    return b;
}

} // namespace

class TestBudgetStatus final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void windowsAreUtcDaysAndMonths()
    {
        const qint64 now = utc("2026-02-14T15:30:00Z");
        const auto month = analytics::budgetWindow(Budget::Period::Month, now);
        QCOMPARE(month.startMs, utc("2026-02-01T00:00:00Z"));
        QCOMPARE(month.endMs, utc("2026-03-01T00:00:00Z"));
        const auto day = analytics::budgetWindow(Budget::Period::Day, now);
        QCOMPARE(day.startMs, utc("2026-02-14T00:00:00Z"));
        QCOMPARE(day.endMs, utc("2026-02-15T00:00:00Z"));
        // December rolls into the next year.
        QCOMPARE(analytics::budgetWindow(Budget::Period::Month, utc("2026-12-31T23:59:00Z")).endMs, utc("2027-01-01T00:00:00Z"));
    }

    void projectionKeepsThePace()
    {
        const analytics::BudgetWindow april { utc("2026-04-01T00:00:00Z"), utc("2026-05-01T00:00:00Z") };
        // Ten dollars in the first half of the month: twenty by its end.
        QCOMPARE(analytics::projectSpend(10'000'000, april, utc("2026-04-16T00:00:00Z")), 20'000'000);
        // Too early to tell: spend as it is.
        QCOMPARE(analytics::projectSpend(500, april, utc("2026-04-01T00:30:00Z")), 500);
        // After the end, nothing more comes.
        QCOMPARE(analytics::projectSpend(7, april, utc("2026-05-02T00:00:00Z")), 7);
    }

    void thresholdsCrossedAndProjected()
    {
        Budget b = budget(Budget::Scope::Workspace, {}, Budget::Period::Day, 100'000'000);
        const analytics::BudgetWindow day { utc("2026-04-01T00:00:00Z"), utc("2026-04-02T00:00:00Z") };
        // $85 by noon, in four hourly buckets of spend.
        const auto status = analytics::statusOf(b, day, 3'600'000, { 20'000'000, 30'000'000, 0, 35'000'000 },
                                                utc("2026-04-01T12:00:00Z"));
        QCOMPARE(status.spentMicros, 85'000'000);
        QCOMPARE(status.burnMicros, (std::vector<qint64> { 20'000'000, 50'000'000, 50'000'000, 85'000'000 }));
        QCOMPARE(status.projectedMicros, 170'000'000);
        QCOMPARE(status.crossed, (std::vector<int> { 50, 80 }));
        QCOMPARE(status.projectedToCross, 100);
    }

    void spendEqualsTheRawCalls()
    {
        tests::TemporaryWorkspace temp;
        QVERIFY_OK(store::prepareWorkspace(temp.location(), store::Connection::Mode::CreateIfMissing));
        auto connection = store::Connection::open(temp.location());
        QVERIFY_OK(connection);
        const qint64 now = utc("2026-04-20T10:15:00Z");
        // Forty days up to now: the month's budget must count April only.
        QVERIFY_OK(tests::SyntheticTraffic(5, now - 40 * kDayMs, now, 8'000).writeTo(**connection, [](store::RecordedCall &call) {
            if (call.record.tenant == QLatin1String("tenant-0") && call.record.origin == CallOrigin::Gateway)
                call.record.gatewayKeyId = 7;
        }));

        store::BudgetRepository budgets(**connection);
        for (const Budget &b : { budget(Budget::Scope::Workspace, {}, Budget::Period::Month, 50'000'000),
                                 budget(Budget::Scope::Tenant, QStringLiteral("tenant-1"), Budget::Period::Day, 1'000'000),
                                 budget(Budget::Scope::Feature, QStringLiteral("feature-2"), Budget::Period::Month, 5'000'000),
                                 budget(Budget::Scope::Key, QStringLiteral("7"), Budget::Period::Month, 9'000'000) })
            QVERIFY_OK(budgets.save(b, QStringLiteral("tester"), now));

        const auto raw = [&](const QString &where, qint64 from) {
            auto sum = (*connection)->exec(QStringLiteral("SELECT COALESCE(SUM(cost_micros), 0) FROM calls WHERE started_ms >= ? "
                                                          "AND started_ms < ?")
                                               + where,
                                           { from, now });
            return sum && sum->next() ? sum->value(0).toLongLong() : -1;
        };
        const qint64 april = utc("2026-04-01T00:00:00Z");
        const qint64 today = utc("2026-04-20T00:00:00Z");
        auto statuses = analytics::readBudgetStatus(**connection, now);
        QVERIFY_OK(statuses);
        QCOMPARE(statuses->size(), std::size_t(4));
        for (const auto &status : *statuses) {
            qint64 expected = -1;
            switch (status.budget.scope) {
            case Budget::Scope::Workspace: expected = raw({}, april); break;
            case Budget::Scope::Tenant: expected = raw(QStringLiteral(" AND tenant = 'tenant-1'"), today); break;
            case Budget::Scope::Feature: expected = raw(QStringLiteral(" AND feature = 'feature-2'"), april); break;
            case Budget::Scope::Key: expected = raw(QStringLiteral(" AND gateway_key_id = 7"), april); break;
            }
            QVERIFY2(expected > 0, qPrintable(status.budget.scopeText()));
            QCOMPARE(status.spentMicros, expected);
            QCOMPARE(status.burnMicros.back(), expected);
            QCOMPARE(qint64(status.burnMicros.size()), status.budget.period == Budget::Period::Day ? 11 : 20);
        }
    }

    void badBudgetsAreRefusedAndChangesAudited()
    {
        tests::TemporaryWorkspace temp;
        QVERIFY_OK(store::prepareWorkspace(temp.location(), store::Connection::Mode::CreateIfMissing));
        auto connection = store::Connection::open(temp.location());
        QVERIFY_OK(connection);
        store::BudgetRepository budgets(**connection);
        Budget noValue = budget(Budget::Scope::Tenant, {}, Budget::Period::Day, 1'000);
        auto refused = budgets.save(noValue, QStringLiteral("tester"), 1);
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, ErrorCode::InvalidArgument);
        QVERIFY(refused.error().message.contains(QLatin1String("tenant")));
        Budget unordered = budget(Budget::Scope::Workspace, {}, Budget::Period::Day, 1'000);
        unordered.thresholds = { 80, 50 };
        QVERIFY(!budgets.save(unordered, QStringLiteral("tester"), 1));

        // The same scope and period again replaces the limit: one budget, two audit entries.
        QVERIFY_OK(budgets.save(budget(Budget::Scope::Feature, QStringLiteral("search"), Budget::Period::Month, 1'000), QStringLiteral("tester"), 1));
        auto saved = budgets.save(budget(Budget::Scope::Feature, QStringLiteral("search"), Budget::Period::Month, 2'000), QStringLiteral("tester"), 2);
        QVERIFY_OK(saved);
        auto listed = budgets.list();
        QVERIFY_OK(listed);
        QCOMPARE(listed->size(), std::size_t(1));
        QCOMPARE(listed->front().limitMicros, 2'000);
        QCOMPARE(listed->front().thresholds, (std::vector<int> { 50, 80, 100 }));
        QVERIFY(!budgets.remove(saved->id, QString(), QStringLiteral("tester"), 3));
        QVERIFY_OK(budgets.remove(saved->id, QStringLiteral("feature retired"), QStringLiteral("tester"), 3));
        auto audit = store::AuditLogRepository(**connection).list(QStringLiteral("budget"));
        QVERIFY_OK(audit);
        QCOMPARE(audit->size(), std::size_t(3));
        QVERIFY_OK(budgets.list());
        QVERIFY(budgets.list()->empty());
    }
};

QTEST_GUILESS_MAIN(TestBudgetStatus)
#include "tst_budgetstatus.moc"
