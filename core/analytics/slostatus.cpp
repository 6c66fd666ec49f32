#include "analytics/slostatus.h"

#include "analytics/rollupscope.h"
#include "store/connection.h"
#include "store/rollupcell.h"

namespace switchboard::core::analytics {
namespace {

struct FeatureTraffic
{
    qint64 calls = 0;
    qint64 failed = 0;
    LogHistogram latency;
    LogHistogram ttft;
};

// A feature's gateway traffic in buckets of a grain from a time on.
Result<FeatureTraffic> trafficOf(store::Connection &connection, const QString &feature, qint64 grainMs, qint64 fromMs, qint64 toMs)
{
    auto rows = connection.exec(QStringLiteral("SELECT calls, failed, latency_hist, ttft_hist FROM rollup_slices WHERE grain_ms = ? "
                                               "AND bucket_ms >= ? AND bucket_ms < ? AND dimension = 'feature' AND value = ? "
                                               "AND origin = 'gateway'"),
                                { grainMs, fromMs, toMs, feature });
    if (!rows)
        return std::unexpected(rows.error());
    FeatureTraffic traffic;
    while (rows->next()) {
        traffic.calls += rows->value(0).toLongLong();
        traffic.failed += rows->value(1).toLongLong();
        traffic.latency.mergeSerialized(rows->value(2).toByteArray());
        traffic.ttft.mergeSerialized(rows->value(3).toByteArray());
    }
    if (auto read = connection.readCompleted(*rows); !read)
        return std::unexpected(read.error());
    return traffic;
}

} // namespace

std::optional<double> ObjectiveStatus::attained() const
{
    return total > 0 ? std::optional(double(good) / double(total)) : std::nullopt;
}

std::optional<double> ObjectiveStatus::budgetUsed() const
{
    if (total == 0 || allowedBadShare <= 0)
        return std::nullopt;
    return double(total - good) / (allowedBadShare * double(total));
}

ObjectiveStatus objectiveOf(qint64 total, qint64 good, double allowedBadShare, qint64 total24h, qint64 good24h)
{
    ObjectiveStatus status { total, good, allowedBadShare, std::nullopt };
    if (total24h > 0 && allowedBadShare > 0)
        status.burnRate24h = (double(total24h - good24h) / double(total24h)) / allowedBadShare;
    return status;
}

ObjectiveStatus latencyObjective(const LogHistogram &window, const LogHistogram &last24h, qint64 thresholdMs)
{
    const qint64 thresholdUs = thresholdMs * 1000;
    return objectiveOf(window.count(), window.countAtMost(thresholdUs), 1.0 - store::Slo::kTargetShare, last24h.count(),
                       last24h.countAtMost(thresholdUs));
}

bool SloStatus::met() const
{
    for (const auto *objective : { &latency, &ttft, &errors }) {
        if (*objective && !(*objective)->met())
            return false;
    }
    return true;
}

Result<std::vector<SloStatus>> readSloStatus(store::Connection &connection, qint64 nowMs)
{
    std::vector<SloStatus> statuses;
    Result<void> read = connection.readTransaction([&]() -> Result<void> {
        auto slos = store::SloRepository(connection).list();
        if (!slos)
            return std::unexpected(slos.error());
        for (const store::Slo &slo : *slos) {
            // N UTC days, today's so far the last of them; 24 hours, this one so far the last.
            const qint64 from = bucketStart(nowMs, store::kDayMs) - qint64(slo.windowDays - 1) * store::kDayMs;
            auto window = trafficOf(connection, slo.feature, store::kDayMs, from, nowMs);
            auto day = trafficOf(connection, slo.feature, store::kHourMs, bucketStart(nowMs, store::kHourMs) - 23 * store::kHourMs, nowMs);
            if (!window)
                return std::unexpected(window.error());
            if (!day)
                return std::unexpected(day.error());
            SloStatus status { slo, window->calls, {}, {}, {} };
            if (slo.latencyMs)
                status.latency = latencyObjective(window->latency, day->latency, *slo.latencyMs);
            if (slo.ttftMs)
                status.ttft = latencyObjective(window->ttft, day->ttft, *slo.ttftMs);
            if (slo.maxErrorRate)
                status.errors = objectiveOf(window->calls, window->calls - window->failed, *slo.maxErrorRate, day->calls,
                                            day->calls - day->failed);
            statuses.push_back(std::move(status));
        }
        return {};
    });
    if (!read)
        return std::unexpected(read.error());
    return statuses;
}

} // namespace switchboard::core::analytics
