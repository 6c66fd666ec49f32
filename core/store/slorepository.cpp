#include "store/slorepository.h"

#include "store/auditlogrepository.h"
#include "store/connection.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace switchboard::core::store {
QString SloRepository::problemWith(const Slo &slo)
{
    if (slo.feature.trimmed().isEmpty())
        return QStringLiteral("Name the feature the objectives are for.");
    if (!slo.latencyMs && !slo.ttftMs && !slo.maxErrorRate)
        return QStringLiteral("Set at least one objective: a p95 latency, a p95 time to first token or an error rate.");
    if ((slo.latencyMs && *slo.latencyMs <= 0) || (slo.ttftMs && *slo.ttftMs <= 0))
        return QStringLiteral("Latency objectives are times above 0 ms.");
    if (slo.maxErrorRate && (*slo.maxErrorRate <= 0 || *slo.maxErrorRate >= 1))
        return QStringLiteral("The error rate objective is a share between 0 and 100 %, e.g. 1 %.");
    if (slo.windowDays < 1 || slo.windowDays > 90)
        return QStringLiteral("The window is 1 to 90 days.");
    return {};
}

Result<std::vector<Slo>> SloRepository::list()
{
    auto rows = m_connection.exec(
        QStringLiteral("SELECT feature, latency_ms, ttft_ms, max_error_rate, window_days FROM slos ORDER BY feature"));
    if (!rows)
        return std::unexpected(rows.error());
    std::vector<Slo> out;
    while (rows->next()) {
        Slo slo;
        slo.feature = rows->value(0).toString();
        if (!rows->value(1).isNull())
            slo.latencyMs = rows->value(1).toLongLong();
        if (!rows->value(2).isNull())
            slo.ttftMs = rows->value(2).toLongLong();
        if (!rows->value(3).isNull())
            slo.maxErrorRate = rows->value(3).toDouble();
        slo.windowDays = rows->value(4).toInt();
        out.push_back(std::move(slo));
    }
    if (auto read = m_connection.readCompleted(*rows); !read)
        return std::unexpected(read.error());
    return out;
}

Result<void> SloRepository::save(const Slo &slo, const QString &actor, qint64 nowMs)
{
    if (const QString problem = problemWith(slo); !problem.isEmpty())
        return fail(ErrorCode::InvalidArgument, problem);
    return m_connection.writeTransaction([&]() -> Result<void> {
        auto saved = m_connection.exec(
            QStringLiteral("INSERT INTO slos (feature, latency_ms, ttft_ms, max_error_rate, window_days, updated_ms) "
                           "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (feature) DO UPDATE SET latency_ms = excluded.latency_ms, "
                           "ttft_ms = excluded.ttft_ms, max_error_rate = excluded.max_error_rate, "
                           "window_days = excluded.window_days, updated_ms = excluded.updated_ms"),
            { slo.feature, nullableValue(slo.latencyMs), nullableValue(slo.ttftMs),
              slo.maxErrorRate ? QVariant(*slo.maxErrorRate) : QVariant(QMetaType::fromType<double>()), slo.windowDays, nowMs });
        if (!saved)
            return std::unexpected(saved.error());
        QJsonObject details { { QStringLiteral("window_days"), slo.windowDays } };
        if (slo.latencyMs)
            details.insert(QStringLiteral("latency_ms"), *slo.latencyMs);
        if (slo.ttftMs)
            details.insert(QStringLiteral("ttft_ms"), *slo.ttftMs);
        if (slo.maxErrorRate)
            details.insert(QStringLiteral("max_error_rate"), *slo.maxErrorRate);
        return AuditLogRepository(m_connection)
            .append(nowMs, actor, QStringLiteral("slo.set"), QStringLiteral("slo"), slo.feature, {},
                    QString::fromUtf8(QJsonDocument(details).toJson(QJsonDocument::Compact)));
    });
}

Result<void> SloRepository::remove(const QString &feature, const QString &reason, const QString &actor, qint64 nowMs)
{
    if (reason.trimmed().isEmpty())
        return fail(ErrorCode::InvalidArgument, QStringLiteral("Say why the objectives go; the reason goes to the audit log."));
    return m_connection.writeTransaction([&]() -> Result<void> {
        auto removed = m_connection.exec(QStringLiteral("DELETE FROM slos WHERE feature = ? RETURNING feature"), { feature });
        if (!removed)
            return std::unexpected(removed.error());
        if (!removed->next())
            return fail(ErrorCode::NotFound, QStringLiteral("The feature \"%1\" has no objectives to remove.").arg(feature));
        return AuditLogRepository(m_connection).append(nowMs, actor, QStringLiteral("slo.remove"), QStringLiteral("slo"), feature, reason);
    });
}

} // namespace switchboard::core::store
