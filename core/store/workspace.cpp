#include "store/workspace.h"

#include "store/migrator.h"
#include "store/pricerepository.h"

#include <QFileInfo>

namespace switchboard::core::store {
namespace {

Result<qint64> countRows(Connection &connection, const QString &table)
{
    auto query = connection.exec(QStringLiteral("SELECT COUNT(*) FROM %1").arg(table));
    if (!query)
        return std::unexpected(query.error());
    query->next();
    return query->value(0).toLongLong();
}

QString defaultNameFor(const WorkspaceLocation &location)
{
    if (location.kind() == WorkspaceLocation::Kind::SqliteFile)
        return QFileInfo(location.target()).completeBaseName();
    return location.displayName();
}

} // namespace

Result<WorkspaceSummary> prepareWorkspace(const WorkspaceLocation &location, Connection::Mode mode)
{
    auto connection = Connection::open(location, mode);
    if (!connection)
        return std::unexpected(connection.error());
    auto version = Migrator().migrate(**connection);
    if (!version)
        return std::unexpected(version.error());
    auto info = WorkspaceInfoRepository(**connection).ensure(defaultNameFor(location));
    if (!info)
        return std::unexpected(info.error());
    // A newer program brings newer shipped prices; the user's own and imported ones stay.
    if (auto seeded = PriceRepository(**connection).seedShipped(); !seeded)
        return std::unexpected(seeded.error());
    auto providers = countRows(**connection, QStringLiteral("providers"));
    if (!providers)
        return std::unexpected(providers.error());
    auto prompts = countRows(**connection, QStringLiteral("prompts"));
    if (!prompts)
        return std::unexpected(prompts.error());
    auto calls = connection->get()->exec(QStringLiteral("SELECT COALESCE(SUM(calls), 0) FROM rollup_cells WHERE grain_ms = 86400000"));
    if (!calls)
        return std::unexpected(calls.error());
    calls->next();
    return WorkspaceSummary { location, *info, *version, *providers, *prompts, calls->value(0).toLongLong() };
}

} // namespace switchboard::core::store
