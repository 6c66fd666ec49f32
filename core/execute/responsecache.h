#pragma once

#include "execute/callspec.h"
#include "model/chatresponse.h"

#include <QByteArray>
#include <QHash>
#include <QString>

#include <list>
#include <mutex>
#include <optional>

namespace switchboard::core::execute {

// An answer kept for reuse, and the call it came from.
struct CachedAnswer
{
    ChatResponse response;
    QString callId;         // the call that paid for it: a hit records it as its parent
    qint64 costMicros = 0;  // what that call cost, which every hit saves
    qint64 storedMs = 0;
    qint64 expiresMs = 0;
};

// The exact-match cache: answers keyed on the normalised canonical request and the snapshot
// it resolved to, kept for a time to live, the least recently used dropped first once the
// cache holds more than its size in bytes. Streaming and not share entries (the key ignores
// `stream`). Safe to share between threads.
class ResponseCache final
{
public:
    explicit ResponseCache(qint64 maxBytes = 64 * 1024 * 1024);

    // The key of a request sent to a target: a SHA-256 over the request's canonical JSON
    // (with the model replaced by the target's provider and snapshot, and stream left out).
    static QByteArray keyFor(const ChatRequest &request, const Target &target);

    std::optional<CachedAnswer> lookup(const QByteArray &key, qint64 nowMs);
    void store(const QByteArray &key, CachedAnswer answer);

    qint64 bytes() const
    {
        std::lock_guard lock(m_mutex);
        return m_bytes;
    }
    qsizetype size() const
    {
        std::lock_guard lock(m_mutex);
        return m_entries.size();
    }

private:
    struct Entry
    {
        QByteArray key;
        CachedAnswer answer;
        qint64 bytes = 0;
    };
    void evict(std::list<Entry>::iterator entry);

    mutable std::mutex m_mutex;
    qint64 m_maxBytes;
    qint64 m_bytes = 0;
    std::list<Entry> m_order; // most recently used first
    QHash<QByteArray, std::list<Entry>::iterator> m_entries;
};

} // namespace switchboard::core::execute
