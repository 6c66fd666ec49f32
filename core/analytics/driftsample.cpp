#include "analytics/driftsample.h"

#include "analytics/rollupscope.h"
#include "store/connection.h"
#include "store/rollupcell.h"

namespace switchboard::core::analytics {

DriftWindows driftWindows(qint64 nowMs, int recentMinutes)
{
    DriftWindows windows;
    // The minute under way is still being written.
    windows.recentToMs = bucketStart(nowMs, store::kMinuteMs);
    windows.recentFromMs = windows.recentToMs - qint64(recentMinutes) * store::kMinuteMs;
    windows.baselineFromMs = windows.recentFromMs - kDriftBaselineMs;
    return windows;
}

Result<DriftSample> readDriftSample(store::Connection &connection, const QString &feature, qint64 fromMs, qint64 toMs, int cap)
{
    // One row more than the cap says whether the window was sampled.
    auto rows = connection.exec(QStringLiteral("SELECT output_tokens, cost_micros, failure FROM calls "
                                               "WHERE started_ms >= ? AND started_ms < ? AND origin = 'gateway' "
                                               "AND status = 'ok' AND feature = ? ORDER BY substr(id, 21), id LIMIT ?"),
                                { fromMs, toMs, feature, cap + 1 });
    if (!rows)
        return std::unexpected(rows.error());
    DriftSample sample;
    while (rows->next()) {
        if (sample.calls == cap) {
            sample.sampled = true;
            break;
        }
        const QVariant failure = rows->value(2);
        sample.add(rows->value(0).toLongLong(), rows->value(1).toLongLong(),
                   failure.isNull() ? std::nullopt : failureCategoryFromString(failure.toString()));
    }
    if (auto read = connection.readCompleted(*rows); !read)
        return std::unexpected(read.error());
    return sample;
}

Result<QStringList> featuresWithTraffic(store::Connection &connection, qint64 fromMs, qint64 toMs, qint64 minCalls, int limit)
{
    auto rows = connection.exec(QStringLiteral("SELECT value, SUM(calls) AS total FROM rollup_slices "
                                               "WHERE grain_ms = ? AND bucket_ms >= ? AND bucket_ms < ? AND dimension = 'feature' "
                                               "AND origin = 'gateway' AND value <> '' GROUP BY value HAVING SUM(calls) >= ? "
                                               "ORDER BY total DESC, value LIMIT ?"),
                                { store::kHourMs, bucketStart(fromMs, store::kHourMs), toMs, minCalls, limit });
    if (!rows)
        return std::unexpected(rows.error());
    QStringList features;
    while (rows->next())
        features << rows->value(0).toString();
    if (auto read = connection.readCompleted(*rows); !read)
        return std::unexpected(read.error());
    return features;
}

Result<DriftReport> readDrift(store::Connection &connection, const QString &feature, const DriftWindows &windows,
                              const DriftSettings &settings)
{
    auto baseline = readDriftSample(connection, feature, windows.baselineFromMs, windows.recentFromMs);
    if (!baseline)
        return std::unexpected(baseline.error());
    auto recent = readDriftSample(connection, feature, windows.recentFromMs, windows.recentToMs);
    if (!recent)
        return std::unexpected(recent.error());
    return compareWindows(feature, *baseline, *recent, settings);
}

} // namespace switchboard::core::analytics
