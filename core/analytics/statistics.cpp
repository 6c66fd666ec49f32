#include "analytics/statistics.h"

#include <algorithm>
#include <cmath>

namespace switchboard::core::analytics::stats {
namespace {

constexpr double kEpsilon = 1e-14;
constexpr int kMaxIterations = 500;

double lowerSeries(double a, double x)
{
    double term = 1.0 / a;
    double sum = term;
    for (int n = 1; n < kMaxIterations; ++n) {
        term *= x / (a + n);
        sum += term;
        if (std::fabs(term) < std::fabs(sum) * kEpsilon)
            break;
    }
    return sum * std::exp(-x + a * std::log(x) - std::lgamma(a));
}

double upperContinuedFraction(double a, double x)
{
    // Lentz's method for the continued fraction of Γ(a, x).
    constexpr double tiny = 1e-300;
    double b = x + 1.0 - a;
    double c = 1.0 / tiny;
    double d = 1.0 / b;
    double h = d;
    for (int i = 1; i < kMaxIterations; ++i) {
        const double an = -i * (i - a);
        b += 2.0;
        d = an * d + b;
        if (std::fabs(d) < tiny)
            d = tiny;
        c = b + an / c;
        if (std::fabs(c) < tiny)
            c = tiny;
        d = 1.0 / d;
        const double step = d * c;
        h *= step;
        if (std::fabs(step - 1.0) < kEpsilon)
            break;
    }
    return std::exp(-x + a * std::log(x) - std::lgamma(a)) * h;
}

} // namespace

double normalSurvival(double z)
{
    return 0.5 * std::erfc(z / std::sqrt(2.0));
}

double upperRegularizedGamma(double a, double x)
{
    if (x <= 0 || a <= 0)
        return 1.0;
    if (x < a + 1.0)
        return std::clamp(1.0 - lowerSeries(a, x), 0.0, 1.0);
    return std::clamp(upperContinuedFraction(a, x), 0.0, 1.0);
}

double chiSquareSurvival(double x, int degrees)
{
    if (degrees <= 0)
        return 1.0;
    return upperRegularizedGamma(degrees / 2.0, x / 2.0);
}

double kolmogorovSurvival(double lambda)
{
    // The alternating series converges fast for λ above about 0.3; below, the tail is 1 to
    // double precision anyway.
    if (lambda < 0.2)
        return 1.0;
    const double a2 = -2.0 * lambda * lambda;
    double sign = 2.0;
    double sum = 0;
    double previous = 0;
    for (int k = 1; k <= 100; ++k) {
        const double term = sign * std::exp(a2 * k * k);
        sum += term;
        if (std::fabs(term) <= 0.001 * previous || std::fabs(term) <= 1e-10 * sum)
            return std::clamp(sum, 0.0, 1.0);
        sign = -sign;
        previous = std::fabs(term);
    }
    return 1.0;
}

KsResult ksTwoSample(std::vector<double> a, std::vector<double> b)
{
    KsResult out;
    if (a.empty() || b.empty())
        return out;
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    const double n = double(a.size());
    const double m = double(b.size());
    std::size_t i = 0;
    std::size_t j = 0;
    while (i < a.size() && j < b.size()) {
        // Step over every value equal to the smaller current one, in both samples, before
        // comparing: ties move both distribution functions at once.
        const double value = std::min(a[i], b[j]);
        while (i < a.size() && a[i] == value)
            ++i;
        while (j < b.size() && b[j] == value)
            ++j;
        out.d = std::max(out.d, std::fabs(double(i) / n - double(j) / m));
    }
    const double effective = std::sqrt(n * m / (n + m));
    out.pValue = kolmogorovSurvival((effective + 0.12 + 0.11 / effective) * out.d);
    return out;
}

ProportionResult twoProportionTest(qint64 x1, qint64 n1, qint64 x2, qint64 n2)
{
    ProportionResult out;
    if (n1 <= 0 || n2 <= 0)
        return out;
    out.baseline = double(x1) / double(n1);
    out.recent = double(x2) / double(n2);
    out.cohensH = std::fabs(2.0 * std::asin(std::sqrt(out.recent)) - 2.0 * std::asin(std::sqrt(out.baseline)));
    const double pooled = double(x1 + x2) / double(n1 + n2);
    const double variance = pooled * (1.0 - pooled) * (1.0 / double(n1) + 1.0 / double(n2));
    if (variance <= 0)
        return out;
    out.z = (out.recent - out.baseline) / std::sqrt(variance);
    out.pValue = std::min(1.0, 2.0 * normalSurvival(std::fabs(out.z)));
    return out;
}

ChiSquareResult chiSquareHomogeneity(std::span<const qint64> baseline, std::span<const qint64> recent)
{
    ChiSquareResult out;
    const std::size_t categories = std::min(baseline.size(), recent.size());
    double rowA = 0;
    double rowB = 0;
    int used = 0;
    for (std::size_t c = 0; c < categories; ++c) {
        rowA += double(baseline[c]);
        rowB += double(recent[c]);
        if (baseline[c] + recent[c] > 0)
            ++used;
    }
    const double total = rowA + rowB;
    if (used < 2 || rowA <= 0 || rowB <= 0)
        return out;
    for (std::size_t c = 0; c < categories; ++c) {
        const double column = double(baseline[c] + recent[c]);
        if (column <= 0)
            continue;
        const double expectedA = rowA * column / total;
        const double expectedB = rowB * column / total;
        out.statistic += (double(baseline[c]) - expectedA) * (double(baseline[c]) - expectedA) / expectedA;
        out.statistic += (double(recent[c]) - expectedB) * (double(recent[c]) - expectedB) / expectedB;
    }
    out.degrees = used - 1;
    out.pValue = chiSquareSurvival(out.statistic, out.degrees);
    out.cramersV = std::sqrt(out.statistic / total);
    return out;
}

double quantile(std::vector<double> values, double q)
{
    if (values.empty())
        return 0;
    const auto rank = std::size_t(std::clamp(std::ceil(q * double(values.size())), 1.0, double(values.size()))) - 1;
    std::nth_element(values.begin(), values.begin() + std::ptrdiff_t(rank), values.end());
    return values[rank];
}

} // namespace switchboard::core::analytics::stats
