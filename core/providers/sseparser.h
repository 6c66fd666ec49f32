#pragma once

#include <QByteArray>

#include <vector>

namespace switchboard::core::providers {

// One server-sent event, as the WHATWG EventSource rules assemble it.
struct SseEvent
{
    QByteArray event; // empty means "message"
    QByteArray data;  // data lines joined with '\n'
    QByteArray id;

    friend bool operator==(const SseEvent &, const SseEvent &) = default;
};

// Incremental text/event-stream parser. Bytes may arrive split anywhere (inside a line,
// between a CR and its LF); lines may end in CR, LF or CRLF. Fields other than event, data
// and id are ignored, as are comments (": ping"). An event larger than the limit is an
// error rather than a silent truncation.
class SseParser final
{
public:
    static constexpr qsizetype kDefaultMaxEventBytes = 64 * 1024 * 1024;

    explicit SseParser(qsizetype maxEventBytes = kDefaultMaxEventBytes)
        : m_maxEventBytes(maxEventBytes) { }

    // Feeds bytes and returns the events they complete, in order.
    std::vector<SseEvent> feed(QByteArrayView bytes);
    // The stream ended: bytes after the last blank line form no event (a cut stream);
    // returns true when such an unfinished event was pending.
    bool finish();

    bool overflowed() const { return m_overflowed; }
    // True once any byte has been seen: lets a caller tell "nothing arrived" from "cut".
    bool sawBytes() const { return m_sawBytes; }

private:
    void takeLine(QByteArrayView line, std::vector<SseEvent> &out);

    QByteArray m_line;
    SseEvent m_pending;
    bool m_hasData = false;
    bool m_pendingFields = false;
    bool m_skipLf = false; // the previous chunk ended in CR
    bool m_bomChecked = false;
    bool m_overflowed = false;
    bool m_sawBytes = false;
    qsizetype m_maxEventBytes;
};

} // namespace switchboard::core::providers
