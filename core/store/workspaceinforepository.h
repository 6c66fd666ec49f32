#pragma once

#include "model/error.h"

#include <QString>

namespace switchboard::core::store {

class Connection;

struct WorkspaceInfo
{
    QString id;   // a UUID, stable for the life of the workspace
    QString name; // shown in the title bar and the status bar
    qint64 createdMs = 0;
    QString createdByVersion;
    bool demo = false; // made by switchboard-cli demo or the console's first run

    friend bool operator==(const WorkspaceInfo &, const WorkspaceInfo &) = default;
};

// The workspace's own identity, kept in the workspace_info table.
class WorkspaceInfoRepository final
{
public:
    explicit WorkspaceInfoRepository(Connection &connection) : m_connection(connection) { }

    Result<WorkspaceInfo> load();
    // Gives a new workspace its identity; leaves an existing one as it is.
    Result<WorkspaceInfo> ensure(const QString &defaultName);
    Result<void> rename(const QString &name);
    Result<void> markAsDemo();
    // Other facts kept about the workspace, by key (for example the version of the shipped
    // price table it holds).
    Result<QString> get(const QString &key);
    Result<void> put(const QString &key, const QString &value);

private:

    Connection &m_connection;
};

} // namespace switchboard::core::store
