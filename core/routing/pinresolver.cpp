#include "pinresolver.h"

#include "store/connection.h"
#include "store/providerrepository.h"

#include <QSqlQuery>

namespace switchboard::core::routing {

Result<qint64> PinResolver::contextWindow(qint64 providerId, const QString &model)
{
    auto query = m_connection.exec(QStringLiteral("SELECT context_window FROM models WHERE provider_id = ? AND name = ?"),
                                   { providerId, model });
    if (!query)
        return std::unexpected(query.error());
    return query->next() ? query->value(0).toLongLong() : 0;
}

Result<ResolvedModel> PinResolver::resolveAlias(const QString &alias)
{
    auto pin = m_connection.exec(QStringLiteral("SELECT p.name, pins.model_name FROM pins JOIN providers p ON p.id = pins.provider_id "
                                                "WHERE pins.alias = ?"),
                                 { alias });
    if (!pin)
        return std::unexpected(pin.error());
    if (!pin->next())
        return fail(ErrorCode::NotFound, QStringLiteral("No pin for the alias \"%1\": pin it to a model on the Models page, "
                                                        "or name a provider and model instead.")
                                             .arg(alias));
    auto resolved = resolveModel(pin->value(0).toString(), pin->value(1).toString());
    if (resolved)
        resolved->alias = alias;
    return resolved;
}

Result<ResolvedModel> PinResolver::resolveModel(const QString &provider, const QString &model)
{
    auto found = store::ProviderRepository(m_connection).findByName(provider);
    if (!found)
        return std::unexpected(found.error());
    if (!*found)
        return fail(ErrorCode::NotFound,
                    QStringLiteral("The workspace has no provider named \"%1\"; add it on the Models page.").arg(provider));
    ResolvedModel resolved { **found, model, {}, 0 };
    auto window = contextWindow((*found)->id, model);
    if (!window)
        return std::unexpected(window.error());
    resolved.contextWindow = *window;
    return resolved;
}

Result<ResolvedModel> PinResolver::resolveName(const QString &name)
{
    auto pinned = resolveAlias(name);
    if (pinned || pinned.error().code != ErrorCode::NotFound)
        return pinned;
    const qsizetype slash = name.indexOf(u'/');
    if (slash <= 0 || slash == name.size() - 1)
        return fail(ErrorCode::NotFound, QStringLiteral("\"%1\" is neither a pinned alias nor a provider/model name; "
                                                        "the Models page lists both.")
                                             .arg(name));
    return resolveModel(name.left(slash), name.mid(slash + 1));
}

Result<QStringList> PinResolver::aliases()
{
    auto query = m_connection.exec(QStringLiteral("SELECT alias FROM pins ORDER BY alias"));
    if (!query)
        return std::unexpected(query.error());
    QStringList out;
    while (query->next())
        out.push_back(query->value(0).toString());
    return out;
}

} // namespace switchboard::core::routing
