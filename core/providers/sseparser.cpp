#include "providers/sseparser.h"

namespace switchboard::core::providers {

std::vector<SseEvent> SseParser::feed(QByteArrayView bytes)
{
    std::vector<SseEvent> out;
    if (bytes.isEmpty() || m_overflowed)
        return out;
    m_sawBytes = true;
    if (!m_bomChecked) {
        // A UTF-8 byte order mark may open the stream; it may itself arrive split.
        m_line.append(bytes.data(), bytes.size());
        if (m_line.size() < 3 && QByteArrayView("\xEF\xBB\xBF").startsWith(m_line))
            return out;
        m_bomChecked = true;
        QByteArray head = std::move(m_line);
        m_line.clear();
        if (head.startsWith("\xEF\xBB\xBF"))
            head.remove(0, 3);
        return feed(head);
    }

    qsizetype start = 0;
    const qsizetype size = bytes.size();
    for (qsizetype i = 0; i < size; ++i) {
        const char c = bytes[i];
        if (m_skipLf) {
            m_skipLf = false;
            if (c == '\n') {
                start = i + 1;
                continue;
            }
        }
        if (c != '\n' && c != '\r')
            continue;
        if (m_line.isEmpty()) {
            takeLine(bytes.sliced(start, i - start), out);
        } else {
            m_line.append(bytes.data() + start, i - start);
            takeLine(m_line, out);
            m_line.clear();
        }
        if (m_overflowed)
            return out;
        m_skipLf = c == '\r';
        start = i + 1;
    }
    if (start < size) {
        m_line.append(bytes.data() + start, size - start);
        if (m_line.size() + m_pending.data.size() > m_maxEventBytes)
            m_overflowed = true;
    }
    return out;
}

void SseParser::takeLine(QByteArrayView line, std::vector<SseEvent> &out)
{
    if (line.isEmpty()) {
        if (m_hasData) {
            out.push_back(std::move(m_pending));
        }
        m_pending = SseEvent();
        m_hasData = false;
        m_pendingFields = false;
        return;
    }
    if (line.front() == ':')
        return; // comment
    qsizetype colon = line.indexOf(':');
    QByteArrayView field = colon < 0 ? line : line.first(colon);
    QByteArrayView value = colon < 0 ? QByteArrayView() : line.sliced(colon + 1);
    if (!value.isEmpty() && value.front() == ' ')
        value = value.sliced(1);
    m_pendingFields = true;
    if (field == "data") {
        if (m_hasData)
            m_pending.data.append('\n');
        m_pending.data.append(value.data(), value.size());
        m_hasData = true;
        if (m_pending.data.size() > m_maxEventBytes)
            m_overflowed = true;
    } else if (field == "event") {
        m_pending.event = value.toByteArray();
    } else if (field == "id") {
        if (!value.contains('\0'))
            m_pending.id = value.toByteArray();
    }
}

bool SseParser::finish()
{
    const bool unfinished = !m_line.isEmpty() || m_pendingFields;
    m_line.clear();
    m_pending = SseEvent();
    m_hasData = false;
    m_pendingFields = false;
    return unfinished;
}

} // namespace switchboard::core::providers
