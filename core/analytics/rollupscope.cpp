#include "analytics/rollupscope.h"

namespace switchboard::core::analytics {

QString RollupScope::whereSql() const
{
    QString sql = QStringLiteral("grain_ms = ? AND bucket_ms >= ? AND bucket_ms < ? AND origin = 'gateway'");
    for (const auto &[value, column] : { std::pair { &filter.tenant, "tenant" }, { &filter.feature, "feature" },
                                         { &filter.model, "model" }, { &filter.prompt, "prompt" } }) {
        if (!value->isEmpty())
            sql += QStringLiteral(" AND ") + QLatin1String(column) + QStringLiteral(" = ?");
    }
    return sql;
}

QVariantList RollupScope::values() const
{
    QVariantList values { grainMs, fromMs, toMs };
    for (const QString *value : { &filter.tenant, &filter.feature, &filter.model, &filter.prompt }) {
        if (!value->isEmpty())
            values << *value;
    }
    return values;
}

} // namespace switchboard::core::analytics
