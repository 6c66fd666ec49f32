#include "analytics/budgetstatus.h"

#include "store/connection.h"
#include "store/rollupcell.h"

#include <QDateTime>

namespace switchboard::core::analytics {
namespace {

constexpr qint64 kHourMs = 3'600'000;

// Spend per bucket of the window so far, for one budget.
Result<std::vector<qint64>> spendPerBucket(store::Connection &connection, const store::Budget &budget,
                                           const BudgetWindow &window, qint64 bucketMs, qint64 nowMs)
{
    const auto buckets = static_cast<std::size_t>((std::min(nowMs, window.endMs) - window.startMs + bucketMs - 1) / bucketMs);
    std::vector<qint64> spend(std::max<std::size_t>(buckets, 1), 0);
    QString sql;
    QVariantList values;
    if (budget.scope == store::Budget::Scope::Key) {
        sql = QStringLiteral("SELECT (started_ms - ?) / ?, SUM(cost_micros) FROM calls WHERE gateway_key_id = ? "
                             "AND started_ms >= ? AND started_ms < ? GROUP BY 1");
        values = { window.startMs, bucketMs, budget.scopeValue.toLongLong(), window.startMs, window.endMs };
    } else {
        const QString dimension = budget.scope == store::Budget::Scope::Tenant    ? QStringLiteral("tenant")
            : budget.scope == store::Budget::Scope::Feature                         ? QStringLiteral("feature")
                                                                                     : QString();
        sql = QStringLiteral("SELECT (bucket_ms - ?) / ?, SUM(cost_micros) FROM rollup_slices WHERE grain_ms = ? "
                             "AND bucket_ms >= ? AND bucket_ms < ? AND dimension = ? AND value = ? GROUP BY 1");
        values = { window.startMs, bucketMs, bucketMs, window.startMs, window.endMs, dimension,
                   dimension.isEmpty() ? QString() : budget.scopeValue };
    }
    auto rows = connection.exec(sql, values);
    if (!rows)
        return std::unexpected(rows.error());
    while (rows->next()) {
        const auto index = static_cast<std::size_t>(rows->value(0).toLongLong());
        if (index < spend.size())
            spend[index] += rows->value(1).toLongLong();
    }
    if (auto read = connection.readCompleted(*rows); !read)
        return std::unexpected(read.error());
    return spend;
}

} // namespace

BudgetWindow budgetWindow(store::Budget::Period period, qint64 nowMs)
{
    const QDate today = QDateTime::fromMSecsSinceEpoch(nowMs, Qt::UTC).date();
    const QDate start = period == store::Budget::Period::Day ? today : QDate(today.year(), today.month(), 1);
    const QDate end = period == store::Budget::Period::Day ? start.addDays(1) : start.addMonths(1);
    return { QDateTime(start, QTime(0, 0), Qt::UTC).toMSecsSinceEpoch(), QDateTime(end, QTime(0, 0), Qt::UTC).toMSecsSinceEpoch() };
}

qint64 projectSpend(qint64 spentMicros, const BudgetWindow &window, qint64 nowMs)
{
    const qint64 elapsed = nowMs - window.startMs;
    if (elapsed < kHourMs || nowMs >= window.endMs)
        return spentMicros;
    return static_cast<qint64>(double(spentMicros) * double(window.endMs - window.startMs) / double(elapsed));
}

BudgetStatus statusOf(const store::Budget &budget, const BudgetWindow &window, qint64 bucketMs,
                      const std::vector<qint64> &spendPerBucket, qint64 nowMs)
{
    BudgetStatus status;
    status.budget = budget;
    status.window = window;
    status.bucketMs = bucketMs;
    for (qint64 spend : spendPerBucket) {
        status.spentMicros += spend;
        status.burnMicros.push_back(status.spentMicros);
    }
    status.projectedMicros = projectSpend(status.spentMicros, window, nowMs);
    for (int threshold : budget.thresholds) {
        const auto at = static_cast<qint64>(double(budget.limitMicros) * threshold / 100.0);
        if (status.spentMicros >= at)
            status.crossed.push_back(threshold);
        else if (status.projectedMicros >= at)
            status.projectedToCross = threshold;
    }
    return status;
}

Result<std::vector<BudgetStatus>> readBudgetStatus(store::Connection &connection, qint64 nowMs)
{
    std::vector<BudgetStatus> statuses;
    Result<void> read = connection.readTransaction([&]() -> Result<void> {
        auto budgets = store::BudgetRepository(connection).list();
        if (!budgets)
            return std::unexpected(budgets.error());
        for (const store::Budget &budget : *budgets) {
            const BudgetWindow window = budgetWindow(budget.period, nowMs);
            const qint64 bucket = budget.period == store::Budget::Period::Day ? store::kHourMs : store::kDayMs;
            auto spend = spendPerBucket(connection, budget, window, bucket, nowMs);
            if (!spend)
                return std::unexpected(spend.error());
            statuses.push_back(statusOf(budget, window, bucket, *spend, nowMs));
        }
        return {};
    });
    if (!read)
        return std::unexpected(read.error());
    return statuses;
}

} // namespace switchboard::core::analytics
