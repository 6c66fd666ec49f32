#include "store/gatewaykeyrepository.h"

#include "store/auditlogrepository.h"
#include "store/connection.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace switchboard::core::store {
namespace {

using gateway::GatewayKey;

QString aliasesJson(const QStringList &aliases)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(aliases)).toJson(QJsonDocument::Compact));
}

QStringList aliasesFromJson(const QString &text)
{
    QStringList out;
    for (const QJsonValue &value : QJsonDocument::fromJson(text.toUtf8()).array())
        out.push_back(value.toString());
    return out;
}

Result<void> validate(const GatewayKey &key)
{
    static const QRegularExpression namePattern(QStringLiteral("\\A[A-Za-z0-9][A-Za-z0-9._-]{0,63}\\z"));
    if (!namePattern.match(key.name).hasMatch())
        return fail(ErrorCode::InvalidArgument,
                    QStringLiteral("\"%1\" is not a valid key name: use 1 to 64 letters, digits, '.', '_' or '-'.").arg(key.name));
    if (key.tenant.trimmed().isEmpty())
        return fail(ErrorCode::InvalidArgument,
                    QStringLiteral("A gateway key needs a tenant: the calls made with it are counted and budgeted under it."));
    if (key.requestsPerMinute < 0 || key.tokensPerMinute < 0)
        return fail(ErrorCode::InvalidArgument, QStringLiteral("Rate limits cannot be negative; use 0 for no limit."));
    for (const auto &budget : { key.budgetMicrosPerDay, key.budgetMicrosPerMonth }) {
        if (budget && *budget <= 0)
            return fail(ErrorCode::InvalidArgument,
                        QStringLiteral("A budget must be more than $0; leave it out for no budget."));
    }
    return {};
}

} // namespace

Result<CreatedGatewayKey> GatewayKeyRepository::create(const GatewayKey &requested, const QString &actor)
{
    if (auto valid = validate(requested); !valid)
        return std::unexpected(valid.error());
    CreatedGatewayKey created { requested, gateway::generateGatewaySecret() };
    GatewayKey &key = created.key;
    key.prefix = gateway::prefixOfGatewaySecret(created.secret);
    key.createdMs = QDateTime::currentMSecsSinceEpoch();
    key.revokedMs.reset();
    auto written = m_connection.writeTransaction([&]() -> Result<void> {
        auto same = m_connection.exec(QStringLiteral("SELECT 1 FROM gateway_keys WHERE name = ? AND revoked_ms IS NULL"), { key.name });
        if (!same)
            return std::unexpected(same.error());
        if (same->next())
            return fail(ErrorCode::Conflict, QStringLiteral("A key named \"%1\" is in use already; revoke it first or choose "
                                                            "another name.")
                                                 .arg(key.name));
        auto inserted = m_connection.exec(
            QStringLiteral("INSERT INTO gateway_keys (name, key_hash, key_prefix, tenant, allowed_aliases_json, "
                           "requests_per_minute, tokens_per_minute, created_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"),
            { key.name, gateway::hashGatewaySecret(created.secret), key.prefix, key.tenant, aliasesJson(key.allowedAliases),
              key.requestsPerMinute, key.tokensPerMinute, key.createdMs });
        if (!inserted)
            return std::unexpected(inserted.error());
        inserted->next();
        key.id = inserted->value(0).toLongLong();
        const std::pair<const char *, std::optional<qint64>> budgets[] = { { "day", key.budgetMicrosPerDay },
                                                                             { "month", key.budgetMicrosPerMonth } };
        for (const auto &[period, limit] : budgets) {
            if (!limit)
                continue;
            auto budget = m_connection.exec(QStringLiteral("INSERT INTO budgets (scope_kind, scope_value, period, limit_micros, "
                                                           "hard_limit, created_ms) VALUES ('key', ?, ?, ?, 1, ?)"),
                                            { QString::number(key.id), QLatin1String(period), *limit, key.createdMs });
            if (!budget)
                return std::unexpected(budget.error());
        }
        const QJsonObject details { { QStringLiteral("tenant"), key.tenant }, { QStringLiteral("prefix"), key.prefix } };
        return AuditLogRepository(m_connection)
            .append(key.createdMs, actor, QStringLiteral("key.create"), QStringLiteral("key"), key.name, {},
                    QString::fromUtf8(QJsonDocument(details).toJson(QJsonDocument::Compact)));
    });
    if (!written)
        return std::unexpected(written.error());
    return created;
}

Result<void> GatewayKeyRepository::revoke(const QString &name, const QString &reason, const QString &actor)
{
    if (reason.trimmed().isEmpty())
        return fail(ErrorCode::InvalidArgument, QStringLiteral("Say why the key is revoked; the reason goes to the audit log."));
    return m_connection.writeTransaction([&]() -> Result<void> {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        auto updated = m_connection.exec(
            QStringLiteral("UPDATE gateway_keys SET revoked_ms = ? WHERE name = ? AND revoked_ms IS NULL RETURNING id"), { now, name });
        if (!updated)
            return std::unexpected(updated.error());
        if (!updated->next())
            return fail(ErrorCode::NotFound, QStringLiteral("No key named \"%1\" is in use; 'switchboard-cli keys list' shows the "
                                                            "workspace's keys.")
                                                 .arg(name));
        return AuditLogRepository(m_connection).append(now, actor, QStringLiteral("key.revoke"), QStringLiteral("key"), name, reason);
    });
}

Result<std::vector<std::pair<QString, GatewayKey>>> GatewayKeyRepository::select(bool activeOnly)
{
    auto query = m_connection.exec(
        QStringLiteral("SELECT k.id, k.name, k.key_prefix, k.tenant, k.allowed_aliases_json, k.requests_per_minute, "
                       "k.tokens_per_minute, k.created_ms, k.revoked_ms, k.key_hash, "
                       "(SELECT limit_micros FROM budgets b WHERE b.scope_kind = 'key' AND b.scope_value = CAST(k.id AS TEXT) "
                       "AND b.period = 'day'), "
                       "(SELECT limit_micros FROM budgets b WHERE b.scope_kind = 'key' AND b.scope_value = CAST(k.id AS TEXT) "
                       "AND b.period = 'month') "
                       "FROM gateway_keys k %1 ORDER BY k.created_ms DESC, k.id DESC")
            .arg(activeOnly ? QStringLiteral("WHERE k.revoked_ms IS NULL") : QString()));
    if (!query)
        return std::unexpected(query.error());
    std::vector<std::pair<QString, GatewayKey>> out;
    while (query->next()) {
        GatewayKey key;
        key.id = query->value(0).toLongLong();
        key.name = query->value(1).toString();
        key.prefix = query->value(2).toString();
        key.tenant = query->value(3).toString();
        key.allowedAliases = aliasesFromJson(query->value(4).toString());
        key.requestsPerMinute = query->value(5).toLongLong();
        key.tokensPerMinute = query->value(6).toLongLong();
        key.createdMs = query->value(7).toLongLong();
        if (!query->value(8).isNull())
            key.revokedMs = query->value(8).toLongLong();
        if (!query->value(10).isNull())
            key.budgetMicrosPerDay = query->value(10).toLongLong();
        if (!query->value(11).isNull())
            key.budgetMicrosPerMonth = query->value(11).toLongLong();
        out.emplace_back(query->value(9).toString(), std::move(key));
    }
    if (auto completed = m_connection.readCompleted(*query); !completed)
        return std::unexpected(completed.error());
    return out;
}

Result<std::vector<GatewayKey>> GatewayKeyRepository::list()
{
    auto rows = select(false);
    if (!rows)
        return std::unexpected(rows.error());
    std::vector<GatewayKey> out;
    for (auto &row : *rows)
        out.push_back(std::move(row.second));
    return out;
}

Result<std::vector<std::pair<QString, GatewayKey>>> GatewayKeyRepository::activeByHash()
{
    return select(true);
}

} // namespace switchboard::core::store
