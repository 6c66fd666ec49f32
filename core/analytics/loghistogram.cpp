#include "analytics/loghistogram.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace switchboard::core::analytics {
namespace {

const double kLogGamma = std::log(LogHistogram::kGamma);
constexpr quint64 kMaxBucketDelta = 100'000; // more than any real value needs: damaged bytes
constexpr int kMaxBucket = 2'300;             // bucketOf(INT64_MAX) is 2,206

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

struct Pair
{
    int bucket;
    qint64 count;
};

// Decodes every (bucket, count) pair; false for damaged bytes.
template<typename Visit>
bool decode(QByteArrayView bytes, Visit &&visit)
{
    qsizetype at = 0;
    quint64 pairs = 0;
    if (bytes.isEmpty())
        return true;
    if (!getVarint(bytes, at, pairs) || pairs > kMaxBucketDelta)
        return false;
    int bucket = 0;
    for (quint64 i = 0; i < pairs; ++i) {
        quint64 delta = 0;
        quint64 count = 0;
        if (!getVarint(bytes, at, delta) || !getVarint(bytes, at, count) || delta > kMaxBucketDelta)
            return false;
        bucket += static_cast<int>(delta);
        if (bucket > kMaxBucket || count > quint64(std::numeric_limits<qint64>::max()))
            return false;
        visit(Pair { bucket, static_cast<qint64>(count) });
    }
    return true;
}

} // namespace

int LogHistogram::bucketOf(qint64 value)
{
    if (value <= 0)
        return 0;
    // Bucket i >= 1 holds (gamma^(i-1), gamma^i]; values of 1 land in bucket 1.
    return 1 + static_cast<int>(std::ceil(std::log(static_cast<double>(value)) / kLogGamma));
}

qint64 LogHistogram::valueOf(int bucket)
{
    if (bucket <= 0)
        return 0;
    // The point of the bucket with equal relative error to both edges.
    const double upper = std::pow(kGamma, bucket - 1);
    return static_cast<qint64>(std::llround(2.0 * upper / (1.0 + kGamma)));
}

qint64 &LogHistogram::slot(int bucket)
{
    if (m_counts.empty()) {
        m_first = bucket;
        m_counts.assign(1, 0);
    } else if (bucket < m_first) {
        m_counts.insert(m_counts.begin(), static_cast<std::size_t>(m_first - bucket), 0);
        m_first = bucket;
    } else if (bucket >= m_first + static_cast<int>(m_counts.size())) {
        m_counts.resize(static_cast<std::size_t>(bucket - m_first + 1), 0);
    }
    return m_counts[static_cast<std::size_t>(bucket - m_first)];
}

void LogHistogram::add(qint64 value, qint64 count)
{
    if (count <= 0)
        return;
    slot(bucketOf(value)) += count;
    m_count += count;
}

void LogHistogram::merge(const LogHistogram &other)
{
    if (other.m_counts.empty())
        return;
    // Size once for the union of both ranges, then add.
    slot(other.m_first);
    slot(other.m_first + static_cast<int>(other.m_counts.size()) - 1);
    const auto offset = static_cast<std::size_t>(other.m_first - m_first);
    for (std::size_t i = 0; i < other.m_counts.size(); ++i)
        m_counts[offset + i] += other.m_counts[i];
    m_count += other.m_count;
}

bool LogHistogram::mergeSerialized(QByteArrayView bytes)
{
    // Check the bytes whole before adding any of them.
    int low = 0;
    int high = -1;
    qint64 total = 0;
    const bool intact = decode(bytes, [&](Pair pair) {
        if (high < low)
            low = pair.bucket;
        high = pair.bucket;
        total += pair.count;
    });
    if (!intact || total <= 0)
        return intact;
    slot(low);
    slot(high);
    decode(bytes, [this](Pair pair) { m_counts[static_cast<std::size_t>(pair.bucket - m_first)] += pair.count; });
    m_count += total;
    return true;
}

std::optional<qint64> LogHistogram::quantile(double q) const
{
    if (m_count == 0)
        return std::nullopt;
    q = std::clamp(q, 0.0, 1.0);
    // The rank of the value at q, counted from 1 (nearest-rank).
    const qint64 rank = std::max<qint64>(1, static_cast<qint64>(std::ceil(q * static_cast<double>(m_count))));
    qint64 seen = 0;
    int last = m_first;
    for (std::size_t i = 0; i < m_counts.size(); ++i) {
        if (m_counts[i] == 0)
            continue;
        last = m_first + static_cast<int>(i);
        seen += m_counts[i];
        if (seen >= rank)
            return valueOf(last);
    }
    return valueOf(last);
}

qint64 LogHistogram::countAtMost(qint64 value) const
{
    const int limit = bucketOf(value);
    qint64 seen = 0;
    for (std::size_t i = 0; i < m_counts.size() && m_first + static_cast<int>(i) <= limit; ++i)
        seen += m_counts[i];
    return seen;
}

void LogHistogram::forEachBucket(const std::function<void(qint64, qint64)> &visit) const
{
    for (std::size_t i = 0; i < m_counts.size(); ++i) {
        if (m_counts[i] != 0)
            visit(valueOf(m_first + static_cast<int>(i)), m_counts[i]);
    }
}

QByteArray LogHistogram::serialize() const
{
    const auto used = static_cast<quint64>(std::ranges::count_if(m_counts, [](qint64 c) { return c != 0; }));
    QByteArray out;
    out.reserve(static_cast<qsizetype>(used) * 3 + 2);
    putVarint(out, used);
    int previous = 0;
    for (std::size_t i = 0; i < m_counts.size(); ++i) {
        if (m_counts[i] == 0)
            continue;
        const int bucket = m_first + static_cast<int>(i);
        putVarint(out, static_cast<quint64>(bucket - previous));
        putVarint(out, static_cast<quint64>(m_counts[i]));
        previous = bucket;
    }
    return out;
}

LogHistogram LogHistogram::deserialize(QByteArrayView bytes)
{
    LogHistogram histogram;
    if (!histogram.mergeSerialized(bytes))
        return {};
    return histogram;
}

bool operator==(const LogHistogram &a, const LogHistogram &b)
{
    if (a.m_count != b.m_count)
        return false;
    // Compare the non-empty buckets, whatever range each holds them in.
    const auto pairs = [](const LogHistogram &h) {
        std::vector<std::pair<int, qint64>> out;
        for (std::size_t i = 0; i < h.m_counts.size(); ++i) {
            if (h.m_counts[i] != 0)
                out.emplace_back(h.m_first + static_cast<int>(i), h.m_counts[i]);
        }
        return out;
    };
    return pairs(a) == pairs(b);
}

} // namespace switchboard::core::analytics
