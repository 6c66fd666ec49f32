#pragma once

#include "model/error.h"
#include "store/sqldialect.h"

#include <QString>

#include <functional>
#include <optional>
#include <vector>

namespace switchboard::core::store {

class Connection;

struct Migration
{
    int version = 0;
    QString name;
    QString sql; // statements separated by ';' at the end of a line, with dialect tokens
    // Set for a migration that only one store needs (a file named NNNN_name.sqlite.sql): the
    // others record it as applied without running it.
    std::optional<SqlDialect::Kind> onlyFor;
    // Work SQL cannot do (merging stored histograms), run after the statements in the same
    // transaction.
    std::function<Result<void>(Connection &)> then;
};

// Brings a workspace's schema up to the version this program knows. Migrations are numbered
// and forward-only; each runs in one write transaction together with its schema_migrations
// row, so a failure leaves the workspace at the previous version. A workspace written by a
// newer program is refused, never downgraded.
class Migrator final
{
public:
    Migrator();
    explicit Migrator(std::vector<Migration> migrations);

    int latestVersion() const;
    // The version the workspace is at now (0 for a new, empty file).
    Result<int> currentVersion(Connection &connection) const;
    // Applies what is missing and returns the resulting version.
    Result<int> migrate(Connection &connection) const;

    // The migrations shipped with this program, in order.
    static std::vector<Migration> builtIn();

private:
    Result<void> ensureBookkeeping(Connection &connection) const;
    Result<void> apply(Connection &connection, const Migration &migration) const;

    std::vector<Migration> m_migrations;
};

} // namespace switchboard::core::store
