#include "store/alertrepository.h"

#include "model/enumnames.h"
#include "model/failurecategory.h"
#include "store/auditlogrepository.h"
#include "store/connection.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QUrl>

namespace switchboard::core::store {
namespace {

constexpr EnumNames<AlertRule::Kind, 6> kKinds { {
    { AlertRule::Kind::ErrorRate, "error_rate" },
    { AlertRule::Kind::FailureCategory, "failure_category" },
    { AlertRule::Kind::P95Latency, "p95_latency" },
    { AlertRule::Kind::CostSpike, "cost_spike" },
    { AlertRule::Kind::Budget, "budget" },
    { AlertRule::Kind::Drift, "drift" },
} };

constexpr auto kRuleColumns = "id, name, kind, dimension, value, category, threshold, for_minutes, min_calls, runbook, "
                              "webhook, enabled";
constexpr auto kAlertColumns = "a.id, a.rule_id, a.rule_name, a.first_seen_ms, a.last_seen_ms, a.resolved_ms, "
                               "a.acknowledged_ms, a.acknowledged_by, a.value, a.level, a.summary, a.delivery, "
                               "COALESCE(r.runbook, '')";

std::optional<qint64> optionalOf(const QVariant &value)
{
    return value.isNull() ? std::nullopt : std::optional(value.toLongLong());
}

Alert alertFrom(const QSqlQuery &row)
{
    Alert alert;
    alert.id = row.value(0).toLongLong();
    alert.ruleId = row.value(1).toLongLong();
    alert.ruleName = row.value(2).toString();
    alert.firstSeenMs = row.value(3).toLongLong();
    alert.lastSeenMs = row.value(4).toLongLong();
    alert.resolvedMs = optionalOf(row.value(5));
    alert.acknowledgedMs = optionalOf(row.value(6));
    alert.acknowledgedBy = row.value(7).toString();
    alert.value = row.value(8).toDouble();
    alert.level = row.value(9).toInt();
    alert.summary = row.value(10).toString();
    alert.delivery = row.value(11).toString();
    alert.runbook = row.value(12).toString();
    return alert;
}

bool isWebhookReference(const QString &webhook)
{
    return webhook.startsWith(QLatin1String("env:"));
}

QString ruleDetails(const AlertRule &rule)
{
    // The webhook as shown, never whole: its path may be a secret.
    const QJsonObject details { { QStringLiteral("kind"), nameOf(rule.kind) },
                                { QStringLiteral("scope"), rule.value.isEmpty() ? QString() : rule.dimension + u' ' + rule.value },
                                { QStringLiteral("category"), rule.category },
                                { QStringLiteral("threshold"), rule.threshold },
                                { QStringLiteral("for_minutes"), rule.forMinutes },
                                { QStringLiteral("min_calls"), rule.minCalls },
                                { QStringLiteral("webhook"), displayedWebhook(rule.webhook) },
                                { QStringLiteral("enabled"), rule.enabled } };
    return QString::fromUtf8(QJsonDocument(details).toJson(QJsonDocument::Compact));
}

} // namespace

QString nameOf(AlertRule::Kind kind)
{
    return enumName(kKinds, kind);
}

std::optional<AlertRule::Kind> alertKindFromString(QStringView name)
{
    return enumValue(kKinds, name);
}

QString displayedWebhook(const QString &webhook)
{
    if (webhook.isEmpty() || isWebhookReference(webhook))
        return webhook;
    const QUrl url(webhook);
    const QString shown = url.scheme() + QStringLiteral("://") + url.host() + (url.port() > 0 ? u':' + QString::number(url.port()) : QString());
    return url.path().size() > 1 ? shown + QStringLiteral("/…") : shown;
}

QString AlertRepository::problemWith(const AlertRule &rule)
{
    using Kind = AlertRule::Kind;
    if (rule.name.trimmed().isEmpty())
        return QStringLiteral("Name the rule: the name is what the alert says first.");
    if (rule.kind == Kind::Budget) {
        if (!rule.dimension.isEmpty() && rule.dimension != QLatin1String("budget"))
            return QStringLiteral("A budget rule watches one budget or all of them.");
        bool numeric = rule.value.isEmpty();
        if (!numeric)
            rule.value.toLongLong(&numeric);
        if (!numeric)
            return QStringLiteral("A budget rule names its budget by id (see the Budgets page), or none for every budget.");
    } else if (rule.kind == Kind::Drift) {
        if (!rule.dimension.isEmpty() && rule.dimension != QLatin1String("feature"))
            return QStringLiteral("A drift rule watches one feature, or every feature with traffic.");
        if (!rule.dimension.isEmpty() && rule.value.trimmed().isEmpty())
            return QStringLiteral("Name the feature the rule watches, or watch every feature.");
        if (rule.threshold <= 0 || rule.threshold > 0.2)
            return QStringLiteral("A drift rule's threshold is its significance level, above 0 and at most 0.2: 0.01 is usual.");
        if (rule.forMinutes < 60 || rule.forMinutes > 1440)
            return QStringLiteral("Compare the last 60 to 1440 minutes (a day) with the week before.");
        if (rule.minCalls < 30)
            return QStringLiteral("A drift rule needs at least 30 answered calls in each window to judge; 200 is usual.");
    } else {
        if (!rule.dimension.isEmpty() && rule.dimension != QLatin1String("feature") && rule.dimension != QLatin1String("model"))
            return QStringLiteral("A rule watches all traffic, one feature or one model.");
        if (!rule.dimension.isEmpty() && rule.value.trimmed().isEmpty())
            return QStringLiteral("Name the %1 the rule watches.").arg(rule.dimension);
        if (rule.threshold <= 0)
            return QStringLiteral("Give a threshold above 0.");
        if ((rule.kind == Kind::ErrorRate || rule.kind == Kind::FailureCategory) && rule.threshold >= 1)
            return QStringLiteral("Rates are shares below 100 %: 0.05 is 5 %.");
        if (rule.kind == Kind::CostSpike && rule.threshold <= 1)
            return QStringLiteral("A cost spike is a multiple of the usual rate above 1, e.g. 3 for three times.");
        if (rule.forMinutes < 1 || rule.forMinutes > 1440)
            return QStringLiteral("Judge a rule over 1 to 1440 minutes.");
        if (rule.minCalls < 1)
            return QStringLiteral("A rule needs at least 1 call to judge.");
    }
    if (rule.kind == Kind::FailureCategory && !failureCategoryFromString(rule.category))
        return QStringLiteral("Choose the failure category the rule watches, e.g. rate_limited or timeout.");
    if (isWebhookReference(rule.webhook)) {
        const QString name = rule.webhook.mid(4);
        if (name.isEmpty() || name.contains(u' ') || name.contains(u'='))
            return QStringLiteral("env: names the environment variable that holds the webhook's URL, e.g. env:SLACK_WEBHOOK_URL.");
    } else if (!rule.webhook.isEmpty()) {
        const QUrl url(rule.webhook, QUrl::StrictMode);
        if (!url.isValid() || url.host().isEmpty() || (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http")))
            return QStringLiteral("A webhook is an http:// or https:// address, or env:NAME for one kept in the environment.");
    }
    return {};
}

Result<std::vector<AlertRule>> AlertRepository::rules()
{
    auto rows = m_connection.exec(QStringLiteral("SELECT %1 FROM alert_rules ORDER BY name").arg(QLatin1String(kRuleColumns)));
    if (!rows)
        return std::unexpected(rows.error());
    std::vector<AlertRule> out;
    while (rows->next()) {
        const auto kind = alertKindFromString(rows->value(2).toString());
        if (!kind)
            continue; // written by a newer program: judged by it
        AlertRule rule;
        rule.id = rows->value(0).toLongLong();
        rule.name = rows->value(1).toString();
        rule.kind = *kind;
        rule.dimension = rows->value(3).toString();
        rule.value = rows->value(4).toString();
        rule.category = rows->value(5).toString();
        rule.threshold = rows->value(6).toDouble();
        rule.forMinutes = rows->value(7).toInt();
        rule.minCalls = rows->value(8).toLongLong();
        rule.runbook = rows->value(9).toString();
        rule.webhook = rows->value(10).toString();
        rule.enabled = rows->value(11).toBool();
        out.push_back(std::move(rule));
    }
    if (auto read = m_connection.readCompleted(*rows); !read)
        return std::unexpected(read.error());
    return out;
}

Result<AlertRule> AlertRepository::saveRule(const AlertRule &rule, const QString &actor, qint64 nowMs)
{
    if (const QString problem = problemWith(rule); !problem.isEmpty())
        return fail(ErrorCode::InvalidArgument, problem);
    AlertRule saved = rule;
    saved.name = saved.name.trimmed();
    if (saved.value.isEmpty())
        saved.dimension.clear();
    const QVariantList values { saved.name,      nameOf(saved.kind), saved.dimension, saved.value,   saved.category,
                                saved.threshold, saved.forMinutes,   saved.minCalls,  saved.runbook, saved.webhook,
                                saved.enabled ? 1 : 0 };
    auto written = m_connection.writeTransaction([&]() -> Result<void> {
        auto clash = m_connection.exec(QStringLiteral("SELECT id FROM alert_rules WHERE name = ? AND id <> ?"), { saved.name, saved.id });
        if (!clash)
            return std::unexpected(clash.error());
        if (clash->next())
            return fail(ErrorCode::Conflict, QStringLiteral("A rule named \"%1\" exists already: choose another name.").arg(saved.name));
        Result<QSqlQuery> row = saved.id == 0
            ? m_connection.exec(QStringLiteral("INSERT INTO alert_rules (name, kind, dimension, value, category, threshold, "
                                               "for_minutes, min_calls, runbook, webhook, enabled, created_ms) "
                                               "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"),
                                values + QVariantList { nowMs })
            : m_connection.exec(QStringLiteral("UPDATE alert_rules SET name = ?, kind = ?, dimension = ?, value = ?, category = ?, "
                                               "threshold = ?, for_minutes = ?, min_calls = ?, runbook = ?, webhook = ?, "
                                               "enabled = ?, evaluated_ms = 0 WHERE id = ? RETURNING id"),
                                values + QVariantList { saved.id });
        if (!row)
            return std::unexpected(row.error());
        if (!row->next())
            return fail(ErrorCode::NotFound, QStringLiteral("That rule is gone; refresh the list and add it again."));
        const QString action = saved.id == 0 ? QStringLiteral("alert_rule.add") : QStringLiteral("alert_rule.change");
        saved.id = row->value(0).toLongLong();
        return AuditLogRepository(m_connection)
            .append(nowMs, actor, action, QStringLiteral("alert_rule"), saved.name, {}, ruleDetails(saved));
    });
    if (!written)
        return std::unexpected(written.error());
    return saved;
}

Result<void> AlertRepository::removeRule(qint64 id, const QString &reason, const QString &actor, qint64 nowMs)
{
    if (reason.trimmed().isEmpty())
        return fail(ErrorCode::InvalidArgument, QStringLiteral("Say why the rule goes; the reason goes to the audit log."));
    return m_connection.writeTransaction([&]() -> Result<void> {
        auto removed = m_connection.exec(QStringLiteral("DELETE FROM alert_rules WHERE id = ? RETURNING name"), { id });
        if (!removed)
            return std::unexpected(removed.error());
        if (!removed->next())
            return fail(ErrorCode::NotFound, QStringLiteral("That rule is gone already; refresh the list."));
        const QString name = removed->value(0).toString();
        auto resolved = m_connection.exec(QStringLiteral("UPDATE alerts SET resolved_ms = ?, summary = summary || ? "
                                                         "WHERE rule_id = ? AND resolved_ms IS NULL"),
                                          { nowMs, QStringLiteral(" (rule removed)"), id });
        if (!resolved)
            return std::unexpected(resolved.error());
        return AuditLogRepository(m_connection).append(nowMs, actor, QStringLiteral("alert_rule.remove"), QStringLiteral("alert_rule"), name, reason);
    });
}

Result<bool> AlertRepository::claimEvaluation(qint64 ruleId, qint64 nowMs, qint64 intervalMs)
{
    bool claimed = false;
    auto written = m_connection.writeTransaction([&]() -> Result<void> {
        // A clock that went back by more than an interval takes the lease too.
        auto row = m_connection.exec(QStringLiteral("UPDATE alert_rules SET evaluated_ms = ? WHERE id = ? AND enabled = 1 "
                                                    "AND (evaluated_ms <= ? OR evaluated_ms > ?) RETURNING id"),
                                     { nowMs, ruleId, nowMs - intervalMs, nowMs + intervalMs });
        if (!row)
            return std::unexpected(row.error());
        claimed = row->next();
        return {};
    });
    if (!written)
        return std::unexpected(written.error());
    return claimed;
}

Result<std::optional<Alert>> AlertRepository::openAlert(qint64 ruleId)
{
    auto row = m_connection.exec(QStringLiteral("SELECT %1 FROM alerts a LEFT JOIN alert_rules r ON r.id = a.rule_id "
                                                "WHERE a.rule_id = ? AND a.resolved_ms IS NULL")
                                     .arg(QLatin1String(kAlertColumns)),
                                 { ruleId });
    if (!row)
        return std::unexpected(row.error());
    std::optional<Alert> out;
    if (row->next())
        out = alertFrom(*row);
    if (auto read = m_connection.readCompleted(*row); !read)
        return std::unexpected(read.error());
    return out;
}

Result<Alert> AlertRepository::writeAlert(const Alert &alert)
{
    Alert written = alert;
    auto done = m_connection.writeTransaction([&]() -> Result<void> {
        if (alert.id == 0) {
            auto row = m_connection.exec(QStringLiteral("INSERT INTO alerts (rule_id, rule_name, first_seen_ms, last_seen_ms, "
                                                        "resolved_ms, value, level, summary) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"),
                                         { alert.ruleId, alert.ruleName, alert.firstSeenMs, alert.lastSeenMs,
                                           nullableValue(alert.resolvedMs), alert.value, alert.level, alert.summary });
            if (!row)
                return row.error().code == ErrorCode::Conflict
                    ? fail(ErrorCode::Conflict, QStringLiteral("The rule \"%1\" has an open alert already.").arg(alert.ruleName))
                    : std::unexpected(row.error());
            row->next();
            written.id = row->value(0).toLongLong();
            return {};
        }
        auto row = m_connection.exec(QStringLiteral("UPDATE alerts SET last_seen_ms = ?, resolved_ms = ?, value = ?, level = ?, "
                                                    "summary = ? WHERE id = ? RETURNING id"),
                                     { alert.lastSeenMs, nullableValue(alert.resolvedMs), alert.value, alert.level, alert.summary, alert.id });
        if (!row)
            return std::unexpected(row.error());
        if (!row->next())
            return fail(ErrorCode::NotFound, QStringLiteral("Alert %1 is gone.").arg(alert.id));
        return {};
    });
    if (!done)
        return std::unexpected(done.error());
    return written;
}

Result<void> AlertRepository::recordDelivery(qint64 alertId, const QString &delivery)
{
    return m_connection.writeTransaction([&]() -> Result<void> {
        auto row = m_connection.exec(QStringLiteral("UPDATE alerts SET delivery = ? WHERE id = ?"), { delivery, alertId });
        if (!row)
            return std::unexpected(row.error());
        return {};
    });
}

Result<std::vector<Alert>> AlertRepository::alerts(int limit)
{
    auto rows = m_connection.exec(QStringLiteral("SELECT %1 FROM alerts a LEFT JOIN alert_rules r ON r.id = a.rule_id "
                                                 "ORDER BY CASE WHEN a.resolved_ms IS NULL THEN 0 ELSE 1 END, a.last_seen_ms DESC, "
                                                 "a.id DESC LIMIT ?")
                                      .arg(QLatin1String(kAlertColumns)),
                                  { limit });
    if (!rows)
        return std::unexpected(rows.error());
    std::vector<Alert> out;
    while (rows->next())
        out.push_back(alertFrom(*rows));
    if (auto read = m_connection.readCompleted(*rows); !read)
        return std::unexpected(read.error());
    return out;
}

Result<std::vector<Alert>> AlertRepository::openAlerts(AlertRule::Kind kind, int limit)
{
    auto rows = m_connection.exec(QStringLiteral("SELECT %1 FROM alerts a JOIN alert_rules r ON r.id = a.rule_id "
                                                 "WHERE a.resolved_ms IS NULL AND r.kind = ? ORDER BY a.first_seen_ms DESC, a.id DESC "
                                                 "LIMIT ?")
                                      .arg(QLatin1String(kAlertColumns)),
                                  { nameOf(kind), limit });
    if (!rows)
        return std::unexpected(rows.error());
    std::vector<Alert> out;
    while (rows->next())
        out.push_back(alertFrom(*rows));
    if (auto read = m_connection.readCompleted(*rows); !read)
        return std::unexpected(read.error());
    return out;
}

Result<void> AlertRepository::acknowledge(qint64 alertId, const QString &actor, qint64 nowMs)
{
    return m_connection.writeTransaction([&]() -> Result<void> {
        auto row = m_connection.exec(QStringLiteral("UPDATE alerts SET acknowledged_ms = ?, acknowledged_by = ? "
                                                    "WHERE id = ? AND acknowledged_ms IS NULL RETURNING rule_name"),
                                     { nowMs, actor, alertId });
        if (!row)
            return std::unexpected(row.error());
        if (!row->next())
            return fail(ErrorCode::NotFound, QStringLiteral("That alert is acknowledged already or gone; refresh the list."));
        return AuditLogRepository(m_connection)
            .append(nowMs, actor, QStringLiteral("alert.acknowledge"), QStringLiteral("alert"), row->value(0).toString(), {});
    });
}

} // namespace switchboard::core::store
