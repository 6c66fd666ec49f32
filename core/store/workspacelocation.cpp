#include "store/workspacelocation.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QUrl>

namespace switchboard::core::store {
namespace {

// Removes a password from a URL's user info and from its query (libpq accepts both), for
// anything shown to a person or written to a log.
QString withoutPassword(QString url)
{
    static const QRegularExpression userInfo(QStringLiteral("^([A-Za-z][A-Za-z0-9+.-]*://[^:/@?#]*):[^@/?#]*@"));
    static const QRegularExpression queryPassword(QStringLiteral("([?&])password=[^&#]*&?"),
                                                  QRegularExpression::CaseInsensitiveOption);
    url.replace(userInfo, QStringLiteral("\\1@"));
    url.replace(queryPassword, QStringLiteral("\\1"));
    if (url.endsWith(QLatin1Char('?')) || url.endsWith(QLatin1Char('&')))
        url.chop(1);
    return url;
}

// libpq's multi-host form (postgresql://u@h1:5432,h2:5432/db), which QUrl does not parse:
// checks each host:port.
bool isValidHostList(const QString &url)
{
    static const QRegularExpression host(
        QStringLiteral("^(?:[A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+\\])(?::[0-9]{1,5})?$"));
    QString authority = url.section(QLatin1String("://"), 1).section(QLatin1Char('/'), 0, 0);
    authority = authority.section(QLatin1Char('@'), -1);
    const QStringList hosts = authority.split(QLatin1Char(','));
    if (hosts.size() < 2)
        return false;
    for (const QString &one : hosts) {
        if (!host.match(one).hasMatch())
            return false;
    }
    return true;
}

} // namespace

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
        const bool valid = (url.isValid() && !url.host().isEmpty()) || isValidHostList(trimmed);
        if (!valid)
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
                        .arg(withoutPassword(trimmed)));
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
    return withoutPassword(m_target);
}

} // namespace switchboard::core::store
