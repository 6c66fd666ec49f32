#pragma once

#include "model/error.h"
#include "model/providerconfig.h"

#include <QString>
#include <vector>

namespace switchboard::core::store {

class Connection;

// One model of the catalogue: a provider's name for it and what the workspace knows of it.
struct CatalogueModel
{
    qint64 id = 0;
    QString provider; // the provider's name in the workspace
    ProviderKind providerKind = ProviderKind::OpenAi;
    QString name; // as the provider spells it: a dated snapshot or a floating name
    QString snapshotDate; // yyyy-MM-dd when known, else empty
    qint64 contextWindow = 0; // 0: not known
    qint64 maxOutputTokens = 0; // 0: not known
    bool floating = false; // the name is not a dated snapshot

    friend bool operator==(const CatalogueModel &, const CatalogueModel &) = default;
};

// The model catalogue: which models each provider offers, with their limits. Prices come from
// the price book, not from here.
class ModelRepository final
{
public:
    explicit ModelRepository(Connection &connection)
        : m_connection(connection)
    {
    }

    // Every model, by provider name, then model name.
    Result<std::vector<CatalogueModel>> list();
    // Adds the model to its provider's catalogue (by provider name), or updates its date and
    // limits when the provider lists it already; returns its id.
    Result<qint64> save(const CatalogueModel &model);

private:
    Connection &m_connection;
};

} // namespace switchboard::core::store
