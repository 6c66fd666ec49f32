#include "model/callid.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QMutex>
#include <QRandomGenerator>

#include <algorithm>
#include <array>

namespace switchboard::core {
namespace {

constexpr char kAlphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

struct LastId
{
    QMutex mutex;
    qint64 ms = -1;
    quint16 high = 0; // the 80 random bits as 16 + 64
    quint64 low = 0;
};

LastId &lastId()
{
    static LastId last;
    return last;
}

quint64 fiveBitsAt(quint64 hi, quint64 lo, int bit)
{
    if (bit >= 64)
        return (hi >> (bit - 64)) & 31;
    if (bit <= 59)
        return (lo >> bit) & 31;
    return ((lo >> bit) | (hi << (64 - bit))) & 31;
}

QString encode(qint64 ms, quint16 high, quint64 low)
{
    // 128 bits (48 time + 80 random) as 26 base32 digits; the top 2 bits are zero.
    const quint64 hi = (static_cast<quint64>(ms & 0xFFFFFFFFFFFFLL) << 16) | high;
    std::array<char, 26> out {};
    for (int i = 0; i < 26; ++i)
        out[static_cast<std::size_t>(i)] = kAlphabet[fiveBitsAt(hi, low, 125 - 5 * i)];
    return QString::fromLatin1(out.data(), static_cast<qsizetype>(out.size()));
}

} // namespace

QString callIdAt(qint64 utcMs)
{
    return encode(utcMs, static_cast<quint16>(QRandomGenerator::system()->generate()),
                  QRandomGenerator::system()->generate64());
}

QString callIdAt(qint64 utcMs, QByteArrayView seed)
{
    const QByteArray digest = QCryptographicHash::hash(seed, QCryptographicHash::Sha256);
    quint64 low = 0;
    for (int i = 0; i < 8; ++i)
        low = (low << 8) | static_cast<quint8>(digest[i]);
    const auto high = static_cast<quint16>((static_cast<quint8>(digest[8]) << 8) | static_cast<quint8>(digest[9]));
    return encode(utcMs, high, low);
}

QString newCallId()
{
    LastId &last = lastId();
    QMutexLocker lock(&last.mutex);
    // Read the clock under the lock, and never step back: a thread that read an earlier
    // millisecond, or a clock set back, still gets an id above the last one.
    const qint64 now = std::max(QDateTime::currentMSecsSinceEpoch(), last.ms);
    if (now == last.ms) {
        if (++last.low == 0)
            ++last.high;
    } else {
        last.ms = now;
        last.high = static_cast<quint16>(QRandomGenerator::system()->generate());
        last.low = QRandomGenerator::system()->generate64() >> 1; // room to count up
    }
    return encode(now, last.high, last.low);
}

} // namespace switchboard::core
