#pragma once

#include "model/error.h"
#include "model/providerconfig.h"

#include <optional>
#include <vector>

namespace switchboard::core::store {

class Connection;

// Providers of a workspace: where to send calls and where the key comes from (never the key).
class ProviderRepository final
{
public:
    explicit ProviderRepository(Connection &connection) : m_connection(connection) { }

    // Returns the new provider's id.
    Result<qint64> add(const ProviderConfig &provider);
    Result<void> update(const ProviderConfig &provider);
    Result<void> remove(qint64 id);
    Result<std::vector<ProviderConfig>> list();
    Result<std::optional<ProviderConfig>> findByName(const QString &name);

private:
    Result<void> validate(const ProviderConfig &provider) const;

    Connection &m_connection;
};

} // namespace switchboard::core::store
