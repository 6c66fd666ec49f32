#pragma once

#include "model/error.h"

#include <QString>

#include <vector>

namespace switchboard::core::store {

class Connection;

// One audited change: who moved which label, repinned which alias, activated which rule set.
struct AuditEntry
{
    qint64 id = 0;
    qint64 atMs = 0;
    QString actor;
    QString action;      // e.g. "label.move"
    QString subjectKind; // e.g. "prompt"
    QString subject;     // e.g. "support/answer"
    QString reason;
    QString detailsJson = QStringLiteral("{}");

    friend bool operator==(const AuditEntry &, const AuditEntry &) = default;
};

// The append-only audit log. Entries are written in the same transaction as the change they
// describe, by the repository that makes the change.
class AuditLogRepository final
{
public:
    explicit AuditLogRepository(Connection &connection) : m_connection(connection) { }

    Result<qint64> append(const AuditEntry &entry);
    // The same, put together here: for repositories writing the entry beside their change.
    Result<void> append(qint64 atMs, const QString &actor, const QString &action, const QString &subjectKind,
                        const QString &subject, const QString &reason, const QString &detailsJson = QStringLiteral("{}"));
    // Newest first; an empty subjectKind lists every subject.
    Result<std::vector<AuditEntry>> list(const QString &subjectKind = {},
                                         const QString &subject = {}, int limit = 100);

private:
    Connection &m_connection;
};

} // namespace switchboard::core::store
