#include "store/workspaceargument.h"

#include <QCommandLineParser>
#include <QCoreApplication>

namespace switchboard::core::store {

QCommandLineOption workspaceOption()
{
    return QCommandLineOption(
        QStringList { QStringLiteral("w"), QStringLiteral("workspace") },
        QCoreApplication::translate("WorkspaceArgument",
                                    "The workspace: a file path or a postgresql:// URL (default: "
                                    "$SWITCHBOARD_WORKSPACE, else %1).")
            .arg(WorkspaceLocation::defaultLocation().displayName()),
        QStringLiteral("path"));
}

Result<WorkspaceLocation> workspaceFrom(const QCommandLineParser &parser)
{
    QString given = parser.value(QStringLiteral("workspace"));
    if (given.isEmpty())
        given = qEnvironmentVariable(kWorkspaceVariable);
    if (given.isEmpty())
        return WorkspaceLocation::defaultLocation();
    return WorkspaceLocation::fromArgument(given);
}

} // namespace switchboard::core::store
