#include "analytics/loghistogram.h"

#include <cmath>

namespace switchboard::core::analytics {
namespace {

const double kLogGamma = std::log(LogHistogram::kGamma);

void putVarint(QByteArray &out, quint64 value)
{
    while (value >= 0x80) {
        out.append(static_cast<char>((value & 0x7F) | 0x80));
        value >>= 7;
    }
    out.append(static_cast<char>(value));
}

bool getVarint(QByteArrayView bytes, qsizetype &at, quint64 &value)
{
    value = 0;
    for (int shift = 0; shift < 64 && at < bytes.size(); shift += 7) {
        const auto byte = static_cast<quint8>(bytes[at++]);
        value |= static_cast<quint64>(byte & 0x7F) << shift;
        if (!(byte & 0x80))
            return true;
    }
    return false;
}

} // namespace

int LogHistogram::bucketOf(qint64 value)
{
    if (value <= 0)
        return 0;
    // Bucket i >= 1 holds (gamma^(i-1), gamma^i]; values of 1 land in bucket 1.
    return 1 + static_cast<int>(std::ceil(std::log(static_cast<double>(value)) / kLogGamma));
}

double LogHistogram::valueOf(int bucket)
{
    if (bucket <= 0)
        return 0;
    // The point of the bucket with equal relative error to both edges.
    const double upper = std::pow(kGamma, bucket - 1);
    return 2.0 * upper / (1.0 + kGamma);
}

void LogHistogram::add(qint64 value, qint64 count)
{
    if (count <= 0)
        return;
    m_buckets[bucketOf(value)] += count;
    m_count += count;
}

void LogHistogram::merge(const LogHistogram &other)
{
    for (const auto &[bucket, count] : other.m_buckets)
        m_buckets[bucket] += count;
    m_count += other.m_count;
}

std::optional<qint64> LogHistogram::quantile(double q) const
{
    if (m_count == 0)
        return std::nullopt;
    q = std::clamp(q, 0.0, 1.0);
    // The rank of the value at q, counted from 1 (nearest-rank).
    const qint64 rank = std::max<qint64>(1, static_cast<qint64>(std::ceil(q * static_cast<double>(m_count))));
    qint64 seen = 0;
    for (const auto &[bucket, count] : m_buckets) {
        seen += count;
        if (seen >= rank)
            return static_cast<qint64>(std::llround(valueOf(bucket)));
    }
    return static_cast<qint64>(std::llround(valueOf(m_buckets.rbegin()->first)));
}

QByteArray LogHistogram::serialize() const
{
    QByteArray out;
    out.reserve(static_cast<qsizetype>(m_buckets.size()) * 3 + 2);
    putVarint(out, m_buckets.size());
    int previous = 0;
    for (const auto &[bucket, count] : m_buckets) {
        putVarint(out, static_cast<quint64>(bucket - previous));
        putVarint(out, static_cast<quint64>(count));
        previous = bucket;
    }
    return out;
}

LogHistogram LogHistogram::deserialize(QByteArrayView bytes)
{
    LogHistogram histogram;
    qsizetype at = 0;
    quint64 pairs = 0;
    if (!getVarint(bytes, at, pairs))
        return {};
    int bucket = 0;
    for (quint64 i = 0; i < pairs; ++i) {
        quint64 delta = 0;
        quint64 count = 0;
        if (!getVarint(bytes, at, delta) || !getVarint(bytes, at, count) || delta > 100'000)
            return {};
        bucket += static_cast<int>(delta);
        histogram.m_buckets[bucket] += static_cast<qint64>(count);
        histogram.m_count += static_cast<qint64>(count);
    }
    return histogram;
}

} // namespace switchboard::core::analytics
