#pragma once

#include "model/error.h"

#include <QString>

#include <optional>
#include <vector>

namespace switchboard::core::store {

class Connection;

// A condition worth waking someone for, with what to do about it. Traffic rules are judged
// over the last `forMinutes` minutes of gateway traffic (all of it, one feature or one
// model) and only with at least `minCalls` calls there, so that a quiet minute with one
// failed call pages nobody. A budget rule fires when a budget (one, or any) crosses one of
// its own alert thresholds.
struct AlertRule
{
    enum class Kind {
        ErrorRate,       // failed calls / calls above threshold (0.05 = 5 %)
        FailureCategory, // calls failing with `category` / calls above threshold
        P95Latency,      // p95 latency above threshold milliseconds
        CostSpike,       // cost per minute above threshold times its average over the 24 hours before
        Budget,          // a budget crossed one of its thresholds; `value` is its id, or empty for any
        Drift,           // a feature's answers changed: the last `forMinutes` against the 7 days before,
                         // threshold the significance level (analytics/drift.h); `value` a feature or
                         // empty for each feature with traffic, `minCalls` answered calls per window
    };

    qint64 id = 0;
    QString name;
    Kind kind = Kind::ErrorRate;
    QString dimension; // "", "feature" or "model"; "budget" for budget rules
    QString value;     // the feature, model or budget id; empty for all
    QString category;  // for FailureCategory
    double threshold = 0;
    int forMinutes = 10;
    qint64 minCalls = 20;
    QString runbook; // shown with the alert: what to look at, whom to call
    QString webhook; // an http(s) URL, or env:NAME for a URL kept in the environment; empty: console only
    bool enabled = true;

    friend bool operator==(const AlertRule &, const AlertRule &) = default;
};

QString nameOf(AlertRule::Kind kind);
std::optional<AlertRule::Kind> alertKindFromString(QStringView name);
// A webhook as it may be shown: the scheme and host of a URL (its path often holds a
// secret, as Slack's does), or the env:NAME reference.
QString displayedWebhook(const QString &webhook);

// One alert: a rule that fired, from when until when, and who acknowledged it.
struct Alert
{
    qint64 id = 0;
    qint64 ruleId = 0;
    QString ruleName;
    qint64 firstSeenMs = 0;
    qint64 lastSeenMs = 0;
    std::optional<qint64> resolvedMs;
    std::optional<qint64> acknowledgedMs;
    QString acknowledgedBy;
    double value = 0;
    int level = 0; // budget rules: the highest threshold crossed (percent)
    QString summary;
    QString delivery; // how the last webhook went; empty when none was sent
    QString runbook;  // the rule's, as read back

    bool isOpen() const { return !resolvedMs; }
    friend bool operator==(const Alert &, const Alert &) = default;
};

class AlertRepository final
{
public:
    explicit AlertRepository(Connection &connection) : m_connection(connection) { }

    Result<std::vector<AlertRule>> rules();
    // Adds a rule (id 0) or changes one; audited. Returns it with its id.
    Result<AlertRule> saveRule(const AlertRule &rule, const QString &actor, qint64 nowMs);
    // Removes a rule, resolving its open alert; its alerts stay in the history. Audited.
    Result<void> removeRule(qint64 id, const QString &reason, const QString &actor, qint64 nowMs);

    // Takes the right to judge a rule now, unless a program did less than `intervalMs` ago.
    Result<bool> claimEvaluation(qint64 ruleId, qint64 nowMs, qint64 intervalMs);
    Result<std::optional<Alert>> openAlert(qint64 ruleId);
    // Writes an opened (id 0: inserted, id set on return), updated or resolved alert.
    Result<Alert> writeAlert(const Alert &alert);
    Result<void> recordDelivery(qint64 alertId, const QString &delivery);

    // Open alerts first, then the most recently seen, up to `limit`.
    Result<std::vector<Alert>> alerts(int limit = 500);
    // The open alerts of the rules of one kind, the newest first (the Overview lists drift).
    Result<std::vector<Alert>> openAlerts(AlertRule::Kind kind, int limit = 20);
    Result<void> acknowledge(qint64 alertId, const QString &actor, qint64 nowMs);

    // What is wrong with a rule, in words that say how to fix it; empty when valid.
    static QString problemWith(const AlertRule &rule);

private:
    Connection &m_connection;
};

} // namespace switchboard::core::store
