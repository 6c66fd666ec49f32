#include "analytics/alertcheck.h"

#include "analytics/driftsample.h"
#include "analytics/rollupscope.h"
#include "store/connection.h"
#include "store/rollupcell.h"

namespace switchboard::core::analytics {
namespace {

// A drift rule compares a day with a week of calls: judged every ten minutes, not every
// minute, since its windows barely move in one and reading them costs more than the slices.
constexpr qint64 kDriftIntervalMs = 10 * 60'000;
// A rule on every feature judges the busiest ones, at most this many.
constexpr int kDriftFeatureLimit = 20;

Result<AlertEvaluation> judgeDrift(store::Connection &connection, const AlertRule &rule, qint64 nowMs)
{
    const DriftWindows windows = driftWindows(nowMs, rule.forMinutes);
    QStringList features { rule.value };
    if (rule.value.isEmpty()) {
        auto busy = featuresWithTraffic(connection, windows.recentFromMs, windows.recentToMs, rule.minCalls, kDriftFeatureLimit);
        if (!busy)
            return std::unexpected(busy.error());
        features = std::move(*busy);
    }
    std::vector<DriftReport> reports;
    for (const QString &feature : std::as_const(features)) {
        auto report = readDrift(connection, feature, windows, driftSettingsOf(rule));
        if (!report)
            return std::unexpected(report.error());
        reports.push_back(std::move(*report));
    }
    return evaluateDrift(rule, reports);
}

// Judges one rule whose lease was taken, and writes the change.
Result<AlertChange> judge(store::Connection &connection, const AlertRule &rule, qint64 nowMs,
                          const std::optional<std::vector<BudgetStatus>> &budgets)
{
    AlertEvaluation evaluation;
    if (rule.kind == AlertRule::Kind::Budget) {
        evaluation = evaluateBudgets(rule, budgets.value_or(std::vector<BudgetStatus> {}));
    } else if (rule.kind == AlertRule::Kind::Drift) {
        auto judged = judgeDrift(connection, rule, nowMs);
        if (!judged)
            return std::unexpected(judged.error());
        evaluation = std::move(*judged);
    } else {
        // The last complete minutes: the one under way is still being written.
        const qint64 to = bucketStart(nowMs, store::kMinuteMs);
        const qint64 from = to - qint64(rule.forMinutes) * store::kMinuteMs;
        auto window = readWindowTraffic(connection, rule, store::kMinuteMs, from, to);
        if (!window)
            return std::unexpected(window.error());
        WindowTraffic baseline;
        if (rule.kind == AlertRule::Kind::CostSpike) {
            const qint64 baselineTo = bucketStart(from, store::kHourMs);
            auto read = readWindowTraffic(connection, rule, store::kHourMs, baselineTo - store::kDayMs, baselineTo);
            if (!read)
                return std::unexpected(read.error());
            baseline = std::move(*read);
        }
        evaluation = evaluate(rule, *window, baseline);
    }
    store::AlertRepository alerts(connection);
    auto open = alerts.openAlert(rule.id);
    if (!open)
        return std::unexpected(open.error());
    AlertChange change = advance(rule, *open, evaluation, nowMs);
    if (change.what == AlertChange::What::None)
        return change;
    auto written = alerts.writeAlert(change.alert);
    if (!written)
        return std::unexpected(written.error());
    change.alert = *written;
    return change;
}

} // namespace

Result<WindowTraffic> readWindowTraffic(store::Connection &connection, const AlertRule &rule, qint64 grainMs, qint64 fromMs,
                                        qint64 toMs)
{
    const QString dimension = rule.value.isEmpty() ? QString() : rule.dimension;
    const QVariantList scope { grainMs, fromMs, toMs, dimension, rule.value };
    const QString where = QStringLiteral("WHERE grain_ms = ? AND bucket_ms >= ? AND bucket_ms < ? AND dimension = ? AND value = ? "
                                         "AND origin = 'gateway'");
    auto rows = connection.exec(QStringLiteral("SELECT calls, failed, cost_micros, latency_hist FROM rollup_slices ") + where, scope);
    if (!rows)
        return std::unexpected(rows.error());
    WindowTraffic traffic;
    traffic.minutes = (toMs - fromMs) / store::kMinuteMs;
    while (rows->next()) {
        traffic.calls += rows->value(0).toLongLong();
        traffic.failed += rows->value(1).toLongLong();
        traffic.costMicros += rows->value(2).toLongLong();
        traffic.latency.mergeSerialized(rows->value(3).toByteArray());
    }
    if (auto read = connection.readCompleted(*rows); !read)
        return std::unexpected(read.error());
    auto failures = connection.exec(QStringLiteral("SELECT category, SUM(count) FROM rollup_slice_failures ") + where
                                        + QStringLiteral(" GROUP BY category"),
                                    scope);
    if (!failures)
        return std::unexpected(failures.error());
    while (failures->next())
        traffic.failures[failures->value(0).toString()] = failures->value(1).toLongLong();
    if (auto read = connection.readCompleted(*failures); !read)
        return std::unexpected(read.error());
    return traffic;
}

Result<AlertCheck> checkAlerts(store::Connection &connection, qint64 nowMs, qint64 intervalMs)
{
    store::AlertRepository alerts(connection);
    auto rules = alerts.rules();
    if (!rules)
        return std::unexpected(rules.error());
    AlertCheck check;
    std::optional<std::vector<BudgetStatus>> budgets; // read once, for the first budget rule
    for (const AlertRule &rule : *rules) {
        if (!rule.enabled)
            continue;
        const qint64 interval = rule.kind == AlertRule::Kind::Drift ? std::max(intervalMs, kDriftIntervalMs * 9 / 10) : intervalMs;
        auto claimed = alerts.claimEvaluation(rule.id, nowMs, interval);
        if (!claimed)
            return std::unexpected(claimed.error());
        if (!*claimed)
            continue; // judged elsewhere a moment ago
        if (rule.kind == AlertRule::Kind::Budget && !budgets) {
            auto read = readBudgetStatus(connection, nowMs);
            if (!read)
                return std::unexpected(read.error());
            budgets = std::move(*read);
        }
        auto change = judge(connection, rule, nowMs, budgets);
        if (!change) {
            if (change.error().code == ErrorCode::Conflict)
                continue; // another program opened it between our read and write
            return std::unexpected(change.error());
        }
        ++check.judged;
        if (!change->notifies())
            continue;
        ++check.changed;
        if (!rule.webhook.isEmpty())
            check.notices.push_back({ rule, std::move(*change) });
    }
    return check;
}

} // namespace switchboard::core::analytics
