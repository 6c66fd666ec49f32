#include "gateway/tracecontext.h"

#include <QList>
#include <QRandomGenerator>
#include <QStringBuilder>

namespace switchboard::core::gateway {
namespace {

bool isLowerHex(QByteArrayView text)
{
    for (const char c : text)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
    return true;
}

bool allZero(QByteArrayView text)
{
    for (const char c : text)
        if (c != '0')
            return false;
    return true;
}

// `bytes` random bytes as lower-case hex, never all zero.
QByteArray randomId(int bytes)
{
    QByteArray raw(bytes, Qt::Uninitialized);
    do {
        for (int i = 0; i < bytes; i += 4) {
            const quint32 word = QRandomGenerator::system()->generate();
            for (int j = 0; j < 4 && i + j < bytes; ++j)
                raw[i + j] = static_cast<char>((word >> (8 * j)) & 0xff);
        }
    } while (allZero(raw.toHex()));
    return raw.toHex();
}

} // namespace

TraceContext traceContextFor(QByteArrayView traceparent)
{
    TraceContext context;
    context.spanId = randomId(8);
    const QList<QByteArrayView> fields = [&] {
        QList<QByteArrayView> out;
        qsizetype start = 0;
        const QByteArrayView text = traceparent.trimmed();
        for (qsizetype i = 0; i <= text.size(); ++i) {
            if (i == text.size() || text[i] == '-') {
                out << text.sliced(start, i - start);
                start = i + 1;
            }
        }
        return out;
    }();
    const bool valid = fields.size() >= 4 && fields[0].size() == 2 && isLowerHex(fields[0]) && fields[0] != "ff"
        && (fields[0] != "00" || fields.size() == 4) && fields[1].size() == 32 && isLowerHex(fields[1]) && !allZero(fields[1])
        && fields[2].size() == 16 && isLowerHex(fields[2]) && !allZero(fields[2]) && fields[3].size() == 2 && isLowerHex(fields[3]);
    if (!valid) {
        context.traceId = randomId(16);
        return context;
    }
    context.traceId = fields[1].toByteArray();
    context.parentSpanId = fields[2].toByteArray();
    context.sampled = (QByteArray::fromHex(fields[3].toByteArray()).at(0) & 0x01) != 0;
    return context;
}

TraceContext childOf(const TraceContext &parent)
{
    return { parent.traceId, parent.spanId, randomId(8), parent.sampled };
}

QByteArray traceparentOf(const TraceContext &context)
{
    QByteArray out = QByteArrayLiteral("00-");
    out.append(context.traceId).append('-').append(context.spanId).append(context.sampled ? "-01" : "-00");
    return out;
}

} // namespace switchboard::core::gateway
