#include "store/recordedcall.h"

namespace switchboard::core::store {

QByteArray encodeChunkOffsets(const std::vector<qint64> &offsetsMs)
{
    QByteArray out;
    qint64 previous = 0;
    for (qint64 offset : offsetsMs) {
        quint64 gap = static_cast<quint64>(std::max<qint64>(0, offset - previous));
        previous = std::max(previous, offset);
        while (gap >= 0x80) {
            out.append(static_cast<char>((gap & 0x7F) | 0x80));
            gap >>= 7;
        }
        out.append(static_cast<char>(gap));
    }
    return out;
}

std::vector<qint64> decodeChunkOffsets(QByteArrayView bytes)
{
    std::vector<qint64> offsets;
    qint64 at = 0;
    quint64 gap = 0;
    int shift = 0;
    for (char c : bytes) {
        const auto byte = static_cast<quint8>(c);
        gap |= static_cast<quint64>(byte & 0x7F) << shift;
        if (byte & 0x80) {
            shift += 7;
            if (shift > 63)
                return {};
            continue;
        }
        at += static_cast<qint64>(gap);
        offsets.push_back(at);
        gap = 0;
        shift = 0;
    }
    return offsets;
}

} // namespace switchboard::core::store
