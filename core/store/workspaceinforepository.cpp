#include "store/workspaceinforepository.h"

#include "model/productinfo.h"
#include "store/connection.h"

#include <QDateTime>
#include <QUuid>

namespace switchboard::core::store {

Result<WorkspaceInfo> WorkspaceInfoRepository::load()
{
    auto query = m_connection.exec(QStringLiteral("SELECT key, value FROM workspace_info"));
    if (!query)
        return std::unexpected(query.error());
    WorkspaceInfo info;
    while (query->next()) {
        const QString key = query->value(0).toString();
        const QString value = query->value(1).toString();
        if (key == QLatin1String("id"))
            info.id = value;
        else if (key == QLatin1String("name"))
            info.name = value;
        else if (key == QLatin1String("created_ms"))
            info.createdMs = value.toLongLong();
        else if (key == QLatin1String("created_by_version"))
            info.createdByVersion = value;
        else if (key == QLatin1String("demo"))
            info.demo = value == QLatin1String("true");
    }
    if (auto read = m_connection.readCompleted(*query); !read)
        return std::unexpected(read.error());
    return info;
}

Result<WorkspaceInfo> WorkspaceInfoRepository::ensure(const QString &defaultName)
{
    auto current = load();
    if (!current || !current->id.isEmpty())
        return current;
    auto written = m_connection.writeTransaction([&]() -> Result<void> {
        const QString now = QString::number(QDateTime::currentMSecsSinceEpoch());
        for (const auto &[key, value] :
             { std::pair { QStringLiteral("id"), QUuid::createUuid().toString(QUuid::WithoutBraces) },
               std::pair { QStringLiteral("name"), defaultName },
               std::pair { QStringLiteral("created_ms"), now },
               std::pair { QStringLiteral("created_by_version"), productVersion() } }) {
            auto inserted = m_connection.exec(
                QStringLiteral("INSERT INTO workspace_info (key, value) VALUES (?, ?) "
                               "ON CONFLICT (key) DO NOTHING"),
                { key, value });
            if (!inserted)
                return std::unexpected(inserted.error());
        }
        return {};
    });
    if (!written)
        return std::unexpected(written.error());
    return load();
}

Result<void> WorkspaceInfoRepository::markAsDemo()
{
    return put(QStringLiteral("demo"), QStringLiteral("true"));
}

Result<void> WorkspaceInfoRepository::rename(const QString &name)
{
    if (name.trimmed().isEmpty())
        return fail(ErrorCode::InvalidArgument, QStringLiteral("A workspace needs a name."));
    return put(QStringLiteral("name"), name.trimmed());
}

Result<QString> WorkspaceInfoRepository::get(const QString &key)
{
    auto query = m_connection.exec(QStringLiteral("SELECT value FROM workspace_info WHERE key = ?"), { key });
    if (!query)
        return std::unexpected(query.error());
    return query->next() ? query->value(0).toString() : QString();
}

Result<void> WorkspaceInfoRepository::put(const QString &key, const QString &value)
{
    auto query = m_connection.exec(
        QStringLiteral("INSERT INTO workspace_info (key, value) VALUES (?, ?) "
                       "ON CONFLICT (key) DO UPDATE SET value = excluded.value"),
        { key, value });
    if (!query)
        return std::unexpected(query.error());
    return {};
}

} // namespace switchboard::core::store
