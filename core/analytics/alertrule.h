#pragma once

#include "analytics/budgetstatus.h"
#include "analytics/drift.h"
#include "analytics/loghistogram.h"
#include "store/alertrepository.h"

#include <QByteArray>
#include <QString>

#include <map>
#include <optional>
#include <vector>

namespace switchboard::core::analytics {

using store::Alert;
using store::AlertRule;

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
    int level = 0;               // budget rules: the highest threshold crossed (percent)
    QString summary;             // "error rate 7.2 % over the last 10 min (threshold 5 %), 412 calls"
};

// Pure: judges a rule over its window, with the baseline (the 24 hours before) for spikes.
AlertEvaluation evaluate(const AlertRule &rule, const WindowTraffic &window, const WindowTraffic &baseline);
// Pure: judges a budget rule against the budgets' status (those it does not watch are skipped).
AlertEvaluation evaluateBudgets(const AlertRule &rule, const std::vector<BudgetStatus> &statuses);
// Pure: judges a drift rule on the features' reports (one, or each feature with traffic). It
// fires when any feature drifted; the summary names each one and what drifted, the value is
// the smallest p-value among them.
AlertEvaluation evaluateDrift(const AlertRule &rule, const std::vector<DriftReport> &reports);
// The settings a drift rule judges with: its threshold as the significance, its minimum calls.
DriftSettings driftSettingsOf(const AlertRule &rule);

// What an evaluation does to a rule's open alert: opens one, keeps it (last seen, value),
// escalates it (a budget crossed a higher threshold), resolves it, or nothing. Pure, for an
// injected clock.
struct AlertChange
{
    enum class What { None, Opened, Updated, Escalated, Resolved };
    What what = What::None;
    Alert alert;

    // Whether the change is worth a webhook: an update only moves "last seen".
    bool notifies() const { return what == What::Opened || what == What::Escalated || what == What::Resolved; }
};
AlertChange advance(const AlertRule &rule, const std::optional<Alert> &open, const AlertEvaluation &evaluation, qint64 nowMs);

// The webhook's JSON body: Slack's incoming-webhook "text" (with the runbook), and the alert
// as fields for other receivers.
QByteArray webhookBody(const AlertRule &rule, const AlertChange &change);

} // namespace switchboard::core::analytics
