#include "workspace/recentworkspaces.h"

#include <QSettings>

namespace switchboard::ui {
namespace {
const QString kKey = QStringLiteral("workspaces/recent");
}

QList<core::store::WorkspaceLocation> RecentWorkspaces::list() const
{
    QList<core::store::WorkspaceLocation> locations;
    const QStringList stored = m_settings.value(kKey).toStringList();
    for (const QString &argument : stored) {
        auto location = core::store::WorkspaceLocation::fromArgument(argument);
        if (location && !locations.contains(*location))
            locations.append(*location);
    }
    return locations.mid(0, kMaximum);
}

void RecentWorkspaces::add(const core::store::WorkspaceLocation &location)
{
    QList<core::store::WorkspaceLocation> locations = list();
    locations.removeAll(location);
    locations.prepend(location);
    store(locations.mid(0, kMaximum));
}

void RecentWorkspaces::remove(const core::store::WorkspaceLocation &location)
{
    QList<core::store::WorkspaceLocation> locations = list();
    locations.removeAll(location);
    store(locations);
}

void RecentWorkspaces::clear()
{
    store({});
}

void RecentWorkspaces::store(const QList<core::store::WorkspaceLocation> &locations)
{
    QStringList arguments;
    for (const auto &location : locations)
        arguments.append(location.target());
    m_settings.setValue(kKey, arguments);
}

} // namespace switchboard::ui
