// The tests drift detection relies on, against published values: normal and chi-square
// tails from the tables, the Kolmogorov distribution's 5 % point, and worked examples whose
// statistics follow by hand.
#include "analytics/statistics.h"

#include <QTest>

#include <cmath>
#include <numbers>

using namespace switchboard::core::analytics::stats;

namespace {

bool near(double actual, double expected, double relative)
{
    return std::fabs(actual - expected) <= relative * std::fabs(expected);
}

} // namespace

class TestStatistics final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void normalTail()
    {
        QVERIFY(near(normalSurvival(1.96), 0.0249979, 1e-5));
        QVERIFY(near(normalSurvival(0), 0.5, 1e-12));
        QVERIFY(near(normalSurvival(-1.96), 1 - 0.0249979, 1e-6));
    }

    void chiSquareTailsMatchTheTables()
    {
        // Critical values at 5 % for 1, 2, 3 and 10 degrees of freedom.
        QVERIFY(near(chiSquareSurvival(3.841458820694124, 1), 0.05, 1e-6));
        QVERIFY(near(chiSquareSurvival(5.991464547107979, 2), 0.05, 1e-6));
        QVERIFY(near(chiSquareSurvival(7.814727903251178, 3), 0.05, 1e-6));
        QVERIFY(near(chiSquareSurvival(18.307038053275146, 10), 0.05, 1e-6));
        // Closed forms: df 1 is erfc(√(x/2)), df 4 is e^(−x/2)(1 + x/2).
        QVERIFY(near(chiSquareSurvival(1.0, 1), std::erfc(std::sqrt(0.5)), 1e-9));
        QVERIFY(near(chiSquareSurvival(10.0, 4), std::exp(-5.0) * 6.0, 1e-9));
        QVERIFY(near(chiSquareSurvival(200.0, 3), std::exp(-100.0) * 2 * std::sqrt(100.0 / std::numbers::pi), 0.02)); // far tail
        QCOMPARE(chiSquareSurvival(0, 3), 1.0);
    }

    void kolmogorovDistribution()
    {
        // 1.358 is the 5 % point of the Kolmogorov distribution; Q(1) = 0.27.
        QVERIFY(near(kolmogorovSurvival(1.3581), 0.05, 1e-3));
        QVERIFY(near(kolmogorovSurvival(1.0), 0.2700, 1e-3));
        QVERIFY(near(kolmogorovSurvival(0.5), 0.9639, 1e-3));
        QCOMPARE(kolmogorovSurvival(0.1), 1.0);
        QVERIFY(kolmogorovSurvival(3.0) < 1e-7);
    }

    void ksTwoSampleStatisticAndPValue()
    {
        // 1..10 against 4.5..11.5 in steps of 1: the distribution functions are furthest apart
        // at 4 (0.4 against 0) and at 10 (1.0 against 0.75): D = 0.4. n_e = 80/18.
        const KsResult ks = ksTwoSample({ 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, { 4.5, 5.5, 6.5, 7.5, 8.5, 9.5, 10.5, 11.5 });
        QVERIFY(near(ks.d, 0.4, 1e-12));
        const double ne = std::sqrt(80.0 / 18.0);
        QVERIFY(near(ks.pValue, kolmogorovSurvival((ne + 0.12 + 0.11 / ne) * 0.4), 1e-12));
        QVERIFY(near(ks.pValue, 0.3762, 1e-3));

        // Separate samples: D = 1; equal samples: D = 0, p = 1.
        QCOMPARE(ksTwoSample({ 1, 2, 3 }, { 4, 5, 6 }).d, 1.0);
        const KsResult same = ksTwoSample({ 3, 1, 2, 2 }, { 2, 3, 1, 2 });
        QCOMPARE(same.d, 0.0);
        QCOMPARE(same.pValue, 1.0);
    }

    void ksTiesMoveBothSamplesTogether()
    {
        // Integer token counts tie a lot: all of b equal to a value of a is no gap at that value.
        const KsResult ks = ksTwoSample({ 5, 5, 5, 6 }, { 5, 6, 6, 6 });
        QVERIFY(near(ks.d, 0.5, 1e-12)); // at 5: 3/4 against 1/4
    }

    void twoProportions()
    {
        // 10 of 1000 against 62 of 1000: pooled 0.036, z = 0.052 / √(0.036·0.964·0.002).
        const ProportionResult test = twoProportionTest(10, 1000, 62, 1000);
        QVERIFY(near(test.z, 6.2416, 1e-4));
        QVERIFY(near(test.pValue, 4.33e-10, 1e-2));
        QVERIFY(near(test.cohensH, 0.30296, 1e-4));
        // 20 of 1000 against 35 of 1000: z = 2.051, p = 0.0403, just significant at 5 %.
        const ProportionResult small = twoProportionTest(20, 1000, 35, 1000);
        QVERIFY(near(small.z, 2.0510, 1e-4));
        QVERIFY(near(small.pValue, 0.04027, 1e-3));
        // Fewer in the recent window: z is negative, the p-value two-sided all the same.
        QVERIFY(near(twoProportionTest(62, 1000, 10, 1000).z, -6.2416, 1e-4));
        QVERIFY(near(twoProportionTest(62, 1000, 10, 1000).pValue, test.pValue, 1e-9));
        // Nothing in either: nothing to say.
        const ProportionResult none = twoProportionTest(0, 500, 0, 400);
        QCOMPARE(none.z, 0.0);
        QCOMPARE(none.pValue, 1.0);
    }

    void chiSquareHomogeneityOfTwoRows()
    {
        // 90/10 against 70/30: expected 80/20 in each row, χ² = 2·(100/80 + 100/20) = 12.5, df 1,
        // p = erfc(2.5), Cramér's V = √(12.5/200).
        const qint64 a[] = { 90, 10, 0 };
        const qint64 b[] = { 70, 30, 0 };
        const ChiSquareResult test = chiSquareHomogeneity(a, b);
        QVERIFY(near(test.statistic, 12.5, 1e-12));
        QCOMPARE(test.degrees, 1); // the empty category is dropped
        QVERIFY(near(test.pValue, std::erfc(2.5), 1e-6));
        QVERIFY(near(test.cramersV, 0.25, 1e-12));

        const qint64 same[] = { 50, 30, 20 };
        const ChiSquareResult steady = chiSquareHomogeneity(same, same);
        QCOMPARE(steady.statistic, 0.0);
        QCOMPARE(steady.degrees, 2);
        QVERIFY(near(steady.pValue, 1.0, 1e-12));

        const qint64 one[] = { 100, 0 };
        QCOMPARE(chiSquareHomogeneity(one, one).degrees, 0); // one category: nothing to compare
    }

    void quantiles()
    {
        QCOMPARE(quantile({ 5, 1, 4, 2, 3 }, 0.5), 3.0);
        QCOMPARE(quantile({ 5, 1, 4, 2 }, 0.5), 2.0); // nearest rank
        QCOMPARE(quantile({ 5, 1, 4, 2 }, 1.0), 5.0);
        QCOMPARE(quantile({}, 0.5), 0.0);
    }
};

QTEST_GUILESS_MAIN(TestStatistics)
#include "tst_statistics.moc"
