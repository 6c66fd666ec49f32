#pragma once

#include <QByteArray>

#include <map>
#include <optional>

namespace switchboard::core::analytics {

// A mergeable histogram of positive values (microseconds) in logarithmic buckets 2 % wide,
// after DDSketch: any quantile read from it is within about 1 % of the true value, and
// histograms of different minutes, models or tenants add up exactly. Stored compactly as
// varint-coded (bucket delta, count) pairs.
class LogHistogram final
{
public:
    static constexpr double kGamma = 1.02;

    void add(qint64 value, qint64 count = 1);
    void merge(const LogHistogram &other);
    qint64 count() const { return m_count; }
    bool isEmpty() const { return m_count == 0; }
    // The value at quantile q (0..1), or nullopt when empty.
    std::optional<qint64> quantile(double q) const;

    QByteArray serialize() const;
    // An empty histogram for empty or damaged bytes.
    static LogHistogram deserialize(QByteArrayView bytes);

    friend bool operator==(const LogHistogram &, const LogHistogram &) = default;

private:
    static int bucketOf(qint64 value);
    static double valueOf(int bucket);

    std::map<int, qint64> m_buckets; // bucket 0 holds zero (and negative) values
    qint64 m_count = 0;
};

} // namespace switchboard::core::analytics
