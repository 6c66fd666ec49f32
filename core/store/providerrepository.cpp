#include "store/providerrepository.h"

#include "store/connection.h"

#include <QDateTime>
#include <QRegularExpression>

namespace switchboard::core::store {
namespace {

constexpr auto kColumns = "id, name, kind, base_url, key_source, key_env_var, settings_json, "
                          "enabled, created_ms, updated_ms";

ProviderConfig fromRow(const QSqlQuery &row)
{
    ProviderConfig provider;
    provider.id = row.value(0).toLongLong();
    provider.name = row.value(1).toString();
    provider.kind = providerKindFromString(row.value(2).toString()).value_or(ProviderKind::OpenAi);
    provider.baseUrl = row.value(3).toString();
    provider.keySource = keySourceFromString(row.value(4).toString()).value_or(KeySource::None);
    provider.keyEnvVar = row.value(5).toString();
    provider.settingsJson = row.value(6).toString();
    provider.enabled = row.value(7).toBool();
    provider.createdMs = row.value(8).toLongLong();
    provider.updatedMs = row.value(9).toLongLong();
    return provider;
}

QString duplicateNameMessage(const QString &name)
{
    return QStringLiteral("A provider named '%1' exists already; choose another name.").arg(name);
}

} // namespace

Result<void> ProviderRepository::validate(const ProviderConfig &provider) const
{
    static const QRegularExpression namePattern(QStringLiteral("\\A[a-z0-9][a-z0-9._-]{0,63}\\z"));
    if (!namePattern.match(provider.name).hasMatch())
        return fail(ErrorCode::InvalidArgument,
                    QStringLiteral("'%1' is not a valid provider name: use 1 to 64 lowercase "
                                   "letters, digits, '.', '_' or '-'.")
                        .arg(provider.name));
    static const QRegularExpression envPattern(QStringLiteral("\\A[A-Za-z_][A-Za-z0-9_]*\\z"));
    if (provider.keySource == KeySource::Environment
        && !envPattern.match(provider.keyEnvVar).hasMatch())
        return fail(ErrorCode::InvalidArgument,
                    QStringLiteral("Provider '%1' reads its key from the environment but names no "
                                   "valid variable (for example OPENAI_API_KEY).")
                        .arg(provider.name));
    return {};
}

Result<qint64> ProviderRepository::add(const ProviderConfig &provider)
{
    if (auto valid = validate(provider); !valid)
        return std::unexpected(valid.error());
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    auto query = m_connection.exec(
        QStringLiteral("INSERT INTO providers (name, kind, base_url, key_source, key_env_var, "
                       "settings_json, enabled, created_ms, updated_ms) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"),
        { provider.name, nameOf(provider.kind), provider.baseUrl, nameOf(provider.keySource),
          provider.keyEnvVar, provider.settingsJson, provider.enabled ? 1 : 0, now, now });
    if (!query) {
        if (query.error().code == ErrorCode::Conflict)
            return fail(ErrorCode::Conflict, duplicateNameMessage(provider.name));
        return std::unexpected(query.error());
    }
    query->next();
    return query->value(0).toLongLong();
}

Result<void> ProviderRepository::update(const ProviderConfig &provider)
{
    if (auto valid = validate(provider); !valid)
        return valid;
    auto query = m_connection.exec(
        QStringLiteral("UPDATE providers SET name = ?, kind = ?, base_url = ?, key_source = ?, "
                       "key_env_var = ?, settings_json = ?, enabled = ?, updated_ms = ? "
                       "WHERE id = ?"),
        { provider.name, nameOf(provider.kind), provider.baseUrl, nameOf(provider.keySource),
          provider.keyEnvVar, provider.settingsJson, provider.enabled ? 1 : 0,
          QDateTime::currentMSecsSinceEpoch(), provider.id });
    if (!query) {
        if (query.error().code == ErrorCode::Conflict)
            return fail(ErrorCode::Conflict, duplicateNameMessage(provider.name));
        return std::unexpected(query.error());
    }
    if (query->numRowsAffected() == 0)
        return fail(ErrorCode::NotFound,
                    QStringLiteral("Provider '%1' no longer exists; reload the list.")
                        .arg(provider.name));
    return {};
}

Result<void> ProviderRepository::remove(qint64 id)
{
    auto query = m_connection.exec(QStringLiteral("DELETE FROM providers WHERE id = ?"), { id });
    if (!query) {
        if (query.error().code == ErrorCode::Conflict)
            return fail(ErrorCode::Conflict,
                        QStringLiteral("This provider is still used by a pin; repin its aliases "
                                       "to another provider first."));
        return std::unexpected(query.error());
    }
    return {};
}

Result<std::vector<ProviderConfig>> ProviderRepository::list()
{
    auto query = m_connection.exec(
        QStringLiteral("SELECT %1 FROM providers ORDER BY name").arg(QLatin1String(kColumns)));
    if (!query)
        return std::unexpected(query.error());
    std::vector<ProviderConfig> providers;
    while (query->next())
        providers.push_back(fromRow(*query));
    if (auto read = m_connection.readCompleted(*query); !read)
        return std::unexpected(read.error());
    return providers;
}

Result<std::optional<ProviderConfig>> ProviderRepository::findByName(const QString &name)
{
    auto query = m_connection.exec(
        QStringLiteral("SELECT %1 FROM providers WHERE name = ?").arg(QLatin1String(kColumns)),
        { name });
    if (!query)
        return std::unexpected(query.error());
    if (!query->next())
        return std::optional<ProviderConfig> {};
    return std::optional<ProviderConfig> { fromRow(*query) };
}

} // namespace switchboard::core::store
