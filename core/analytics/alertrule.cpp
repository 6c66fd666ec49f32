#include "analytics/alertrule.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>

namespace switchboard::core::analytics {
namespace {

constexpr std::pair<AlertRule::Kind, const char *> kKinds[] = {
    { AlertRule::Kind::ErrorRate, "error_rate" },
    { AlertRule::Kind::FailureCategory, "failure_category" },
    { AlertRule::Kind::P95Latency, "p95_latency" },
    { AlertRule::Kind::CostSpike, "cost_spike" },
};

QString percentText(double share)
{
    return QString::number(share * 100.0, 'f', 1) + QStringLiteral(" %");
}

QString scopeText(const AlertRule &rule)
{
    return rule.value.isEmpty() ? QStringLiteral("all traffic") : rule.dimension + QLatin1Char(' ') + rule.value;
}

} // namespace

QString nameOf(AlertRule::Kind kind)
{
    for (const auto &[k, name] : kKinds) {
        if (k == kind)
            return QString::fromLatin1(name);
    }
    return {};
}

std::optional<AlertRule::Kind> alertKindFromString(QStringView name)
{
    for (const auto &[kind, text] : kKinds) {
        if (name == QLatin1String(text))
            return kind;
    }
    return std::nullopt;
}

QString problemWith(const AlertRule &rule)
{
    if (rule.name.trimmed().isEmpty())
        return QStringLiteral("Name the rule: the name is what the alert says first.");
    if (!rule.dimension.isEmpty() && rule.dimension != QLatin1String("feature") && rule.dimension != QLatin1String("model"))
        return QStringLiteral("A rule watches all traffic, one feature or one model.");
    if (!rule.dimension.isEmpty() && rule.value.isEmpty())
        return QStringLiteral("Name the %1 the rule watches.").arg(rule.dimension);
    if (rule.kind == AlertRule::Kind::FailureCategory && rule.category.isEmpty())
        return QStringLiteral("Choose the failure category the rule watches, e.g. rate_limited.");
    if (rule.threshold <= 0)
        return QStringLiteral("Give a threshold above 0.");
    if ((rule.kind == AlertRule::Kind::ErrorRate || rule.kind == AlertRule::Kind::FailureCategory) && rule.threshold >= 1)
        return QStringLiteral("Rates are shares below 100 %: 0.05 is 5 %.");
    if (rule.forMinutes < 1 || rule.forMinutes > 1440)
        return QStringLiteral("Judge a rule over 1 to 1440 minutes.");
    if (!rule.webhookUrl.isEmpty() && !rule.webhookUrl.startsWith(QLatin1String("https://"))
        && !rule.webhookUrl.startsWith(QLatin1String("http://")))
        return QStringLiteral("A webhook is an http:// or https:// address.");
    return {};
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
        change.alert = open.value_or(Alert { 0, rule.id, nowMs, nowMs, std::nullopt, std::nullopt, {}, 0, {} });
        change.what = open ? AlertChange::What::Updated : AlertChange::What::Opened;
        change.alert.lastSeenMs = nowMs;
        change.alert.value = evaluation.value.value_or(0);
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
    QString text = (resolved ? QStringLiteral(":white_check_mark: Resolved: *") : QStringLiteral(":rotating_light: *")) + rule.name
        + QStringLiteral("*\n") + alert.summary;
    if (!resolved && !rule.runbook.isEmpty())
        text += QStringLiteral("\nRunbook: ") + rule.runbook;
    const auto iso = [](qint64 ms) { return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODate); };
    QJsonObject details { { QStringLiteral("rule"), rule.name },
                          { QStringLiteral("kind"), nameOf(rule.kind) },
                          { QStringLiteral("state"), resolved ? QStringLiteral("resolved") : QStringLiteral("firing") },
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
