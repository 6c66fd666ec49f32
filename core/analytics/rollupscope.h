#pragma once

#include "analytics/overview.h"

#include <QString>
#include <QVariantList>

namespace switchboard::core::analytics {

// Which rollup cells a query reads: one grain, buckets in [from, to), gateway traffic, and a
// filter. Gives the WHERE clause and its values, the same for cells and failure counts.
struct RollupScope
{
    qint64 grainMs = 0;
    qint64 fromMs = 0;
    qint64 toMs = 0;
    TrafficFilter filter;

    QString whereSql() const;    // "grain_ms = ? AND ... " without WHERE
    QVariantList values() const; // in the order of whereSql()
};

// The start of the bucket holding t at a grain (UTC).
inline qint64 bucketStart(qint64 t, qint64 grainMs)
{
    const qint64 r = t % grainMs;
    return r < 0 ? t - r - grainMs : t - r;
}

} // namespace switchboard::core::analytics
