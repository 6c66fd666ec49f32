#pragma once

#include "model/error.h"

#include <QString>

namespace switchboard::core::store {

// Where a workspace lives: one SQLite file (the embedded default) or a PostgreSQL database
// named by a connection URL. A plain value, safe to copy across threads.
class WorkspaceLocation final
{
public:
    enum class Kind { SqliteFile, PostgreSql };

    WorkspaceLocation() = default;

    static WorkspaceLocation sqliteFile(const QString &path);
    // A value given on the command line or in the Open Workspace dialog.
    static Result<WorkspaceLocation> fromArgument(const QString &argument);
    // <AppDataLocation>/workspaces/default.switchboard
    static WorkspaceLocation defaultLocation();

    Kind kind() const { return m_kind; }
    bool isValid() const { return !m_target.isEmpty(); }
    // The file path or the connection URL, as given (may hold a password: never log it).
    const QString &target() const { return m_target; }
    // What the user sees: a path, or the URL without its password.
    QString displayName() const;

    friend bool operator==(const WorkspaceLocation &, const WorkspaceLocation &) = default;

private:
    Kind m_kind = Kind::SqliteFile;
    QString m_target;
};

} // namespace switchboard::core::store
