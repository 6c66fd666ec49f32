#include "store/pinrepository.h"

#include "routing/snapshotname.h"
#include "store/auditlogrepository.h"
#include "store/connection.h"
#include "store/providerrepository.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace switchboard::core::store {
namespace {

constexpr auto kSelect = "SELECT pins.alias, p.name, pins.model_name, pins.version, pins.updated_ms, pins.updated_by "
                         "FROM pins JOIN providers p ON p.id = pins.provider_id";

Pin pinFromRow(const QSqlQuery &row)
{
    Pin pin;
    pin.alias = row.value(0).toString();
    pin.provider = row.value(1).toString();
    pin.model = row.value(2).toString();
    pin.version = row.value(3).toLongLong();
    pin.updatedMs = row.value(4).toLongLong();
    pin.updatedBy = row.value(5).toString();
    pin.floating = routing::isFloatingModelName(pin.model);
    return pin;
}

} // namespace

Result<std::vector<Pin>> PinRepository::list()
{
    auto query = m_connection.exec(QLatin1String(kSelect) + QLatin1String(" ORDER BY pins.alias"));
    if (!query)
        return std::unexpected(query.error());
    std::vector<Pin> pins;
    while (query->next())
        pins.push_back(pinFromRow(*query));
    if (auto completed = m_connection.readCompleted(*query); !completed)
        return std::unexpected(completed.error());
    return pins;
}

Result<Pin> PinRepository::find(const QString &alias)
{
    auto query = m_connection.exec(QLatin1String(kSelect) + QLatin1String(" WHERE pins.alias = ?"), { alias });
    if (!query)
        return std::unexpected(query.error());
    if (!query->next())
        return fail(ErrorCode::NotFound, QStringLiteral("No alias \"%1\" is pinned; pin it first.").arg(alias));
    return pinFromRow(*query);
}

Result<std::vector<PinChange>> PinRepository::history(const QString &alias)
{
    auto query = m_connection.exec(QStringLiteral("SELECT h.version, COALESCE(p.name, ''), h.model_name, h.reason, h.author, h.at_ms "
                                                  "FROM pin_history h LEFT JOIN providers p ON p.id = h.provider_id "
                                                  "WHERE h.alias = ? ORDER BY h.version DESC"),
                                   { alias });
    if (!query)
        return std::unexpected(query.error());
    std::vector<PinChange> changes;
    while (query->next())
        changes.push_back({ query->value(0).toLongLong(), query->value(1).toString(), query->value(2).toString(),
                            query->value(3).toString(), query->value(4).toString(), query->value(5).toLongLong() });
    return changes;
}

Result<qint64> PinRepository::set(const QString &alias, const QString &provider, const QString &model, const QString &reason,
                                  const QString &actor)
{
    static const QRegularExpression aliasPattern(QStringLiteral("\\A[a-z0-9][a-z0-9._-]{0,63}\\z"));
    if (!aliasPattern.match(alias).hasMatch())
        return fail(ErrorCode::InvalidArgument, QStringLiteral("\"%1\" is not a valid alias: use 1 to 64 lowercase letters, "
                                                                "digits, '.', '_' or '-' (no '/').")
                                                    .arg(alias));
    if (model.trimmed().isEmpty())
        return fail(ErrorCode::InvalidArgument, QStringLiteral("Name the model to pin \"%1\" to, such as gpt-4o-2024-08-06.").arg(alias));
    if (reason.trimmed().isEmpty())
        return fail(ErrorCode::InvalidArgument, QStringLiteral("Say why \"%1\" is (re)pinned; the reason goes to its history "
                                                                "and the audit log.")
                                                    .arg(alias));
    auto found = ProviderRepository(m_connection).findByName(provider);
    if (!found)
        return std::unexpected(found.error());
    if (!*found)
        return fail(ErrorCode::NotFound, QStringLiteral("The workspace has no provider named \"%1\".").arg(provider));
    const qint64 providerId = (*found)->id;
    qint64 version = 0;
    auto written = m_connection.writeTransaction([&]() -> Result<void> {
        auto current = m_connection.exec(QStringLiteral("SELECT provider_id, model_name, version FROM pins WHERE alias = ?"), { alias });
        if (!current)
            return std::unexpected(current.error());
        QString from;
        if (current->next()) {
            version = current->value(2).toLongLong();
            if (current->value(0).toLongLong() == providerId && current->value(1).toString() == model)
                return {}; // pinned there already
            from = current->value(1).toString();
        }
        ++version;
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        auto upserted = m_connection.exec(
            QStringLiteral("INSERT INTO pins (alias, provider_id, model_name, version, updated_ms, updated_by) VALUES (?, ?, ?, ?, ?, ?) "
                           "ON CONFLICT (alias) DO UPDATE SET provider_id = excluded.provider_id, model_name = excluded.model_name, "
                           "version = excluded.version, updated_ms = excluded.updated_ms, updated_by = excluded.updated_by"),
            { alias, providerId, model, version, now, actor });
        if (!upserted)
            return std::unexpected(upserted.error());
        auto history = m_connection.exec(QStringLiteral("INSERT INTO pin_history (alias, version, provider_id, model_name, reason, "
                                                        "author, at_ms) VALUES (?, ?, ?, ?, ?, ?, ?)"),
                                         { alias, version, providerId, model, reason, actor, now });
        if (!history)
            return std::unexpected(history.error());
        const QJsonObject details { { QStringLiteral("version"), version },
                                    { QStringLiteral("provider"), provider },
                                    { QStringLiteral("model"), model },
                                    { QStringLiteral("from"), from } };
        return AuditLogRepository(m_connection)
            .append(now, actor, QStringLiteral("pin.change"), QStringLiteral("pin"), alias, reason,
                    QString::fromUtf8(QJsonDocument(details).toJson(QJsonDocument::Compact)));
    });
    if (!written)
        return std::unexpected(written.error());
    return version;
}

} // namespace switchboard::core::store
