#include "analytics/alertrule.h"

#include "analytics/sharetext.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>

namespace switchboard::core::analytics {
namespace {

QString scopeText(const AlertRule &rule)
{
    return rule.value.isEmpty() ? QStringLiteral("all traffic") : rule.dimension + QLatin1Char(' ') + rule.value;
}

QString dollars(qint64 micros)
{
    return QStringLiteral("$") + QString::number(double(micros) / 1e6, 'f', 2);
}

} // namespace

AlertEvaluation evaluateBudgets(const AlertRule &rule, const std::vector<BudgetStatus> &statuses)
{
    AlertEvaluation out;
    QStringList crossed;
    bool watched = false;
    for (const BudgetStatus &status : statuses) {
        if (!rule.value.isEmpty() && QString::number(status.budget.id) != rule.value)
            continue;
        watched = true;
        if (status.crossed.empty())
            continue;
        out.level = std::max(out.level, status.crossed.back());
        out.value = std::max(out.value.value_or(0), status.usedShare());
        crossed << QStringLiteral("%1: %2 of %3 this %4 (%5 % crossed)")
                       .arg(status.budget.scopeText(), percentText(status.usedShare()), dollars(status.budget.limitMicros),
                            store::nameOf(status.budget.period))
                       .arg(status.crossed.back());
    }
    out.firing = !crossed.isEmpty();
    if (out.firing)
        out.summary = crossed.join(QStringLiteral("; "));
    else if (!watched)
        out.summary = rule.value.isEmpty() ? QStringLiteral("no budgets to watch")
                                           : QStringLiteral("budget %1 no longer exists: point the rule at another").arg(rule.value);
    else
        out.summary = QStringLiteral("every budget watched is below its alert thresholds");
    return out;
}

DriftSettings driftSettingsOf(const AlertRule &rule)
{
    DriftSettings settings;
    settings.significance = rule.threshold;
    settings.minCalls = rule.minCalls;
    return settings;
}

AlertEvaluation evaluateDrift(const AlertRule &rule, const std::vector<DriftReport> &reports)
{
    AlertEvaluation out;
    QStringList drifted;
    int judged = 0;
    for (const DriftReport &report : reports) {
        if (!report.tooFew)
            ++judged;
        if (!report.drifted())
            continue;
        drifted << report.summary();
        out.value = std::min(out.value.value_or(1.0), report.strongestPValue().value_or(1.0));
    }
    out.firing = !drifted.isEmpty();
    if (out.firing) {
        out.summary = drifted.join(QStringLiteral(" · "));
    } else if (!rule.value.isEmpty()) {
        out.summary = reports.empty() ? QStringLiteral("%1: no calls to judge").arg(rule.value) : reports.front().summary();
        if (judged > 0)
            out.value = 1.0;
    } else if (reports.empty()) {
        out.summary = QStringLiteral("no feature had %1 calls in the last %2 min to judge").arg(rule.minCalls).arg(rule.forMinutes);
    } else {
        out.summary = QStringLiteral("no drift in %1 of %2 features with traffic").arg(judged).arg(reports.size());
        if (judged < int(reports.size()))
            out.summary += QStringLiteral(" (the others had too few calls to judge)");
        if (judged > 0)
            out.value = 1.0;
    }
    return out;
}

AlertEvaluation evaluate(const AlertRule &rule, const WindowTraffic &window, const WindowTraffic &baseline)
{
    AlertEvaluation out;
    const QString over = QStringLiteral(" over the last %1 min").arg(rule.forMinutes);
    const QString calls = QStringLiteral(", %1 calls").arg(window.calls);
    if (window.calls < rule.minCalls) {
        out.summary = QStringLiteral("%1 calls%2: fewer than the %3 the rule needs to judge").arg(window.calls).arg(over).arg(rule.minCalls);
        return out;
    }
    switch (rule.kind) {
    case AlertRule::Kind::ErrorRate:
        out.value = double(window.failed) / double(window.calls);
        out.summary = QStringLiteral("error rate ") + percentText(*out.value) + over + QStringLiteral(" (threshold ")
            + percentText(rule.threshold) + QLatin1Char(')') + calls;
        break;
    case AlertRule::Kind::FailureCategory: {
        const auto found = window.failures.find(rule.category);
        out.value = double(found == window.failures.end() ? 0 : found->second) / double(window.calls);
        out.summary = rule.category + QLatin1Char(' ') + percentText(*out.value) + over + QStringLiteral(" (threshold ")
            + percentText(rule.threshold) + QLatin1Char(')') + calls;
        break;
    }
    case AlertRule::Kind::P95Latency:
        out.value = double(window.latency.quantile(0.95).value_or(0)) / 1000.0;
        out.summary = QStringLiteral("p95 latency %1 ms").arg(qRound64(*out.value)) + over
            + QStringLiteral(" (threshold %1 ms)").arg(qRound64(rule.threshold)) + calls;
        break;
    case AlertRule::Kind::Budget:
        out.summary = QStringLiteral("a budget rule is judged on the budgets, not on traffic");
        return out;
    case AlertRule::Kind::Drift:
        out.summary = QStringLiteral("a drift rule is judged on the calls of two windows, not on a window's totals");
        return out;
    case AlertRule::Kind::CostSpike: {
        if (baseline.minutes <= 0 || baseline.costMicros <= 0) {
            out.summary = QStringLiteral("no cost in the 24 hours before to compare with");
            return out;
        }
        const double perMinute = double(window.costMicros) / double(std::max<qint64>(1, window.minutes));
        const double usual = double(baseline.costMicros) / double(baseline.minutes);
        out.value = perMinute / usual;
        out.summary = QStringLiteral("cost %1× its usual rate").arg(*out.value, 0, 'f', 1) + over
            + QStringLiteral(" (threshold %1×)").arg(rule.threshold, 0, 'f', 1) + calls;
        break;
    }
    }
    out.firing = out.value && *out.value > rule.threshold;
    out.summary = scopeText(rule) + QStringLiteral(": ") + out.summary;
    return out;
}

AlertChange advance(const AlertRule &rule, const std::optional<Alert> &open, const AlertEvaluation &evaluation, qint64 nowMs)
{
    AlertChange change;
    if (evaluation.firing) {
        if (open) {
            change.alert = *open;
            change.what = evaluation.level > open->level ? AlertChange::What::Escalated : AlertChange::What::Updated;
        } else {
            change.alert.ruleId = rule.id;
            change.alert.firstSeenMs = nowMs;
            change.what = AlertChange::What::Opened;
        }
        change.alert.ruleName = rule.name;
        change.alert.runbook = rule.runbook;
        change.alert.lastSeenMs = nowMs;
        change.alert.value = evaluation.value.value_or(0);
        change.alert.level = evaluation.level;
        change.alert.summary = evaluation.summary;
        return change;
    }
    if (open) {
        // Resolved once its window no longer breaches (or has too few calls to say).
        change.what = AlertChange::What::Resolved;
        change.alert = *open;
        change.alert.resolvedMs = nowMs;
    }
    return change;
}

QByteArray webhookBody(const AlertRule &rule, const AlertChange &change)
{
    const Alert &alert = change.alert;
    const bool resolved = change.what == AlertChange::What::Resolved;
    const bool escalated = change.what == AlertChange::What::Escalated;
    QString text = (resolved        ? QStringLiteral(":white_check_mark: Resolved: *")
                        : escalated ? QStringLiteral(":rotating_light: Escalated: *")
                                    : QStringLiteral(":rotating_light: *"))
        + rule.name
        + QStringLiteral("*\n") + alert.summary;
    if (!resolved && !rule.runbook.isEmpty())
        text += QStringLiteral("\nRunbook: ") + rule.runbook;
    const auto iso = [](qint64 ms) { return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODate); };
    QJsonObject details { { QStringLiteral("rule"), rule.name },
                          { QStringLiteral("kind"), nameOf(rule.kind) },
                          { QStringLiteral("state"), resolved ? QStringLiteral("resolved") : QStringLiteral("firing") },
                          { QStringLiteral("escalated"), escalated },
                          { QStringLiteral("level"), alert.level },
                          { QStringLiteral("value"), alert.value },
                          { QStringLiteral("threshold"), rule.threshold },
                          { QStringLiteral("first_seen"), iso(alert.firstSeenMs) },
                          { QStringLiteral("last_seen"), iso(alert.lastSeenMs) },
                          { QStringLiteral("summary"), alert.summary },
                          { QStringLiteral("runbook"), rule.runbook } };
    if (alert.resolvedMs)
        details.insert(QStringLiteral("resolved"), iso(*alert.resolvedMs));
    return QJsonDocument(QJsonObject { { QStringLiteral("text"), text }, { QStringLiteral("switchboard"), details } })
        .toJson(QJsonDocument::Compact);
}

} // namespace switchboard::core::analytics
