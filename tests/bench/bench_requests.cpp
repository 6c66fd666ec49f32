// The Requests page on a large request log: builds a workspace of N calls (default 1,000,000)
// with payloads, feeds the full-text index, then drives the page as a person does and prints
// how long until the first rows show, a filter by feature + failure + 24 hours, a free-text
// search (a rare word and a common one), a page read deep in the log by keyset beside the
// same page by OFFSET, and the process's memory with the page open.
//
// bench_requests [calls = 1000000]
#include "model/callid.h"
#include "prose.h"
#include "requests/calllogmodel.h"
#include "requests/filterbar.h"
#include "requests/requestspage.h"
#include "store/callrepository.h"
#include "store/connection.h"
#include "store/recorder.h"
#include "store/textindexer.h"
#include "store/workspace.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTextStream>

using namespace switchboard;
using namespace switchboard::core;
using namespace switchboard::core::store;

namespace {

constexpr qint64 kDayMs = 86'400'000;

// Thirty days of traffic, newest last; one call in 100,000 mentions a "zanzibar".
RecordedCall sample(qint64 nowMs, int n, int total)
{
    RecordedCall c;
    CallRecord &r = c.record;
    r.startedMs = nowMs - 30 * kDayMs + qint64(n) * (30 * kDayMs / total);
    r.id = callIdAt(r.startedMs);
    r.provider = QStringLiteral("sim");
    r.model = QStringLiteral("sim-small-%1").arg(n % 4);
    r.alias = QStringLiteral("chat-%1").arg(n % 3);
    r.feature = QStringLiteral("feature-%1").arg(n % 12);
    r.tenant = QStringLiteral("tenant-%1").arg(n % 40);
    r.userId = QStringLiteral("user-%1").arg(n % 5000);
    r.latencyUs = 200'000 + (n * 7919) % 900'000;
    r.inputTokens = 300;
    r.outputTokens = 90;
    r.costMicros = 120;
    if (n % 23 == 0) {
        r.status = CallStatus::Failed;
        r.failure = n % 46 == 0 ? FailureCategory::Timeout : FailureCategory::RateLimited;
    }
    QByteArray question = bench::prose(quint32(n), 500, 3);
    if (n % 100'000 == 7)
        question += " zanzibar";
    c.requestJson = "{\"messages\":[{\"role\":\"user\",\"content\":\"" + question + "\"}]}";
    c.responseJson = "{\"choices\":[{\"message\":{\"content\":\"" + bench::prose(quint32(n) + 7u, 250, 3) + "\"}}]}";
    c.attempts.push_back({ 1, r.provider, r.model, r.startedMs, r.latencyUs, 200, r.failure, {}, true });
    return c;
}

double msSince(const QElapsedTimer &timer)
{
    return double(timer.nsecsElapsed()) / 1e6;
}

qint64 rssKb()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return 0;
}

// Applies a filter through the page's bar and waits for its first page of rows.
double timeFilter(ui::RequestsPage &page, const QString &query, int &rows)
{
    QSignalSpy loaded(page.model(), &ui::CallLogModel::pageLoaded);
    QElapsedTimer timer;
    timer.start();
    if (!page.filterBar()->applyText(query))
        return -1;
    if (!loaded.wait(120'000))
        return -1;
    rows = page.model()->rowCount();
    return msSince(timer);
}

} // namespace

// The console's side, in a process of its own (as the console is): opens the page on the
// workspace and drives it.
int runConsole(const WorkspaceLocation &location, qint64 now, int total);

int main(int argc, char *argv[])
{
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const QStringList arguments = QCoreApplication::arguments();
    if (arguments.value(1) == QLatin1String("--console"))
        return runConsole(WorkspaceLocation::sqliteFile(arguments.value(2)), arguments.value(3).toLongLong(), arguments.value(4).toInt());
    const int total = argc > 1 ? QString::fromLatin1(argv[1]).toInt() : 1'000'000;
    QTextStream out(stdout);
    QTemporaryDir dir;
    const auto location = WorkspaceLocation::sqliteFile(dir.filePath(QStringLiteral("requests.switchboard")));
    if (!prepareWorkspace(location, Connection::Mode::CreateIfMissing)) {
        out << "error: cannot create a workspace\n";
        return 1;
    }
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    {
        QElapsedTimer timer;
        timer.start();
        Recorder::Settings settings;
        settings.indexStep = 0; // indexed below, timed apart
        auto recorder = Recorder::start(location, settings);
        if (!recorder) {
            out << "error: " << recorder.error().message << '\n';
            return 1;
        }
        for (int n = 0; n < total; ++n)
            (*recorder)->record(sample(now, n, total));
        (*recorder)->flush(3'600'000);
        out << "build_calls: " << (*recorder)->stats().written << " calls\n";
        out << "build_seconds: " << QString::number(msSince(timer) / 1000, 'f', 1) << " s\n";
    }
    {
        auto connection = Connection::open(location);
        QElapsedTimer timer;
        timer.start();
        const auto indexed = TextIndexer(**connection).catchUp(5'000);
        out << "text_index_seconds: " << QString::number(msSince(timer) / 1000, 'f', 1) << " s for "
            << (indexed ? *indexed : -1) << " payloads\n";
    }
    out << Qt::flush;
    QProcess console;
    console.setProcessChannelMode(QProcess::ForwardedOutputChannel);
    console.start(QCoreApplication::applicationFilePath(),
                  { QStringLiteral("--console"), location.target(), QString::number(now), QString::number(total) });
    console.waitForFinished(-1);
    return console.exitCode();
}

int runConsole(const WorkspaceLocation &location, qint64 now, int total)
{
    QTextStream out(stdout);
    out << "console_rss_idle: " << rssKb() / 1024 << " MB\n";
    auto summary = prepareWorkspace(location);
    if (!summary) {
        out << "error: " << summary.error().message << '\n';
        return 1;
    }
    ui::RequestsPage page;
    page.resize(1200, 800);
    page.show();
    {
        QSignalSpy loaded(page.model(), &ui::CallLogModel::pageLoaded);
        QElapsedTimer timer;
        timer.start();
        page.setWorkspace(*summary);
        if (!loaded.wait(60'000)) {
            out << "error: no rows\n";
            return 1;
        }
        out << "first_rows_ms: " << QString::number(msSince(timer), 'f', 1) << " ms (" << page.model()->rowCount() << " rows)\n";
    }
    int rows = 0;
    const double filtered = timeFilter(page, QStringLiteral("since:24h feature:feature-4 failure:timeout"), rows);
    out << "filter_feature_failure_24h_ms: " << QString::number(filtered, 'f', 1) << " ms (" << rows << " rows)\n";
    const double rare = timeFilter(page, QStringLiteral("zanzibar"), rows);
    out << "text_search_rare_ms: " << QString::number(rare, 'f', 1) << " ms (" << rows << " rows)\n";
    const double common = timeFilter(page, QStringLiteral("kare"), rows);
    out << "text_search_common_ms: " << QString::number(common, 'f', 1) << " ms (" << rows << " rows)\n";
    const double combined = timeFilter(page, QStringLiteral("since:7d tenant:tenant-3 kare"), rows);
    out << "text_search_with_filter_ms: " << QString::number(combined, 'f', 1) << " ms (" << rows << " rows)\n";
    // Scrolling: the next pages of the whole log.
    timeFilter(page, QString(), rows);
    {
        QElapsedTimer timer;
        timer.start();
        for (int i = 0; i < 10; ++i) {
            QSignalSpy loaded(page.model(), &ui::CallLogModel::pageLoaded);
            page.model()->fetchMore({});
            loaded.wait(60'000);
        }
        out << "scroll_page_ms: " << QString::number(msSince(timer) / 10, 'f', 1) << " ms per " << ui::CallLogModel::kPageSize
            << " rows\n";
    }
    out << "console_rss: " << rssKb() / 1024 << " MB\n";

    // A page half-way down the log: by keyset (what the page does) and by OFFSET (the baseline).
    auto connection = Connection::open(location);
    CallRepository calls(**connection);
    const qint64 middleMs = now - 15 * kDayMs;
    QElapsedTimer timer;
    timer.start();
    auto keyset = calls.page(ui::CallLogModel::kPageSize, CallRepository::Cursor { middleMs, QString() });
    out << "deep_page_keyset_ms: " << QString::number(msSince(timer), 'f', 1) << " ms (" << (keyset ? keyset->size() : 0) << " rows)\n";
    timer.restart();
    auto offset = (*connection)->exec(QStringLiteral("SELECT * FROM calls ORDER BY started_ms DESC, id DESC LIMIT 200 OFFSET ?"), { total / 2 });
    int offsetRows = 0;
    while (offset && offset->next())
        ++offsetRows;
    out << "baseline_deep_page_offset_ms: " << QString::number(msSince(timer), 'f', 1) << " ms (" << offsetRows << " rows)\n";
    return 0;
}
