#include "store/workspacelocation.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>
#include <QUrl>

namespace switchboard::core::store {

WorkspaceLocation WorkspaceLocation::sqliteFile(const QString &path)
{
    WorkspaceLocation location;
    location.m_kind = Kind::SqliteFile;
    location.m_target = QFileInfo(path).absoluteFilePath();
    return location;
}

Result<WorkspaceLocation> WorkspaceLocation::fromArgument(const QString &argument)
{
    const QString trimmed = argument.trimmed();
    if (trimmed.isEmpty())
        return fail(ErrorCode::InvalidArgument,
                    QStringLiteral("No workspace given. Pass a file path (for example "
                                   "~/ops.switchboard) or a postgresql:// URL."));
    if (trimmed.startsWith(QLatin1String("postgresql://"))
        || trimmed.startsWith(QLatin1String("postgres://"))) {
        const QUrl url(trimmed, QUrl::StrictMode);
        if (!url.isValid() || url.host().isEmpty())
            return fail(ErrorCode::InvalidArgument,
                        QStringLiteral("The PostgreSQL URL is not valid. Use the form "
                                       "postgresql://user@host:5432/database."));
        WorkspaceLocation location;
        location.m_kind = Kind::PostgreSql;
        location.m_target = trimmed;
        return location;
    }
    if (trimmed.contains(QLatin1String("://")))
        return fail(ErrorCode::InvalidArgument,
                    QStringLiteral("'%1' is neither a file path nor a postgresql:// URL.")
                        .arg(trimmed));
    return sqliteFile(QDir::fromNativeSeparators(trimmed));
}

WorkspaceLocation WorkspaceLocation::defaultLocation()
{
    const QString base = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    return sqliteFile(base + QLatin1String("/workspaces/default.switchboard"));
}

QString WorkspaceLocation::displayName() const
{
    if (m_kind == Kind::SqliteFile)
        return QDir::toNativeSeparators(m_target);
    QUrl url(m_target);
    url.setPassword(QString());
    url.setQuery(QString());
    return url.toDisplayString();
}

} // namespace switchboard::core::store
