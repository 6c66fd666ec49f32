// The Overview's refresh time at 1M and 10M calls, against computing the same figures from the
// raw calls, and the error of its percentiles (rollup histograms) against exact ones.
//
//   bench_overview [calls ...]            default: 1000000 10000000
//   SWITCHBOARD_BENCH_DIR=dir             keeps the generated workspaces there for the next run
#include "analytics/overview.h"
#include "store/connection.h"
#include "store/recorder.h"
#include "store/workspace.h"
#include "synthetictraffic.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>
#include <cmath>
#include <map>
#include <vector>

using namespace switchboard;
using namespace switchboard::core;
using namespace switchboard::core::store;

namespace {

constexpr qint64 kDayMs = 86'400'000;
constexpr int kRuns = 7;

double msSince(const QElapsedTimer &timer)
{
    return double(timer.nsecsElapsed()) / 1e6;
}

QString fixed(double value, int decimals = 1)
{
    return QString::number(value, 'f', decimals);
}

qint64 countRows(Connection &connection, const QString &table)
{
    auto rows = connection.exec(QStringLiteral("SELECT COUNT(*) FROM ") + table);
    return rows && rows->next() ? rows->value(0).toLongLong() : -1;
}

// Forty-five days of traffic ending now, so that a 30-day range has a previous period too.
bool build(const WorkspaceLocation &location, qint64 total, qint64 now, QTextStream &out)
{
    if (!prepareWorkspace(location, Connection::Mode::CreateIfMissing))
        return false;
    QElapsedTimer timer;
    timer.start();
    Recorder::Settings settings;
    settings.indexStep = 0;
    auto recorder = Recorder::start(location, settings);
    if (!recorder)
        return false;
    const tests::SyntheticTraffic traffic(42, now - 45 * kDayMs, now, total);
    for (qint64 n = 0; n < total; ++n) {
        (*recorder)->record(traffic.call(n));
        // Recording outpaces writing: hold the queue to a bounded size (10M queued calls
        // would not fit in memory).
        if (n % 100'000 == 99'999)
            (*recorder)->flush(3'600'000);
    }
    (*recorder)->flush(3'600'000);
    out << "build_rate_" << total << ": " << fixed(double(total) / (msSince(timer) / 1000), 0)
        << " calls/s (recorded with their rollups)\n"
        << Qt::flush;
    return (*recorder)->stats().written == total;
}

double median(std::vector<double> values)
{
    std::ranges::sort(values);
    return values[values.size() / 2];
}

double timeOverview(Connection &connection, qint64 now, qint64 span, analytics::OverviewReport &report,
                    const analytics::TrafficFilter &filter = {})
{
    std::vector<double> times;
    for (int run = 0; run < kRuns; ++run) {
        QElapsedTimer timer;
        timer.start();
        analytics::OverviewQuery query;
        query.fromMs = now - span;
        query.toMs = now;
        query.filter = filter;
        auto read = analytics::readOverview(connection, query);
        auto dimensions = analytics::readDimensions(connection, now - span);
        times.push_back(msSince(timer));
        if (!read || !dimensions)
            return -1;
        report = *read;
    }
    return median(times);
}

qint64 nearestRank(std::vector<qint64> &sorted, double q)
{
    const auto rank = std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil(q * double(sorted.size()))));
    return sorted[rank - 1];
}

double relativeErrorPercent(std::optional<qint64> estimated, qint64 exact)
{
    return estimated && exact > 0 ? 100.0 * std::abs(double(*estimated - exact)) / double(exact) : 100.0;
}

// The baseline: the same headline figures computed from the raw calls of the range.
void rawScan(Connection &connection, const analytics::OverviewReport &report, qint64 total, QTextStream &out)
{
    QElapsedTimer timer;
    timer.start();
    auto rows = connection.exec(QStringLiteral("SELECT latency_us, ttft_us, cost_micros, feature FROM calls "
                                               "WHERE started_ms >= ? AND started_ms < ? AND origin = 'gateway'"),
                                { report.fromMs, report.toMs });
    std::vector<qint64> latency;
    std::vector<qint64> ttft;
    std::map<QString, qint64> costByFeature;
    while (rows && rows->next()) {
        latency.push_back(rows->value(0).toLongLong());
        if (!rows->value(1).isNull())
            ttft.push_back(rows->value(1).toLongLong());
        costByFeature[rows->value(3).toString()] += rows->value(2).toLongLong();
    }
    std::ranges::sort(latency);
    std::ranges::sort(ttft);
    out << "raw_scan_30d_ms_" << total << ": " << fixed(msSince(timer)) << " ms (baseline: " << latency.size()
        << " raw calls read and sorted)\n";

    double worst = 0;
    for (double q : { 0.5, 0.95, 0.99 }) {
        const double latencyError = relativeErrorPercent(report.current.latency.quantile(q), nearestRank(latency, q));
        worst = std::max(worst, latencyError);
        const double ttftError = relativeErrorPercent(report.current.ttft.quantile(q), nearestRank(ttft, q));
        worst = std::max(worst, ttftError);
        out << "percentile_error_p" << int(q * 100) << "_latency_" << total << ": " << fixed(latencyError, 3) << " %\n";
        out << "percentile_error_p" << int(q * 100) << "_ttft_" << total << ": " << fixed(ttftError, 3) << " %\n";
    }
    out << "percentile_error_worst_" << total << ": " << fixed(worst, 3) << " % (target < 1 %)\n";
    qint64 rawCost = 0;
    for (const auto &[feature, cost] : costByFeature)
        rawCost += cost;
    out << "cost_difference_" << total << ": " << (rawCost - report.current.costMicros) << " micro-dollars (rollups against raw)\n";
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    std::vector<qint64> sizes;
    for (int i = 1; i < argc; ++i)
        sizes.push_back(QString::fromLatin1(argv[i]).toLongLong());
    if (sizes.empty())
        sizes = { 1'000'000, 10'000'000 };
    QTemporaryDir temporary;
    const QString dir = qEnvironmentVariableIsSet("SWITCHBOARD_BENCH_DIR") ? qEnvironmentVariable("SWITCHBOARD_BENCH_DIR")
                                                                           : temporary.path();
    QDir().mkpath(dir);
    // Whole days, so a kept workspace answers the same ranges on the next run.
    const qint64 now = QDateTime::currentMSecsSinceEpoch() / kDayMs * kDayMs;

    for (qint64 total : sizes) {
        const auto location = WorkspaceLocation::sqliteFile(QDir(dir).filePath(QStringLiteral("overview-%1.switchboard").arg(total)));
        qint64 builtFor = -1;
        if (QFile::exists(location.target())) {
            auto existing = Connection::open(location);
            builtFor = existing ? countRows(**existing, QStringLiteral("calls")) : -1;
        }
        if (builtFor != total) {
            QFile::remove(location.target());
            if (!build(location, total, now, out)) {
                out << "error: could not build a workspace of " << total << " calls\n";
                return 1;
            }
        }
        auto connection = Connection::open(location);
        if (!connection) {
            out << "error: " << connection.error().message << '\n';
            return 1;
        }
        analytics::OverviewReport month;
        analytics::OverviewReport week;
        analytics::OverviewReport day;
        out << "overview_30d_ms_" << total << ": " << fixed(timeOverview(**connection, now, 30 * kDayMs, month), 2)
            << " ms (target < 150 ms at 10M; median of " << kRuns << ")\n";
        out << "overview_7d_ms_" << total << ": " << fixed(timeOverview(**connection, now, 7 * kDayMs, week), 2) << " ms\n";
        out << "overview_1d_ms_" << total << ": " << fixed(timeOverview(**connection, now, kDayMs, day), 2) << " ms\n";
        analytics::OverviewReport scratch;
        out << "overview_1h_ms_" << total << ": " << fixed(timeOverview(**connection, now, 3'600'000, scratch), 2)
            << " ms (by minute, from the calls)\n";
        analytics::TrafficFilter oneTenant;
        oneTenant.tenant = QStringLiteral("tenant-3");
        out << "overview_30d_one_tenant_ms_" << total << ": "
            << fixed(timeOverview(**connection, now, 30 * kDayMs, scratch, oneTenant), 2) << " ms (filtered: from cells)\n";
        out << "rollup_rows_" << total << ": " << countRows(**connection, QStringLiteral("rollup_cells")) << " cells, "
            << countRows(**connection, QStringLiteral("rollup_slices")) << " slices\n";
        out << "workspace_bytes_per_call_" << total << ": "
            << QFileInfo(location.target()).size() / std::max<qint64>(1, total) << " bytes\n";
        out << "overview_30d_calls_" << total << ": " << month.current.calls << " calls\n" << Qt::flush;
        rawScan(**connection, month, total, out);
        out << Qt::flush;
    }
    return 0;
}
