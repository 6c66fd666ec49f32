#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

#include <optional>

// Pieces of the gateway benchmark: one wrk run and what it reported, and what a process used.
namespace switchboard::bench {

struct WrkResult
{
    double p50Ms = 0;
    double p99Ms = 0;
    double requestsPerSecond = 0;
    qint64 requests = 0;
    qint64 non2xx = 0;
    qint64 errors = 0; // connect, read, write, timeout
};

struct WrkRun
{
    QString url;
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers; // besides Content-Type
    int connections = 1;
    int seconds = 5;
    int delayMs = 0; // per connection between requests: paces the load
};

// Runs wrk with a Lua script for the POST (in dir), or nothing when wrk fails.
std::optional<WrkResult> runWrk(const WrkRun &run, const QString &dir);

// CPU time (user + system) and resident memory of a process, from /proc.
struct ProcessUse
{
    double cpuSeconds = 0;
    double systemSeconds = 0; // of cpuSeconds, in the kernel (for us: mostly loopback TCP)
    double rssMb = 0;
    double peakRssMb = 0;
};
std::optional<ProcessUse> processUse(qint64 pid);

} // namespace switchboard::bench
