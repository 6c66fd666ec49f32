#pragma once

#include "evals/dataset.h"
#include "model/error.h"

#include <optional>
#include <vector>

namespace switchboard::core::store {

class Connection;

// The workspace's datasets. Adding items makes a new version of the dataset (created on
// first use), in one transaction with its audit entry.
class DatasetRepository final
{
public:
    explicit DatasetRepository(Connection &connection) : m_connection(connection) { }

    // By name.
    Result<std::vector<evals::DatasetSummary>> list();
    // One dataset by name; nothing when there is none.
    Result<std::optional<evals::DatasetSummary>> find(const QString &name);
    // The items of a version (the current one when none is given), oldest first: those added
    // at or before it and not retired by then, so a run always sees what it saw.
    Result<std::vector<evals::DatasetItem>> items(const QString &name, std::optional<qint64> version = std::nullopt);
    // Adds the items, creating the dataset if there is none of that name; returns its new
    // version. Items from a call already in the dataset are left out (the count added says so).
    struct Added
    {
        qint64 version = 0;
        int added = 0;
        int alreadyThere = 0;
    };
    Result<Added> addItems(const QString &name, const std::vector<evals::DatasetItem> &items, const QString &actor);
    // Logged calls, by id, as items (evals::itemFromCall), added as addItems adds them. A
    // call the log lacks or that cannot become an item fails the whole addition.
    Result<Added> addCalls(const QString &name, const QStringList &callIds, const QString &actor);

private:
    Connection &m_connection;
};

} // namespace switchboard::core::store
