#pragma once

#include "model/error.h"
#include "pricing/pricebook.h"

#include <vector>

namespace switchboard::core::store {

class Connection;

// The workspace's price table: the shipped rules, imported ones and the user's edits. For the
// same provider, match and start date a user's edit beats an import, which beats the shipped
// table: a lower-ranked write never replaces a higher-ranked row.
class PriceRepository final
{
public:
    explicit PriceRepository(Connection &connection) : m_connection(connection) { }

    Result<std::vector<pricing::PriceRule>> list();
    Result<pricing::PriceBook> loadPriceBook();

    // A user's price for one match (source "user"), audited.
    Result<void> set(const pricing::PriceRule &rule, const QString &actor);
    // Replaces every rule of a source ("shipped", "import:<file>") with these, in one
    // transaction, audited under the actor (none: not audited); returns how many rows the
    // source holds afterwards.
    Result<qint64> replaceSource(const QString &source, const std::vector<pricing::PriceRule> &rules, const QString &actor);
    // Writes the shipped table into the workspace when it holds an older one (or none).
    Result<void> seedShipped();

private:
    Result<void> insert(const pricing::PriceRule &rule);

    Connection &m_connection;
};

} // namespace switchboard::core::store
