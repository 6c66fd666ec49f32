#include "analytics/drift.h"

#include "analytics/sharetext.h"
#include "analytics/statistics.h"

#include <QStringList>

#include <cmath>
#include <numeric>

namespace switchboard::core::analytics {
namespace {

QString tokensText(double tokens)
{
    return QString::number(qRound64(tokens));
}

// Cost per call is often a fraction of a cent: two significant digits whatever its size.
QString dollarsText(double micros)
{
    const double dollars = micros / 1e6;
    if (dollars <= 0)
        return QStringLiteral("$0");
    const int decimals = std::clamp(1 - int(std::floor(std::log10(dollars))), 2, 8);
    return QStringLiteral("$") + QString::number(dollars, 'f', decimals);
}

double mean(const std::vector<double> &values)
{
    return values.empty() ? 0 : std::accumulate(values.begin(), values.end(), 0.0) / double(values.size());
}

QString verdictWord(bool drifted)
{
    return drifted ? QStringLiteral("drifted") : QStringLiteral("steady");
}

DriftMetric ksMetric(DriftMetricKind kind, const std::vector<double> &baseline, const std::vector<double> &recent,
                     const DriftSettings &settings)
{
    DriftMetric metric;
    metric.kind = kind;
    const stats::KsResult ks = stats::ksTwoSample(baseline, recent);
    metric.statistic = ks.d;
    metric.effect = ks.d;
    metric.pValue = ks.pValue;
    const bool drifted = ks.pValue < settings.significance && ks.d >= settings.minKsDistance;
    metric.verdict = drifted ? DriftMetric::Verdict::Drifted : DriftMetric::Verdict::Steady;
    QString figures;
    if (kind == DriftMetricKind::OutputLength) {
        metric.baseline = stats::quantile(baseline, 0.5);
        metric.recent = stats::quantile(recent, 0.5);
        figures = QStringLiteral("median %1→%2 tokens").arg(tokensText(metric.baseline), tokensText(metric.recent));
    } else {
        metric.baseline = mean(baseline);
        metric.recent = mean(recent);
        figures = QStringLiteral("mean %1→%2").arg(dollarsText(metric.baseline), dollarsText(metric.recent));
    }
    metric.text = QStringLiteral("%1 %2 (KS D=%3, %4; %5)")
                      .arg(nameOf(kind), verdictWord(drifted), QString::number(ks.d, 'f', 2), pValueText(ks.pValue), figures);
    return metric;
}

DriftMetric rateMetric(DriftMetricKind kind, qint64 baselineCount, qint64 baselineCalls, qint64 recentCount, qint64 recentCalls,
                       const DriftSettings &settings)
{
    DriftMetric metric;
    metric.kind = kind;
    const stats::ProportionResult test = stats::twoProportionTest(baselineCount, baselineCalls, recentCount, recentCalls);
    metric.statistic = test.z;
    metric.effect = test.cohensH;
    metric.pValue = test.pValue;
    metric.baseline = test.baseline;
    metric.recent = test.recent;
    const bool drifted = test.pValue < settings.significance && test.cohensH >= settings.minCohensH;
    metric.verdict = drifted ? DriftMetric::Verdict::Drifted : DriftMetric::Verdict::Steady;
    metric.text = QStringLiteral("%1 %2→%3 (z=%4, %5)")
                      .arg(nameOf(kind), percentText(test.baseline), percentText(test.recent), QString::number(test.z, 'f', 1),
                           pValueText(test.pValue));
    if (!drifted)
        metric.text += QStringLiteral(", steady");
    return metric;
}

DriftMetric finishMetric(const DriftSample &baseline, const DriftSample &recent, const DriftSettings &settings)
{
    DriftMetric metric;
    metric.kind = DriftMetricKind::FinishReasons;
    const stats::ChiSquareResult test = stats::chiSquareHomogeneity(baseline.finishReasons, recent.finishReasons);
    metric.statistic = test.statistic;
    metric.effect = test.cramersV;
    metric.pValue = test.pValue;
    // The reason other than stop whose share moved most says what changed (stop moves by the
    // others' sum, and says nothing of why).
    const auto share = [](const DriftSample &sample, int reason) {
        return sample.calls > 0 ? double(sample.finishReasons[std::size_t(reason)]) / double(sample.calls) : 0.0;
    };
    double moved = -1;
    for (int reason = int(FinishReasonClass::Length); reason < kFinishReasonClasses; ++reason) {
        const double change = std::fabs(share(recent, reason) - share(baseline, reason));
        if (change > moved) {
            moved = change;
            metric.category = FinishReasonClass(reason);
            metric.baseline = share(baseline, reason);
            metric.recent = share(recent, reason);
        }
    }
    const bool drifted = test.degrees > 0 && test.pValue < settings.significance && test.cramersV >= settings.minCramersV;
    metric.verdict = drifted ? DriftMetric::Verdict::Drifted : DriftMetric::Verdict::Steady;
    metric.text = QStringLiteral("%1 %2 (χ²=%3, df=%4, %5; %6 %7→%8)")
                      .arg(nameOf(metric.kind), verdictWord(drifted), QString::number(test.statistic, 'f', 1))
                      .arg(test.degrees)
                      .arg(pValueText(test.pValue), nameOf(metric.category), percentText(metric.baseline), percentText(metric.recent));
    return metric;
}

} // namespace

QString nameOf(FinishReasonClass reason)
{
    switch (reason) {
    case FinishReasonClass::Stop: return QStringLiteral("stop");
    case FinishReasonClass::Length: return QStringLiteral("length");
    case FinishReasonClass::ContentFilter: return QStringLiteral("content_filter");
    case FinishReasonClass::Refusal: return QStringLiteral("refusal");
    }
    return {};
}

FinishReasonClass finishReasonOf(const std::optional<FailureCategory> &failure)
{
    if (!failure)
        return FinishReasonClass::Stop;
    switch (*failure) {
    case FailureCategory::Truncated: return FinishReasonClass::Length;
    case FailureCategory::ContentFilter: return FinishReasonClass::ContentFilter;
    case FailureCategory::Refusal: return FinishReasonClass::Refusal;
    default: return FinishReasonClass::Stop; // the model stopped; its output was empty or invalid
    }
}

QString nameOf(DriftMetricKind kind)
{
    switch (kind) {
    case DriftMetricKind::OutputLength: return QStringLiteral("output length");
    case DriftMetricKind::CostPerCall: return QStringLiteral("cost per call");
    case DriftMetricKind::RefusalRate: return QStringLiteral("refusal rate");
    case DriftMetricKind::InvalidOutputRate: return QStringLiteral("invalid-output rate");
    case DriftMetricKind::FinishReasons: return QStringLiteral("finish-reason mix");
    }
    return {};
}

void DriftSample::add(qint64 tokens, qint64 micros, const std::optional<FailureCategory> &failure)
{
    ++calls;
    outputTokens.push_back(double(tokens));
    costMicros.push_back(double(micros));
    if (failure == FailureCategory::Refusal)
        ++refusals;
    if (failure == FailureCategory::InvalidOutput)
        ++invalidOutputs;
    ++finishReasons[std::size_t(finishReasonOf(failure))];
}

QString pValueText(double p)
{
    return p < 0.001 ? QStringLiteral("p<0.001") : QStringLiteral("p=") + QString::number(p, 'f', 3);
}

bool DriftReport::drifted() const
{
    return std::any_of(metrics.begin(), metrics.end(), [](const DriftMetric &m) { return m.drifted(); });
}

std::optional<double> DriftReport::strongestPValue() const
{
    std::optional<double> out;
    for (const DriftMetric &metric : metrics) {
        if (metric.drifted())
            out = std::min(out.value_or(1.0), metric.pValue);
    }
    return out;
}

QString DriftReport::summary() const
{
    const QString calls = QStringLiteral("%1 baseline and %2 recent answered calls%3")
                              .arg(baselineCalls)
                              .arg(recentCalls)
                              .arg(sampled ? QStringLiteral(", sampled") : QString());
    if (tooFew)
        return QStringLiteral("%1: too few calls to judge (%2)").arg(feature, calls);
    QStringList drifted;
    for (const DriftMetric &metric : metrics) {
        if (metric.drifted())
            drifted << metric.text;
    }
    if (drifted.isEmpty())
        return QStringLiteral("%1: no drift (%2)").arg(feature, calls);
    return feature + QStringLiteral(": ") + drifted.join(QStringLiteral("; "));
}

DriftReport compareWindows(const QString &feature, const DriftSample &baseline, const DriftSample &recent,
                           const DriftSettings &settings)
{
    DriftReport report;
    report.feature = feature;
    report.baselineCalls = baseline.calls;
    report.recentCalls = recent.calls;
    report.sampled = baseline.sampled || recent.sampled;
    if (baseline.calls < settings.minCalls || recent.calls < settings.minCalls) {
        report.tooFew = true;
        return report;
    }
    report.metrics.push_back(ksMetric(DriftMetricKind::OutputLength, baseline.outputTokens, recent.outputTokens, settings));
    report.metrics.push_back(ksMetric(DriftMetricKind::CostPerCall, baseline.costMicros, recent.costMicros, settings));
    report.metrics.push_back(
        rateMetric(DriftMetricKind::RefusalRate, baseline.refusals, baseline.calls, recent.refusals, recent.calls, settings));
    report.metrics.push_back(rateMetric(DriftMetricKind::InvalidOutputRate, baseline.invalidOutputs, baseline.calls,
                                        recent.invalidOutputs, recent.calls, settings));
    report.metrics.push_back(finishMetric(baseline, recent, settings));
    return report;
}

} // namespace switchboard::core::analytics
