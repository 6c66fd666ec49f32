// Call ids: the request log orders, pages and deduplicates calls by them.
#include "model/callid.h"

#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSet>
#include <QTest>
#include <QThread>

#include <algorithm>
#include <memory>
#include <utility>
#include <vector>

using namespace switchboard;

namespace {

// Crockford's base32: digits and upper-case letters without I, L, O and U.
const QRegularExpression &crockford26()
{
    static const QRegularExpression pattern(QStringLiteral("^[0-9A-HJKMNP-TV-Z]{26}$"));
    return pattern;
}

} // namespace

class TestCallId final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void idsAreCrockfordBase32()
    {
        for (int i = 0; i < 1000; ++i) {
            const QString id = core::newCallId();
            QVERIFY2(crockford26().match(id).hasMatch(), qPrintable(id));
        }
        // The first character holds only the top 3 of 128 bits (ULID layout).
        QVERIFY(core::newCallId().front() <= u'7');
    }

    void idsIncreaseStrictlyInOneThread()
    {
        constexpr int kCount = 100'000;
        QString previous = core::newCallId();
        int sameMillisecond = 0;
        for (int i = 0; i < kCount; ++i) {
            const QString id = core::newCallId();
            if (!(id > previous))
                QFAIL(qPrintable(QStringLiteral("id %1 (%2) does not follow %3").arg(i).arg(id, previous)));
            if (id.left(10) == previous.left(10))
                ++sameMillisecond;
            previous = id;
        }
        // Many ids share a millisecond, so the counter inside one millisecond was exercised.
        QVERIFY(sameMillisecond > 0);
    }

    void idsSortByTime()
    {
        // Times from the epoch to the last representable millisecond, in no particular order,
        // with repeats, and around the places where a base32 digit carries.
        const qint64 last = (qint64(1) << 48) - 1;
        std::vector<qint64> times { 0,
                                    1,
                                    31,
                                    32,
                                    1023,
                                    1024,
                                    1'718'000'000'000,
                                    1'718'000'000'000,
                                    1'718'000'000'001,
                                    1'717'999'999'999,
                                    (qint64(1) << 40) - 1,
                                    qint64(1) << 40,
                                    last - 1,
                                    last };
        QRandomGenerator random(99);
        for (int i = 0; i < 2000; ++i)
            times.push_back(qint64(random.generate64() & quint64(last)));
        std::shuffle(times.begin(), times.end(), random);

        std::vector<std::pair<QString, qint64>> ids;
        for (const qint64 t : times)
            ids.emplace_back(core::callIdAt(t), t);
        std::ranges::sort(ids);
        for (std::size_t i = 1; i < ids.size(); ++i) {
            QVERIFY2(ids[i - 1].first != ids[i].first, qPrintable(ids[i].first));
            QVERIFY2(ids[i - 1].second <= ids[i].second,
                     qPrintable(QStringLiteral("%1 (t=%2) sorts before %3 (t=%4)")
                                    .arg(ids[i - 1].first)
                                    .arg(ids[i - 1].second)
                                    .arg(ids[i].first)
                                    .arg(ids[i].second)));
        }

        // The time is the first 10 characters, most significant first: other programs that
        // read ULIDs find the same time in them.
        QCOMPARE(core::callIdAt(0).left(10), QStringLiteral("0000000000"));
        QCOMPARE(core::callIdAt(1).left(10), QStringLiteral("0000000001"));
        QCOMPARE(core::callIdAt(32).left(10), QStringLiteral("0000000010"));
        QCOMPARE(core::callIdAt(last).left(10), QStringLiteral("7ZZZZZZZZZ"));
        QCOMPARE(core::callIdAt(1'469'918'176'385).left(10), QStringLiteral("01ARYZ6S41"));
    }

    void idsFromFourThreadsAreUnique()
    {
        constexpr int kThreads = 4;
        constexpr int kPerThread = 50'000;
        std::vector<QStringList> made(kThreads);
        std::vector<std::unique_ptr<QThread>> threads;
        for (int t = 0; t < kThreads; ++t) {
            threads.emplace_back(QThread::create([&ids = made[std::size_t(t)]] {
                ids.reserve(kPerThread);
                for (int i = 0; i < kPerThread; ++i)
                    ids.append(core::newCallId());
            }));
        }
        for (const auto &thread : threads)
            thread->start();
        for (const auto &thread : threads)
            QVERIFY(thread->wait(QDeadlineTimer(30'000)));

        QSet<QString> unique;
        for (const QStringList &ids : made) {
            QCOMPARE(ids.size(), kPerThread);
            for (qsizetype i = 0; i < ids.size(); ++i) {
                if (!crockford26().match(ids[i]).hasMatch())
                    QFAIL(qPrintable(ids[i] + QLatin1String(" is not 26 base32 digits")));
                // Each thread's ids increase too: a writer's batch is in time order.
                if (i > 0 && !(ids[i] > ids[i - 1]))
                    QFAIL(qPrintable(ids[i] + QLatin1String(" does not follow ") + ids[i - 1]));
                unique.insert(ids[i]);
            }
        }
        QCOMPARE(unique.size(), qsizetype(kThreads * kPerThread));
    }
};

QTEST_GUILESS_MAIN(TestCallId)
#include "tst_callid.moc"
