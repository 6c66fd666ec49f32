// One writer and one reader on the same workspace file, each on its own thread with its own
// connection: the console reads the request log while the recorder writes it.
#include "model/callid.h"
#include "storefixtures.h"
#include "store/callrepository.h"
#include "store/connection.h"
#include "store/workspace.h"
#include "temporaryworkspace.h"

#include <QElapsedTimer>
#include <QSemaphore>
#include <QTest>
#include <QThread>

#include <atomic>
#include <memory>
#include <vector>

using namespace switchboard;
using core::CallRecord;
using core::store::CallRepository;
using core::store::Connection;

namespace {

constexpr int kBatches = 20;
constexpr int kBatchSize = 500;
constexpr int kPageSize = 100;

// What the reader saw; checked by the test thread once both threads have finished.
struct ReaderLog
{
    QStringList errors;
    std::vector<qint64> counts;
    int reads = 0;
};

QString checkPage(const std::vector<CallRecord> &page, int previousSize)
{
    if (int(page.size()) > kPageSize)
        return QStringLiteral("a page of %1 rows").arg(page.size());
    if (int(page.size()) < previousSize)
        return QStringLiteral("the first page shrank from %1 to %2 rows")
            .arg(previousSize)
            .arg(page.size());
    for (std::size_t i = 1; i < page.size(); ++i) {
        const CallRecord &a = page[i - 1];
        const CallRecord &b = page[i];
        if (a.startedMs < b.startedMs || (a.startedMs == b.startedMs && a.id <= b.id))
            return QStringLiteral("rows %1 and %2 of a page are out of order").arg(i - 1).arg(i);
    }
    return {};
}

} // namespace

class TestConcurrency final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readerReadsWhileWriterWrites()
    {
        QElapsedTimer elapsed;
        elapsed.start();
        tests::TemporaryWorkspace temp;
        QVERIFY_OK(core::store::prepareWorkspace(temp.location(),
                                                   Connection::Mode::CreateIfMissing));
        const auto location = temp.location();

        std::atomic<bool> writerDone = false;
        QSemaphore readerReady;
        ReaderLog reader;
        QStringList writerErrors;

        std::unique_ptr<QThread> readerThread(QThread::create([&] {
            auto connection = Connection::open(location);
            if (!connection) {
                reader.errors << connection.error().message;
                readerReady.release();
                return;
            }
            CallRepository calls(**connection);
            int previousPageSize = 0;
            const auto readOnce = [&] {
                ++reader.reads;
                auto count = calls.count();
                if (!count) {
                    reader.errors << QStringLiteral("count: ") + count.error().message;
                    return;
                }
                reader.counts.push_back(*count);
                auto page = calls.page(kPageSize);
                if (!page) {
                    reader.errors << QStringLiteral("page: ") + page.error().message;
                    return;
                }
                if (const QString wrong = checkPage(*page, previousPageSize); !wrong.isEmpty())
                    reader.errors << wrong;
                previousPageSize = int(page->size());
            };
            readOnce();
            readerReady.release();
            while (!writerDone.load())
                readOnce();
            readOnce(); // after the last commit
        }));

        std::unique_ptr<QThread> writerThread(QThread::create([&] {
            readerReady.acquire(); // the reader has its connection and has read once
            auto connection = Connection::open(location);
            if (!connection) {
                writerErrors << connection.error().message;
                writerDone = true;
                return;
            }
            CallRepository calls(**connection);
            const qint64 start = 1'718'000'000'000;
            for (int b = 0; b < kBatches; ++b) {
                std::vector<CallRecord> batch;
                batch.reserve(kBatchSize);
                for (int i = 0; i < kBatchSize; ++i) {
                    const int n = b * kBatchSize + i;
                    batch.push_back(tests::fullCall(core::newCallId(), start + n / 7, n));
                }
                if (auto inserted = calls.insert(batch); !inserted)
                    writerErrors << inserted.error().message;
            }
            writerDone = true;
        }));

        readerThread->start();
        writerThread->start();
        QVERIFY(writerThread->wait(QDeadlineTimer(60'000)));
        QVERIFY(readerThread->wait(QDeadlineTimer(60'000)));

        QVERIFY2(writerErrors.isEmpty(), qPrintable(writerErrors.join(u'\n')));
        QVERIFY2(reader.errors.isEmpty(), qPrintable(reader.errors.join(u'\n')));
        QVERIFY(!reader.counts.empty());

        bool sawWriteInProgress = false;
        for (std::size_t i = 0; i < reader.counts.size(); ++i) {
            const qint64 count = reader.counts[i];
            if (i > 0)
                QVERIFY2(count >= reader.counts[i - 1],
                         qPrintable(QStringLiteral("the count went down from %1 to %2")
                                        .arg(reader.counts[i - 1])
                                        .arg(count)));
            // A reader sees whole batches or nothing of them.
            QVERIFY2(count % kBatchSize == 0,
                     qPrintable(QStringLiteral("a count of %1 shows part of a batch").arg(count)));
            sawWriteInProgress = sawWriteInProgress || (count > 0 && count < kBatches * kBatchSize);
        }
        QCOMPARE(reader.counts.back(), qint64(kBatches * kBatchSize));
        // Without this the test would pass even if the reader only read before and after.
        QVERIFY2(sawWriteInProgress,
                 qPrintable(QStringLiteral("%1 reads, none while the writer was writing")
                                .arg(reader.reads)));

        auto connection = Connection::open(location);
        QVERIFY_OK(connection);
        auto total = CallRepository(**connection).count();
        QVERIFY_OK(total);
        QCOMPARE(*total, qint64(kBatches * kBatchSize));
        qInfo("%d reads during %d batches; %lld ms", reader.reads, kBatches,
              static_cast<long long>(elapsed.elapsed()));
    }
};

QTEST_GUILESS_MAIN(TestConcurrency)
#include "tst_concurrency.moc"
