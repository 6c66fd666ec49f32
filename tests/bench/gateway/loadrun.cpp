#include "loadrun.h"

#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>

#include <unistd.h>

namespace switchboard::bench {
namespace {

// wrk prints latencies as "564.00us", "0.92ms", "1.20s".
double milliseconds(const QString &value)
{
    static const QRegularExpression pattern(QStringLiteral("([0-9.]+)(us|ms|s)"));
    const auto match = pattern.match(value);
    if (!match.hasMatch())
        return 0;
    const double number = match.captured(1).toDouble();
    const QString unit = match.captured(2);
    return unit == QLatin1String("us") ? number / 1000.0 : unit == QLatin1String("s") ? number * 1000.0 : number;
}

QString luaString(const QByteArray &text)
{
    return QString::fromUtf8(text).replace(u'\\', QLatin1String("\\\\")).replace(u'"', QLatin1String("\\\""));
}

} // namespace

std::optional<WrkResult> runWrk(const WrkRun &run, const QString &dir)
{
    const QString scriptPath = dir + QStringLiteral("/load-%1.lua").arg(run.connections);
    QFile script(scriptPath);
    if (!script.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return std::nullopt;
    QString lua = QStringLiteral("wrk.method = \"POST\"\nwrk.body = \"%1\"\nwrk.headers[\"Content-Type\"] = \"application/json\"\n")
                      .arg(luaString(run.body));
    for (const auto &[name, value] : run.headers)
        lua += QStringLiteral("wrk.headers[\"%1\"] = \"%2\"\n").arg(luaString(name), luaString(value));
    if (run.delayMs > 0)
        lua += QStringLiteral("function delay() return %1 end\n").arg(run.delayMs);
    script.write(lua.toUtf8());
    script.close();

    QProcess wrk;
    const int threads = std::min(run.connections, 2);
    wrk.start(QStringLiteral("wrk"), { QStringLiteral("-t%1").arg(threads), QStringLiteral("-c%1").arg(run.connections),
                                       QStringLiteral("-d%1s").arg(run.seconds), QStringLiteral("--latency"),
                                       QStringLiteral("-s"), scriptPath, run.url });
    if (!wrk.waitForFinished(run.seconds * 1000 + 30'000) || wrk.exitCode() != 0)
        return std::nullopt;
    const QString output = QString::fromUtf8(wrk.readAllStandardOutput());
    WrkResult result;
    for (const QString &line : output.split(u'\n')) {
        const QStringList words = line.simplified().split(u' ');
        if (words.size() >= 2 && words[0] == QLatin1String("50%"))
            result.p50Ms = milliseconds(words[1]);
        else if (words.size() >= 2 && words[0] == QLatin1String("99%"))
            result.p99Ms = milliseconds(words[1]);
        else if (words.size() >= 2 && words[0] == QLatin1String("Requests/sec:"))
            result.requestsPerSecond = words[1].toDouble();
        else if (words.size() >= 3 && words[1] == QLatin1String("requests") && words[2] == QLatin1String("in"))
            result.requests = words[0].toLongLong();
        else if (words.size() >= 5 && words[0] == QLatin1String("Non-2xx"))
            result.non2xx = words.back().toLongLong();
        else if (words.size() >= 2 && words[0] == QLatin1String("Socket") && words[1] == QLatin1String("errors:")) {
            static const QRegularExpression numbers(QStringLiteral("(\\d+)"));
            for (auto it = numbers.globalMatch(line); it.hasNext();)
                result.errors += it.next().captured(1).toLongLong();
        }
    }
    return result;
}

std::optional<ProcessUse> processUse(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!stat.open(QIODevice::ReadOnly) || !status.open(QIODevice::ReadOnly))
        return std::nullopt;
    ProcessUse use;
    // Fields after the command name, which is in parentheses and may hold spaces.
    const QByteArray statText = stat.readAll();
    const QList<QByteArray> fields = statText.mid(statText.lastIndexOf(')') + 2).split(' ');
    const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
    if (fields.size() > 12) {
        use.cpuSeconds = (fields[11].toDouble() + fields[12].toDouble()) / ticks; // utime, stime
        use.systemSeconds = fields[12].toDouble() / ticks;
    }
    for (const QByteArray &line : status.readAll().split('\n')) {
        const QList<QByteArray> words = line.simplified().split(' ');
        if (words.size() >= 2 && words[0] == "VmRSS:")
            use.rssMb = words[1].toDouble() / 1024.0;
        else if (words.size() >= 2 && words[0] == "VmHWM:")
            use.peakRssMb = words[1].toDouble() / 1024.0;
    }
    return use;
}

} // namespace switchboard::bench
