#pragma once

#include "analytics/loghistogram.h"

#include <QByteArray>
#include <QString>

#include <map>
#include <optional>
#include <vector>

namespace switchboard::core::analytics {

// A condition on recent gateway traffic worth waking someone for, with what to do about it.
// Each is judged over the last `forMinutes` minutes of the rollups' minute slices (all
// traffic, or one feature or model), and only with at least `minCalls` calls there, so a
// quiet minute with one failed call does not page anyone.
struct AlertRule
{
    enum class Kind {
        ErrorRate,       // failed calls / calls above threshold (0.05 = 5 %)
        FailureCategory, // calls failing with `category` / calls above threshold
        P95Latency,      // p95 latency above threshold milliseconds
        CostSpike,       // cost per minute above threshold times its average over the 24 hours before
    };

    qint64 id = 0;
    QString name;
    Kind kind = Kind::ErrorRate;
    QString dimension; // "", "feature" or "model"
    QString value;     // the feature or model; empty for all traffic
    QString category;  // for FailureCategory
    double threshold = 0;
    int forMinutes = 10;
    qint64 minCalls = 20;
    QString runbook;    // shown with the alert: what to look at, whom to call
    QString webhookUrl; // empty: shown in the console only
    bool enabled = true;

    friend bool operator==(const AlertRule &, const AlertRule &) = default;
};

QString nameOf(AlertRule::Kind kind);
std::optional<AlertRule::Kind> alertKindFromString(QStringView name);
// What is wrong with a rule, in words that say how to fix it; empty when valid.
QString problemWith(const AlertRule &rule);

// Traffic summed over a window of minutes.
struct WindowTraffic
{
    qint64 minutes = 0;
    qint64 calls = 0;
    qint64 failed = 0;
    qint64 costMicros = 0;
    std::map<QString, qint64> failures; // category -> calls
    LogHistogram latency;
};

struct AlertEvaluation
{
    bool firing = false;
    std::optional<double> value; // what was measured, in the threshold's unit; nullopt: too few calls
    QString summary;             // "error rate 7.2 % over the last 10 min (threshold 5 %), 412 calls"
};

// Pure: judges a rule over its window, with the baseline (the 24 hours before) for spikes.
AlertEvaluation evaluate(const AlertRule &rule, const WindowTraffic &window, const WindowTraffic &baseline);

// One alert: a rule that fired, from when until when, and who acknowledged it.
struct Alert
{
    qint64 id = 0;
    qint64 ruleId = 0;
    qint64 firstSeenMs = 0;
    qint64 lastSeenMs = 0;
    std::optional<qint64> resolvedMs;
    std::optional<qint64> acknowledgedMs;
    QString acknowledgedBy;
    double value = 0;
    QString summary;

    bool isOpen() const { return !resolvedMs; }
};

// What an evaluation does to a rule's open alert: opens one, keeps it (last seen, value),
// resolves it, or nothing. Pure, for an injected clock.
struct AlertChange
{
    enum class What { None, Opened, Updated, Resolved };
    What what = What::None;
    Alert alert;
};
AlertChange advance(const AlertRule &rule, const std::optional<Alert> &open, const AlertEvaluation &evaluation, qint64 nowMs);

// The webhook's JSON body: Slack's incoming-webhook "text" (with the runbook), and the alert
// as fields for other receivers.
QByteArray webhookBody(const AlertRule &rule, const AlertChange &change);

} // namespace switchboard::core::analytics
