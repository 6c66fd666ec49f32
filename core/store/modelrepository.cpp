#include "store/modelrepository.h"

#include "routing/snapshotname.h"
#include "store/connection.h"
#include "store/providerrepository.h"

#include <QDate>
#include <QDateTime>

namespace switchboard::core::store {

Result<std::vector<CatalogueModel>> ModelRepository::list()
{
    auto query = m_connection.exec(QStringLiteral(
        "SELECT m.id, p.name, p.kind, m.name, m.snapshot_date, m.context_window, "
        "m.max_output_tokens "
        "FROM models m JOIN providers p ON p.id = m.provider_id ORDER BY p.name, m.name"));
    if (!query)
        return std::unexpected(query.error());
    std::vector<CatalogueModel> models;
    while (query->next()) {
        CatalogueModel model;
        model.id = query->value(0).toLongLong();
        model.provider = query->value(1).toString();
        model.providerKind
            = providerKindFromString(query->value(2).toString()).value_or(ProviderKind::OpenAi);
        model.name = query->value(3).toString();
        model.snapshotDate = query->value(4).toString();
        model.contextWindow = query->value(5).toLongLong();
        model.maxOutputTokens = query->value(6).toLongLong();
        model.floating = routing::isFloatingModelName(model.name);
        models.push_back(std::move(model));
    }
    if (auto completed = m_connection.readCompleted(*query); !completed)
        return std::unexpected(completed.error());
    return models;
}

Result<qint64> ModelRepository::save(const CatalogueModel &model)
{
    if (model.name.trimmed().isEmpty() || model.name.trimmed() != model.name)
        return fail(ErrorCode::InvalidArgument,
            QStringLiteral(
                "Give the model's name as the provider spells it, such as gpt-4o-2024-08-06."));
    if (!model.snapshotDate.isEmpty()
        && !QDate::fromString(model.snapshotDate, Qt::ISODate).isValid())
        return fail(ErrorCode::InvalidArgument,
            QStringLiteral("\"%1\" is not a date: write the snapshot date as yyyy-MM-dd.")
                .arg(model.snapshotDate));
    if (model.contextWindow < 0 || model.maxOutputTokens < 0)
        return fail(ErrorCode::InvalidArgument,
            QStringLiteral(
                "The context window and output limit of %1 cannot be negative (0 means not known).")
                .arg(model.name));
    auto provider = ProviderRepository(m_connection).findByName(model.provider);
    if (!provider)
        return std::unexpected(provider.error());
    if (!*provider)
        return fail(ErrorCode::NotFound,
            QStringLiteral("The workspace has no provider named \"%1\"; add it first with "
                           "switchboard-cli provider add.")
                .arg(model.provider));
    auto query = m_connection.exec(
        QStringLiteral(
            "INSERT INTO models (provider_id, name, snapshot_date, context_window, "
            "max_output_tokens, created_ms) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (provider_id, name) DO UPDATE SET "
            "snapshot_date = excluded.snapshot_date, context_window = excluded.context_window, "
            "max_output_tokens = excluded.max_output_tokens RETURNING id"),
        { (*provider)->id, model.name, model.snapshotDate, model.contextWindow,
            model.maxOutputTokens, QDateTime::currentMSecsSinceEpoch() });
    if (!query)
        return std::unexpected(query.error());
    if (!query->next())
        return fail(ErrorCode::StoreFailure,
            QStringLiteral("The model %1 was not saved; try again.").arg(model.name));
    return query->value(0).toLongLong();
}

} // namespace switchboard::core::store
