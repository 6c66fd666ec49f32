// The mergeable latency histogram behind every percentile on the dashboards.
#include "analytics/loghistogram.h"
#include "providers/sim/simrandom.h"

#include <QTest>

#include <algorithm>
#include <vector>

using switchboard::core::analytics::LogHistogram;
using switchboard::core::providers::sim::SimRandom;

namespace {

std::vector<qint64> latencies(quint64 seed, int n)
{
    SimRandom random(seed);
    std::vector<qint64> values;
    values.reserve(n);
    for (int i = 0; i < n; ++i)
        values.push_back(static_cast<qint64>(random.logNormal(350'000, 0.8))); // µs around 350 ms
    return values;
}

qint64 exactQuantile(std::vector<qint64> values, double q)
{
    std::sort(values.begin(), values.end());
    const auto rank = std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil(q * values.size())));
    return values[rank - 1];
}

} // namespace

class TestLogHistogram final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void quantilesAreWithinOnePercent()
    {
        const auto values = latencies(11, 100'000);
        LogHistogram histogram;
        for (qint64 v : values)
            histogram.add(v);
        QCOMPARE(histogram.count(), 100'000);
        for (double q : { 0.01, 0.5, 0.9, 0.95, 0.99, 0.999, 1.0 }) {
            const double exact = static_cast<double>(exactQuantile(values, q));
            const double estimated = static_cast<double>(*histogram.quantile(q));
            const double error = std::abs(estimated - exact) / exact;
            QVERIFY2(error < 0.01, qPrintable(QStringLiteral("q=%1 exact=%2 estimated=%3 error=%4")
                                                  .arg(q).arg(exact).arg(estimated).arg(error)));
        }
    }

    void mergedHistogramsEqualOneOverEverything()
    {
        const auto values = latencies(12, 20'000);
        LogHistogram all;
        LogHistogram first;
        LogHistogram second;
        for (std::size_t i = 0; i < values.size(); ++i) {
            all.add(values[i]);
            (i % 3 == 0 ? first : second).add(values[i]);
        }
        first.merge(second);
        QCOMPARE(first, all);
        QCOMPARE(first.quantile(0.95), all.quantile(0.95));
    }

    void damagedBytesAddNothing()
    {
        // Ten pairs each a bucket 90,000 further on: no value is that large, so the bytes are
        // refused whole instead of sizing the counts towards the damage.
        QByteArray damaged;
        damaged.append(char(10));
        for (int i = 0; i < 10; ++i)
            damaged.append("\x90\xbf\x05\x01", 4); // varint 90,000, count 1
        LogHistogram histogram;
        histogram.add(1000);
        QVERIFY(!histogram.mergeSerialized(damaged));
        QCOMPARE(histogram.count(), 1);
        QVERIFY(LogHistogram::deserialize(damaged).isEmpty());
        QVERIFY(LogHistogram::deserialize(QByteArray("\xff\xff", 2)).isEmpty());
    }

    void serializesCompactlyAndBack()
    {
        LogHistogram histogram;
        for (qint64 v : latencies(13, 5'000))
            histogram.add(v);
        histogram.add(0);
        const QByteArray bytes = histogram.serialize();
        QVERIFY(bytes.size() < 1500);
        QCOMPARE(LogHistogram::deserialize(bytes), histogram);
    }

    void damagedBytesReadAsEmpty()
    {
        QVERIFY(LogHistogram::deserialize(QByteArray("\xff\xff\xff", 3)).isEmpty());
        QVERIFY(LogHistogram::deserialize({}).isEmpty());
        QVERIFY(!LogHistogram().quantile(0.5));
    }
};

QTEST_GUILESS_MAIN(TestLogHistogram)
#include "tst_loghistogram.moc"
