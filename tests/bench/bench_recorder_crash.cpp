// What a crash costs the request log: a child process records calls at a steady rate and is
// killed (SIGKILL, no chance to flush) mid-stream; the parent then counts what the workspace
// holds against what the child had handed to the recorder. Repeated, it reports the worst
// and the mean loss, in calls and in milliseconds of traffic.
#include "model/callid.h"
#include "store/callrepository.h"
#include "store/connection.h"
#include "store/recorder.h"
#include "store/workspace.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <QTextStream>
#include <QThread>

#include <csignal>

using namespace switchboard::core;
using namespace switchboard::core::store;

namespace {

constexpr int kCallsPerSecond = 5'000;

RecordedCall sample(int n)
{
    RecordedCall c;
    c.record.id = callIdAt(1'790'000'000'000 + n);
    c.record.startedMs = 1'790'000'000'000 + n;
    c.record.provider = QStringLiteral("sim");
    c.record.model = QStringLiteral("sim-small");
    c.record.latencyUs = 250'000;
    c.requestJson = QByteArray(1400, 'q');
    c.responseJson = QByteArray(600, 'r');
    return c;
}

// The child: records calls at a steady rate and says how many it has handed over.
int child(const QString &path)
{
    auto recorder = Recorder::start(WorkspaceLocation::sqliteFile(path));
    if (!recorder)
        return 1;
    QTextStream out(stdout);
    QElapsedTimer clock;
    clock.start();
    for (int n = 0;; ++n) {
        while (clock.nsecsElapsed() < static_cast<qint64>(n) * 1'000'000'000 / kCallsPerSecond)
            QThread::usleep(50);
        (*recorder)->record(sample(n));
        if (n % 10 == 0)
            out << n + 1 << '\n' << Qt::flush;
    }
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (argc == 3 && QByteArray(argv[1]) == "--child")
        return child(QString::fromLocal8Bit(argv[2]));

    QTextStream out(stdout);
    const int rounds = argc > 1 ? QString::fromLatin1(argv[1]).toInt() : 5;
    qint64 worst = 0;
    qint64 total = 0;
    for (int round = 0; round < rounds; ++round) {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("crash.switchboard"));
        if (!prepareWorkspace(WorkspaceLocation::sqliteFile(path), Connection::Mode::CreateIfMissing)) {
            out << "error: cannot create a workspace\n";
            return 1;
        }
        QProcess process;
        process.start(QCoreApplication::applicationFilePath(), { QStringLiteral("--child"), path });
        process.waitForStarted();
        QThread::msleep(static_cast<unsigned long>(700 + 97 * round)); // a different moment each round
        process.readAllStandardOutput();
        ::kill(static_cast<pid_t>(process.processId()), SIGKILL);
        process.waitForFinished();
        const QList<QByteArray> lines = process.readAllStandardOutput().trimmed().split('\n');
        const qint64 handed = lines.isEmpty() ? 0 : lines.last().toLongLong();
        auto connection = Connection::open(WorkspaceLocation::sqliteFile(path));
        const qint64 stored = connection ? CallRepository(**connection).count().value_or(0) : 0;
        // The child may have handed over up to 9 more calls than it last reported.
        const qint64 lost = std::max<qint64>(0, handed - stored);
        worst = std::max(worst, lost);
        total += lost;
    }
    out << "crash_lost_calls_worst: " << worst << " calls\n";
    out << "crash_lost_calls_mean: " << total / std::max(1, rounds) << " calls\n";
    out << "crash_lost_window_worst: " << worst * 1000 / kCallsPerSecond << " ms\n";
    return 0;
}
