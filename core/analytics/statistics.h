#pragma once

#include <QtGlobal>

#include <span>
#include <vector>

namespace switchboard::core::analytics::stats {

// The few tests drift detection needs, written out rather than pulled from a numerics library:
// each is a page of textbook formulas, and the tests check them against published values.

// P(Z > z) for a standard normal Z.
double normalSurvival(double z);
// Q(a, x) = Γ(a, x) / Γ(a), the regularized upper incomplete gamma function (a > 0, x >= 0):
// series below a + 1, continued fraction above (Numerical Recipes' gser / gcf).
double upperRegularizedGamma(double a, double x);
// P(X > x) for a chi-square X with `degrees` degrees of freedom.
double chiSquareSurvival(double x, int degrees);
// Q_KS(λ) = 2 Σ (-1)^(k-1) exp(-2 k² λ²), the Kolmogorov distribution's upper tail.
double kolmogorovSurvival(double lambda);

// Two-sample Kolmogorov–Smirnov: D is the largest distance between the two empirical
// distribution functions; the p-value is the asymptotic one, Q_KS((√n_e + 0.12 + 0.11/√n_e) D)
// with n_e = n·m/(n+m) (Stephens' correction, as in Numerical Recipes' kstwo). Ties are
// handled by stepping over equal values together; with many ties (token counts are integers)
// the asymptotic p-value is conservative, which errs on the side of not alerting.
struct KsResult
{
    double d = 0;
    double pValue = 1;
};
KsResult ksTwoSample(std::vector<double> a, std::vector<double> b);

// Two-proportion z-test with the pooled proportion: z = (p2 − p1) / √(p̂(1 − p̂)(1/n1 + 1/n2)),
// two-sided p-value. Both shares 0 (or both 1): z 0, p 1.
struct ProportionResult
{
    double baseline = 0; // x1 / n1
    double recent = 0;   // x2 / n2
    double z = 0;
    double pValue = 1;
    double cohensH = 0;  // |2 asin √p2 − 2 asin √p1|: the effect size, independent of n
};
ProportionResult twoProportionTest(qint64 x1, qint64 n1, qint64 x2, qint64 n2);

// Chi-square test of homogeneity of two rows (baseline, recent) over the same categories;
// categories empty in both rows are dropped. Cramér's V (√(χ²/N) for two rows) is the effect
// size. Fewer than two categories with counts: nothing to compare, p 1.
struct ChiSquareResult
{
    double statistic = 0;
    int degrees = 0;
    double pValue = 1;
    double cramersV = 0;
};
ChiSquareResult chiSquareHomogeneity(std::span<const qint64> baseline, std::span<const qint64> recent);

// The q-quantile (0..1) of a sample, by nearest rank; 0 for an empty one.
double quantile(std::vector<double> values, double q);

} // namespace switchboard::core::analytics::stats
