#pragma once

#include <QByteArray>

#include <functional>
#include <optional>
#include <vector>

namespace switchboard::core::analytics {

// A mergeable histogram of positive values (microseconds, tokens) in logarithmic buckets 2 %
// wide, after DDSketch: any quantile read from it is within about 1 % of the true value, and
// histograms of different minutes, models or tenants add up exactly. Stored compactly as
// varint-coded (bucket delta, count) pairs; counts are held densely between the lowest and
// highest bucket in use, so merging thousands of stored histograms is a pass over bytes.
class LogHistogram final
{
public:
    static constexpr double kGamma = 1.02;

    void add(qint64 value, qint64 count = 1);
    void merge(const LogHistogram &other);
    // Adds a serialized histogram without building one; false (and nothing added) for
    // damaged bytes.
    bool mergeSerialized(QByteArrayView bytes);

    qint64 count() const { return m_count; }
    bool isEmpty() const { return m_count == 0; }
    // The value at quantile q (0..1), or nullopt when empty.
    std::optional<qint64> quantile(double q) const;
    // How many values are at most `value` (to the bucket: within 2 %).
    qint64 countAtMost(qint64 value) const;
    // The non-empty buckets in ascending order: each bucket's representative value and count.
    void forEachBucket(const std::function<void(qint64 value, qint64 count)> &visit) const;

    QByteArray serialize() const;
    // An empty histogram for empty or damaged bytes.
    static LogHistogram deserialize(QByteArrayView bytes);

    static int bucketOf(qint64 value);
    static qint64 valueOf(int bucket);

    friend bool operator==(const LogHistogram &a, const LogHistogram &b);

private:
    qint64 &slot(int bucket);

    int m_first = 0;               // the bucket of m_counts[0]; bucket 0 holds zero (and negative) values
    std::vector<qint64> m_counts;  // buckets m_first .. m_first + size - 1
    qint64 m_count = 0;
};

} // namespace switchboard::core::analytics
