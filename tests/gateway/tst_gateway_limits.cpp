// Rate limits and budgets as the gateway keeps them: token buckets per key, and budgets that
// reserve the most a call can cost so concurrent calls cannot overrun them together.
#include "gateway/budgetledger.h"
#include "gateway/gatewayconfig.h"
#include "gateway/gatewaykey.h"
#include "gateway/ratelimiter.h"

#include <QDateTime>
#include <QTest>
#include <QTimeZone>

using namespace switchboard::core::gateway;

namespace {

qint64 utc(int year, int month, int day, int hour = 0, int minute = 0)
{
    return QDateTime(QDate(year, month, day), QTime(hour, minute), QTimeZone::utc()).toMSecsSinceEpoch();
}

GatewayKey budgeted(std::optional<qint64> perDay, std::optional<qint64> perMonth = std::nullopt)
{
    GatewayKey key;
    key.id = 7;
    key.budgetMicrosPerDay = perDay;
    key.budgetMicrosPerMonth = perMonth;
    return key;
}

} // namespace

class TestGatewayLimits : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void requestsPerMinuteAllowABurstThenRefillEvenly()
    {
        RateLimiter limiter;
        const qint64 t = 1'000'000;
        for (int i = 0; i < 60; ++i)
            QVERIFY(!limiter.admit(1, 60, 0, 0, t));
        const auto wait = limiter.admit(1, 60, 0, 0, t);
        QVERIFY(wait);
        QVERIFY2(*wait > 900 && *wait <= 1000, qPrintable(QString::number(*wait))); // one request a second
        QVERIFY(!limiter.admit(1, 60, 0, 0, t + 1000));
        QVERIFY(limiter.admit(1, 60, 0, 0, t + 1000));
        QVERIFY(!limiter.admit(2, 60, 0, 0, t)); // each key has its own bucket
    }

    void tokensAreTakenAtAdmissionAndSettledAfter()
    {
        RateLimiter limiter;
        const qint64 t = 5'000'000;
        QVERIFY(!limiter.admit(1, 0, 1'000, 600, t));
        QVERIFY(limiter.admit(1, 0, 1'000, 600, t)); // 400 left
        limiter.settle(1, 1'000, 600, 100, t);           // the call used 100 of its 600
        QVERIFY(!limiter.admit(1, 0, 1'000, 600, t));
    }

    void aCallLargerThanTheMinutesAllowanceWaitsForAFullBucket()
    {
        RateLimiter limiter;
        const qint64 t = 9'000'000;
        QVERIFY(!limiter.admit(1, 0, 1'000, 5'000, t)); // a full bucket admits it
        const auto wait = limiter.admit(1, 0, 1'000, 5'000, t);
        QVERIFY(wait);
        QVERIFY(*wait <= 60'000); // never longer than a minute, or it could never run
    }

    void budgetReservesTheMostACallCanCost()
    {
        BudgetLedger ledger;
        const GatewayKey key = budgeted(1'000);
        const qint64 t = utc(2026, 11, 23, 12);
        for (int i = 0; i < 5; ++i)
            QVERIFY(!ledger.reserve(key, 200, t));
        const auto refused = ledger.reserve(key, 200, t);
        QVERIFY(refused);
        QCOMPARE(refused->waitMs, utc(2026, 11, 24) - t); // until the next UTC day
        QCOMPARE(refused->period, BudgetRefusal::Period::Day);
        QCOMPARE(refused->usedMicros, 1'000);
        QVERIFY2(refused->message(QStringLiteral("acme")).contains(QLatin1String("daily budget of $0.0010")),
                 qPrintable(refused->message(QStringLiteral("acme"))));
        ledger.settle(key, 200, 50, t);              // one call cost less than reserved
        QCOMPARE(ledger.spentTodayMicros(key.id), 50);
        QVERIFY(!ledger.reserve(key, 150, t));      // 50 spent + 800 reserved + 150
        QVERIFY(ledger.reserve(key, 1, t));
    }

    void spendCountsFromWhatTheWorkspaceRecordedAndResetsEachDay()
    {
        BudgetLedger ledger;
        const GatewayKey key = budgeted(1'000);
        const qint64 t = utc(2026, 11, 23, 23, 59);
        ledger.seed(key.id, 950, 950, t);
        QVERIFY(ledger.reserve(key, 100, t));
        QVERIFY(!ledger.reserve(key, 100, utc(2026, 11, 24, 0, 1)));
        QCOMPARE(ledger.spentTodayMicros(key.id), 0);
    }

    void aKeyWithBothBudgetsNamesTheOneThatRefused()
    {
        BudgetLedger ledger;
        const GatewayKey key = budgeted(1'000'000, 2'000'000);
        const qint64 t = utc(2026, 11, 23, 12);
        ledger.seed(key.id, 100, 1'950'000, t);
        const auto refused = ledger.reserve(key, 100'000, t);
        QVERIFY(refused);
        QCOMPARE(refused->period, BudgetRefusal::Period::Month);
        QVERIFY2(refused->message(QStringLiteral("acme")).contains(QLatin1String("monthly budget of $2.00")),
                 qPrintable(refused->message(QStringLiteral("acme"))));
    }

    void monthlyBudgetRefusesUntilTheNextMonth()
    {
        BudgetLedger ledger;
        const GatewayKey key = budgeted(std::nullopt, 10'000);
        const qint64 t = utc(2026, 11, 30, 18);
        ledger.seed(key.id, 0, 9'990, t);
        const auto refused = ledger.reserve(key, 100, t);
        QVERIFY(refused);
        QCOMPARE(refused->waitMs, utc(2026, 12, 1) - t);
        QCOMPARE(refused->period, BudgetRefusal::Period::Month);
        QVERIFY(refused->message(QStringLiteral("acme")).contains(QLatin1String("next UTC month")));
        QVERIFY(!ledger.reserve(key, 100, utc(2026, 12, 1, 0, 1)));
    }

    void aTenantsHardBudgetHoldsAcrossItsKeysAllOrNothing()
    {
        BudgetLedger ledger;
        const qint64 t = utc(2026, 11, 23, 12);
        HardBudget tenant { 3, HardBudget::Scope::Tenant, QStringLiteral("acme"), true, 1'000, 0, QStringLiteral("Tenant acme") };
        HardBudget workspace { 4, HardBudget::Scope::Workspace, {}, false, 100'000, 0, QStringLiteral("Workspace") };
        QVERIFY(tenant.covers(QStringLiteral("acme"), QStringLiteral("search")));
        QVERIFY(!tenant.covers(QStringLiteral("globex"), QStringLiteral("search")));
        QVERIFY(workspace.covers(QStringLiteral("globex"), {}));
        ledger.seedBudget(tenant.id, 600, t);
        GatewayKey first = budgeted(std::nullopt);
        GatewayKey second = budgeted(100'000);
        second.id = 8;
        // Two keys of one tenant share its budget: 600 spent, 300 held by the first key's call.
        QVERIFY(!ledger.reserve(first, 300, t, { &tenant, &workspace }));
        const auto refused = ledger.reserve(second, 200, t, { &tenant, &workspace });
        QVERIFY(refused);
        QCOMPARE(refused->scope, QStringLiteral("Tenant acme"));
        QCOMPARE(refused->usedMicros, 900);
        QVERIFY2(refused->message(QStringLiteral("acme-prod")).startsWith(QLatin1String("Tenant acme has used its daily budget of $0.0010")),
                 qPrintable(refused->message(QStringLiteral("acme-prod"))));
        // The refused call held nothing: its key and the workspace take exactly what is left.
        QVERIFY(!ledger.reserve(second, 99'700, t, { &workspace }));
        ledger.settle(second, 99'700, 0, t, { workspace.id });
        ledger.settle(first, 300, 250, t, { tenant.id, workspace.id });
        QVERIFY(!ledger.reserve(first, 150, t, { &tenant }));
        QVERIFY(ledger.reserve(first, 1, t, { &tenant }));
        // The next UTC day starts afresh, but for the call still in flight (150).
        QVERIFY(!ledger.reserve(first, 850, utc(2026, 11, 24, 0, 1), { &tenant }));
        QVERIFY(ledger.reserve(first, 1, utc(2026, 11, 24, 0, 1), { &tenant }));
    }

    void aKeyWithoutBudgetIsNeverRefused()
    {
        BudgetLedger ledger;
        QVERIFY(!ledger.reserve(budgeted(std::nullopt), 1'000'000'000, utc(2026, 1, 1)));
    }
};

QTEST_GUILESS_MAIN(TestGatewayLimits)
#include "tst_gateway_limits.moc"
