#include "store/budgetrepository.h"

#include "store/auditlogrepository.h"
#include "store/connection.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace switchboard::core::store {
namespace {

std::optional<Budget::Scope> scopeFrom(const QString &name)
{
    for (auto scope : { Budget::Scope::Workspace, Budget::Scope::Tenant, Budget::Scope::Feature, Budget::Scope::Key }) {
        if (nameOf(scope) == name)
            return scope;
    }
    return std::nullopt;
}

QString thresholdsJson(const std::vector<int> &thresholds)
{
    QJsonArray array;
    for (int t : thresholds)
        array.append(t);
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

std::vector<int> thresholdsFrom(const QString &json)
{
    std::vector<int> out;
    for (const QJsonValue &value : QJsonDocument::fromJson(json.toUtf8()).array())
        out.push_back(value.toInt());
    return out;
}

QString dollars(qint64 micros)
{
    return QStringLiteral("$") + QString::number(double(micros) / 1e6, 'f', 2);
}

} // namespace

QString nameOf(Budget::Scope scope)
{
    switch (scope) {
    case Budget::Scope::Workspace: return QStringLiteral("workspace");
    case Budget::Scope::Tenant: return QStringLiteral("tenant");
    case Budget::Scope::Feature: return QStringLiteral("feature");
    case Budget::Scope::Key: return QStringLiteral("key");
    }
    return {};
}

QString nameOf(Budget::Period period)
{
    return period == Budget::Period::Day ? QStringLiteral("day") : QStringLiteral("month");
}

QString Budget::scopeText() const
{
    switch (scope) {
    case Scope::Workspace: return QStringLiteral("Workspace");
    case Scope::Tenant: return QStringLiteral("Tenant ") + scopeValue;
    case Scope::Feature: return QStringLiteral("Feature ") + scopeValue;
    case Scope::Key: return QStringLiteral("Key ") + (keyName.isEmpty() ? scopeValue : keyName);
    }
    return {};
}

QString BudgetRepository::problemWith(const Budget &budget)
{
    if (budget.limitMicros <= 0)
        return QStringLiteral("A budget needs a limit above $0.00.");
    if (budget.scope != Budget::Scope::Workspace && budget.scopeValue.trimmed().isEmpty())
        return QStringLiteral("Name the %1 this budget is for.").arg(nameOf(budget.scope));
    if (budget.thresholds.empty())
        return QStringLiteral("Give at least one alert threshold, for example 80 or 100 (percent of the limit).");
    for (std::size_t i = 0; i < budget.thresholds.size(); ++i) {
        const int t = budget.thresholds[i];
        if (t < 1 || t > 1000)
            return QStringLiteral("Alert thresholds are percentages of the limit from 1 to 1000; %1 is not.").arg(t);
        if (i > 0 && t <= budget.thresholds[i - 1])
            return QStringLiteral("List alert thresholds from the lowest up, each once (e.g. 50, 80, 100).");
    }
    return {};
}

Result<std::vector<Budget>> BudgetRepository::list()
{
    auto rows = m_connection.exec(QStringLiteral(
        "SELECT b.id, b.scope_kind, b.scope_value, b.period, b.limit_micros, b.thresholds_json, b.hard_limit, b.created_ms, "
        "COALESCE((SELECT k.name FROM gateway_keys k WHERE b.scope_kind = 'key' AND CAST(k.id AS TEXT) = b.scope_value), '') "
        "FROM budgets b ORDER BY CASE b.scope_kind WHEN 'workspace' THEN 0 WHEN 'tenant' THEN 1 WHEN 'feature' THEN 2 ELSE 3 END, "
        "b.scope_value, b.period"));
    if (!rows)
        return std::unexpected(rows.error());
    std::vector<Budget> out;
    while (rows->next()) {
        const auto scope = scopeFrom(rows->value(1).toString());
        if (!scope)
            continue; // written by a newer program: shown by it
        Budget budget;
        budget.id = rows->value(0).toLongLong();
        budget.scope = *scope;
        budget.scopeValue = rows->value(2).toString();
        budget.period = rows->value(3).toString() == QLatin1String("day") ? Budget::Period::Day : Budget::Period::Month;
        budget.limitMicros = rows->value(4).toLongLong();
        budget.thresholds = thresholdsFrom(rows->value(5).toString());
        budget.hardLimit = rows->value(6).toBool();
        budget.createdMs = rows->value(7).toLongLong();
        budget.keyName = rows->value(8).toString();
        out.push_back(std::move(budget));
    }
    if (auto read = m_connection.readCompleted(*rows); !read)
        return std::unexpected(read.error());
    return out;
}

Result<Budget> BudgetRepository::save(const Budget &budget, const QString &actor, qint64 nowMs)
{
    if (const QString problem = problemWith(budget); !problem.isEmpty())
        return fail(ErrorCode::InvalidArgument, problem);
    Budget saved = budget;
    if (saved.scope == Budget::Scope::Workspace)
        saved.scopeValue.clear();
    saved.createdMs = nowMs;
    auto written = m_connection.writeTransaction([&]() -> Result<void> {
        auto upserted = m_connection.exec(
            QStringLiteral("INSERT INTO budgets (scope_kind, scope_value, period, limit_micros, thresholds_json, hard_limit, "
                           "created_ms) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (scope_kind, scope_value, period) DO UPDATE SET "
                           "limit_micros = excluded.limit_micros, thresholds_json = excluded.thresholds_json, "
                           "hard_limit = excluded.hard_limit RETURNING id"),
            { nameOf(saved.scope), saved.scopeValue, nameOf(saved.period), saved.limitMicros, thresholdsJson(saved.thresholds),
              saved.hardLimit ? 1 : 0, nowMs });
        if (!upserted)
            return std::unexpected(upserted.error());
        upserted->next();
        saved.id = upserted->value(0).toLongLong();
        const QJsonObject details { { QStringLiteral("period"), nameOf(saved.period) },
                                    { QStringLiteral("limit"), dollars(saved.limitMicros) },
                                    { QStringLiteral("thresholds"), thresholdsJson(saved.thresholds) },
                                    { QStringLiteral("hard_limit"), saved.hardLimit } };
        return AuditLogRepository(m_connection)
            .append(nowMs, actor, QStringLiteral("budget.set"), QStringLiteral("budget"), saved.scopeText(), {},
                    QString::fromUtf8(QJsonDocument(details).toJson(QJsonDocument::Compact)));
    });
    if (!written)
        return std::unexpected(written.error());
    return saved;
}

Result<void> BudgetRepository::remove(qint64 id, const QString &reason, const QString &actor, qint64 nowMs)
{
    if (reason.trimmed().isEmpty())
        return fail(ErrorCode::InvalidArgument, QStringLiteral("Say why the budget goes; the reason goes to the audit log."));
    auto budgets = list();
    if (!budgets)
        return std::unexpected(budgets.error());
    const auto found = std::ranges::find(*budgets, id, &Budget::id);
    if (found == budgets->end())
        return fail(ErrorCode::NotFound, QStringLiteral("That budget is gone already; refresh the list."));
    return m_connection.writeTransaction([&]() -> Result<void> {
        if (auto removed = m_connection.exec(QStringLiteral("DELETE FROM budgets WHERE id = ?"), { id }); !removed)
            return std::unexpected(removed.error());
        return AuditLogRepository(m_connection)
            .append(nowMs, actor, QStringLiteral("budget.remove"), QStringLiteral("budget"), found->scopeText(), reason);
    });
}

} // namespace switchboard::core::store
