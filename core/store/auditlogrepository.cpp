#include "store/auditlogrepository.h"

#include "store/connection.h"

#include <QSqlRecord>

namespace switchboard::core::store {

Result<qint64> AuditLogRepository::append(const AuditEntry &entry)
{
    if (entry.actor.isEmpty() || entry.action.isEmpty() || entry.subjectKind.isEmpty())
        return fail(ErrorCode::InvalidArgument,
                    QStringLiteral("An audit entry needs an actor, an action and a subject."));
    auto query = m_connection.exec(
        QStringLiteral("INSERT INTO audit_log (at_ms, actor, action, subject_kind, subject, "
                       "reason, details_json) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id"),
        { entry.atMs, entry.actor, entry.action, entry.subjectKind, entry.subject, entry.reason,
          entry.detailsJson });
    if (!query)
        return std::unexpected(query.error());
    query->next();
    return query->value(0).toLongLong();
}

Result<std::vector<AuditEntry>> AuditLogRepository::list(const QString &subjectKind,
                                                         const QString &subject, int limit)
{
    QString sql = QStringLiteral("SELECT id, at_ms, actor, action, subject_kind, subject, reason, "
                                 "details_json FROM audit_log");
    QVariantList values;
    if (!subjectKind.isEmpty()) {
        sql += QLatin1String(" WHERE subject_kind = ?");
        values << subjectKind;
        if (!subject.isEmpty()) {
            sql += QLatin1String(" AND subject = ?");
            values << subject;
        }
    }
    sql += QLatin1String(" ORDER BY at_ms DESC, id DESC LIMIT ?");
    values << limit;
    auto query = m_connection.exec(sql, values);
    if (!query)
        return std::unexpected(query.error());
    std::vector<AuditEntry> entries;
    while (query->next()) {
        entries.push_back(AuditEntry { query->value(0).toLongLong(), query->value(1).toLongLong(),
                                       query->value(2).toString(), query->value(3).toString(),
                                       query->value(4).toString(), query->value(5).toString(),
                                       query->value(6).toString(), query->value(7).toString() });
    }
    if (auto read = m_connection.readCompleted(*query); !read)
        return std::unexpected(read.error());
    return entries;
}

Result<void> AuditLogRepository::append(qint64 atMs, const QString &actor, const QString &action, const QString &subjectKind,
                                        const QString &subject, const QString &reason, const QString &detailsJson)
{
    AuditEntry entry;
    entry.atMs = atMs;
    entry.actor = actor;
    entry.action = action;
    entry.subjectKind = subjectKind;
    entry.subject = subject;
    entry.reason = reason;
    entry.detailsJson = detailsJson;
    auto appended = append(entry);
    if (!appended)
        return std::unexpected(appended.error());
    return {};
}

} // namespace switchboard::core::store
