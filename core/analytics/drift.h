#pragma once

#include "model/failurecategory.h"

#include <QString>

#include <array>
#include <optional>
#include <vector>

namespace switchboard::core::analytics {

// Drift on production traffic: has a feature's recent window of gateway calls (by default the
// last 24 hours) changed against its baseline (the 7 days before), in what the model answers
// rather than whether it answers? Errors, latency and cost per minute have rules of their own.
// Everything here is measured on answered calls (status ok: the model produced an answer,
// refusals and invalid outputs included), so that an outage does not read as drift:
//
//   output length       output tokens per call        two-sample Kolmogorov–Smirnov
//   cost per call       micro-dollars per call        two-sample Kolmogorov–Smirnov
//   refusal rate        refusal / answered            two-proportion z-test
//   invalid-output rate invalid_output / answered     two-proportion z-test
//   finish-reason mix   stop, length, content_filter, chi-square test of homogeneity
//                       refusal
//
// KS rather than Mann–Whitney for cost: Mann–Whitney sees a shift of the middle, while what
// moves cost is as often a tail (a share of calls sending whole documents) with the median
// unchanged; KS compares the whole distribution. The finish reason follows from the stored
// outcome (no payload is read, so the read stays one narrow query): no soft failure, an empty
// or an invalid output -> stop, truncated -> length, content_filter, refusal.
//
// A metric drifts when its p-value is below the rule's significance AND its effect is large
// enough to matter: with a million calls a window, a 0.2 % change is significant and useless.
// The effects are KS D (the largest gap between the two distribution functions), Cohen's h
// for rates and Cramér's V for the mix.

enum class FinishReasonClass { Stop, Length, ContentFilter, Refusal };
inline constexpr int kFinishReasonClasses = 4;
QString nameOf(FinishReasonClass reason);
// The finish reason an answered call had, from its soft failure (none: stop).
FinishReasonClass finishReasonOf(const std::optional<FailureCategory> &failure);

// The answered calls of one feature in one window (or a uniform sample of them).
struct DriftSample
{
    qint64 calls = 0; // answered calls in the sample
    bool sampled = false; // the window had more; this is a uniform sample of them
    std::vector<double> outputTokens;
    std::vector<double> costMicros;
    qint64 refusals = 0;
    qint64 invalidOutputs = 0;
    std::array<qint64, kFinishReasonClasses> finishReasons {};

    void add(qint64 outputTokens, qint64 costMicros, const std::optional<FailureCategory> &failure);
};

struct DriftSettings
{
    double significance = 0.01;
    qint64 minCalls = 200;       // answered calls in each window, below which nothing is judged
    double minKsDistance = 0.1;  // KS D: a tenth of the calls moved past any given value
    double minCohensH = 0.1;     // e.g. 1 % -> 2.2 %, 5 % -> 7.5 %
    double minCramersV = 0.1;
};

enum class DriftMetricKind { OutputLength, CostPerCall, RefusalRate, InvalidOutputRate, FinishReasons };
QString nameOf(DriftMetricKind kind); // "output length", ...

struct DriftMetric
{
    enum class Verdict { Steady, Drifted };
    DriftMetricKind kind = DriftMetricKind::OutputLength;
    Verdict verdict = Verdict::Steady;
    double statistic = 0; // KS D, z or χ²
    double pValue = 1;
    double effect = 0;    // KS D, Cohen's h or Cramér's V
    double baseline = 0;  // median tokens, mean micro-dollars, share; the mix: the share of `category`
    double recent = 0;
    FinishReasonClass category = FinishReasonClass::Length; // the mix: the reason besides stop that moved most
    QString text;         // "output length drifted (KS D=0.31, p<0.001; median 120→64 tokens)"

    bool drifted() const { return verdict == Verdict::Drifted; }
};

struct DriftReport
{
    QString feature;
    qint64 baselineCalls = 0;
    qint64 recentCalls = 0;
    bool sampled = false;
    bool tooFew = false; // either window had fewer answered calls than the rule needs
    std::vector<DriftMetric> metrics; // empty when tooFew

    bool drifted() const;
    // The smallest p-value among the drifted metrics; nullopt when none drifted.
    std::optional<double> strongestPValue() const;
    // "support-answer: output length drifted (…); refusal rate 1.0%→6.2% (z=8.1, p<0.001)",
    // "support-answer: no drift (…)" or "support-answer: too few calls to judge (…)".
    QString summary() const;
};

// Pure: compares the two windows metric by metric.
DriftReport compareWindows(const QString &feature, const DriftSample &baseline, const DriftSample &recent,
                           const DriftSettings &settings);

// "p<0.001" or "p=0.012".
QString pValueText(double p);

} // namespace switchboard::core::analytics
