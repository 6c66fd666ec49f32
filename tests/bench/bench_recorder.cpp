// Recorder throughput: calls per second written with payloads, attempts and rollups, against
// a one-transaction-per-call baseline on the same machine and disk.
#include "model/callid.h"
#include "prose.h"
#include "store/callrepository.h"
#include "store/connection.h"
#include "store/recorder.h"
#include "store/textindexer.h"
#include "store/workspace.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTextStream>

#include <map>

#include <sys/resource.h>
#include <unistd.h>

using namespace switchboard::core;
using namespace switchboard::core::store;

namespace {

RecordedCall sample(qint64 startedMs, int n)
{
    RecordedCall c;
    CallRecord &r = c.record;
    r.id = callIdAt(startedMs);
    r.startedMs = startedMs;
    r.provider = QStringLiteral("sim");
    r.model = QStringLiteral("sim-small-%1").arg(n % 4);
    r.feature = QStringLiteral("feature-%1").arg(n % 8);
    r.tenant = QStringLiteral("tenant-%1").arg(n % 20);
    r.latencyUs = 200'000 + (n * 7919) % 900'000;
    r.ttftUs = r.latencyUs / 4;
    r.inputTokens = 500;
    r.outputTokens = 120;
    r.costMicros = 150;
    c.requestJson = "{\"messages\":[{\"role\":\"user\",\"content\":\"" + switchboard::bench::prose(quint32(n), 1340) + "\"}]}";
    c.responseJson = "{\"choices\":[{\"message\":{\"content\":\"" + switchboard::bench::prose(quint32(n) + 7u, 560) + "\"}}]}";
    c.chunkOffsetsMs = { 50, 60, 75, 90 };
    c.attempts.push_back({ 1, r.provider, r.model, startedMs, r.latencyUs, 200, std::nullopt, {}, true });
    return c;
}

// CPU time used by the whole process so far, in microseconds: less sensitive than the rate to
// whatever else the machine is running.
qint64 processCpuUs()
{
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    const auto us = [](const timeval &t) { return qint64(t.tv_sec) * 1'000'000 + t.tv_usec; };
    return us(usage.ru_utime) + us(usage.ru_stime);
}

// CPU time of each of the process's threads so far, in microseconds (Linux only; empty
// elsewhere). The busiest thread bounds the rate a machine with a core free for each could
// reach, whatever else is running.
std::map<QString, qint64> threadCpuUs()
{
    std::map<QString, qint64> threads;
    const long ticks = sysconf(_SC_CLK_TCK);
    const QDir tasks(QStringLiteral("/proc/self/task"));
    for (const QString &tid : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile stat(tasks.filePath(tid + QLatin1String("/stat")));
        if (!stat.open(QIODevice::ReadOnly))
            continue;
        const QByteArray line = stat.readAll();
        // Fields after the command name, which is in parentheses and may hold spaces.
        const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
        if (fields.size() > 12)
            threads[tid] = (fields.at(11).toLongLong() + fields.at(12).toLongLong()) * 1'000'000 / ticks;
    }
    return threads;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const int calls = argc > 1 ? QString::fromLatin1(argv[1]).toInt() : 200'000;
    QTextStream out(stdout);
    QTemporaryDir dir;
    const auto location = WorkspaceLocation::sqliteFile(dir.filePath(QStringLiteral("bench.switchboard")));
    if (!prepareWorkspace(location, Connection::Mode::CreateIfMissing)) {
        out << "error: cannot create a workspace\n";
        return 1;
    }
    const qint64 base = 1'790'000'000'000;
    std::vector<RecordedCall> prepared;
    prepared.reserve(calls);
    for (int n = 0; n < calls; ++n)
        prepared.push_back(sample(base + n * 3, n)); // ~5 minutes of traffic at 330 calls/s

    {
        Recorder::Settings settings;
        settings.indexStep = 0; // the write path alone; the text index is measured below
        auto recorder = Recorder::start(location, settings);
        if (!recorder) {
            out << "error: " << recorder.error().message << '\n';
            return 1;
        }
        const qint64 cpuBefore = processCpuUs();
        const auto threadsBefore = threadCpuUs();
        QElapsedTimer timer;
        timer.start();
        for (RecordedCall &call : prepared)
            (*recorder)->record(std::move(call));
        (*recorder)->flush(600'000);
        const double seconds = static_cast<double>(timer.nsecsElapsed()) / 1e9;
        const auto stats = (*recorder)->stats();
        out << "recorder_calls: " << stats.written << " calls\n";
        out << "recorder_rate: " << qRound64(stats.written / seconds) << " calls/s\n";
        out << "recorder_cpu: " << QString::number(double(processCpuUs() - cpuBefore) / double(stats.written), 'f', 1)
            << " us/call\n";
        qint64 busiest = 0;
        for (const auto &[tid, us] : threadCpuUs()) {
            const auto before = threadsBefore.find(tid);
            busiest = std::max(busiest, us - (before == threadsBefore.end() ? 0 : before->second));
        }
        out << "recorder_busiest_thread_cpu: " << QString::number(double(busiest) / double(stats.written), 'f', 1)
            << " us/call\n";
        out << "recorder_batches: " << stats.batches << " batches\n";
        out << "recorder_dead_lettered: " << stats.deadLettered << " calls\n";
    }

    // The full-text index, fed after the writes as the recorder does in its idle time.
    auto connection = Connection::open(location);
    {
        QElapsedTimer timer;
        timer.start();
        const qint64 cpuBefore = processCpuUs();
        const auto indexed = TextIndexer(**connection).catchUp();
        const double seconds = static_cast<double>(timer.nsecsElapsed()) / 1e9;
        if (!indexed || *indexed == 0) {
            out << "error: the text index was not fed\n";
            return 1;
        }
        out << "text_index_rate: " << qRound64(double(*indexed) / seconds) << " payloads/s\n";
        out << "text_index_cpu: " << QString::number(double(processCpuUs() - cpuBefore) / double(*indexed), 'f', 1)
            << " us/payload\n";
    }

    // Baseline: the same rows, one transaction (and one fsync point) per call.
    CallRepository repository(**connection);
    const int baselineCalls = std::min(calls, 3000);
    QElapsedTimer timer;
    timer.start();
    for (int n = 0; n < baselineCalls; ++n) {
        const RecordedCall c = sample(base + 10'000'000 + n, n);
        repository.insert(std::span(&c.record, 1));
    }
    const double seconds = static_cast<double>(timer.nsecsElapsed()) / 1e9;
    out << "baseline_transaction_per_call_rate: " << qRound64(baselineCalls / seconds) << " calls/s\n";
    return 0;
}
