#include "http/httprequest.h"

namespace switchboard::core::http {

QByteArray headerValue(const HttpHeaders &headers, QByteArrayView name)
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

std::optional<QByteArray> takeLine(QByteArray &buffer)
{
    const qsizetype end = buffer.indexOf('\n');
    if (end < 0)
        return std::nullopt;
    QByteArray line = buffer.left(end);
    buffer.remove(0, end + 1);
    if (line.endsWith('\r'))
        line.chop(1);
    return line;
}

bool takeCounted(QByteArray &buffer, QByteArray &body, qint64 &remaining)
{
    const qint64 take = std::min<qint64>(remaining, buffer.size());
    body.append(buffer.constData(), take);
    buffer.remove(0, take);
    remaining -= take;
    return remaining == 0;
}

} // namespace switchboard::core::http
