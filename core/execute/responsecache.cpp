#include "execute/responsecache.h"

#include "providers/openaiwire.h"

#include <QCryptographicHash>

namespace switchboard::core::execute {
namespace {

// What an entry holds in memory, near enough: the text of its answer and a fixed overhead.
qint64 sizeOf(const ChatResponse &response)
{
    qint64 bytes = 512;
    for (const ChatChoice &choice : response.choices) {
        bytes += 2 * choice.message.plainText().size() + 2 * choice.refusal.size();
        for (const ToolCall &call : choice.message.toolCalls)
            bytes += 2 * (call.id.size() + call.name.size() + call.argumentsJson.size());
    }
    return bytes;
}

} // namespace

ResponseCache::ResponseCache(qint64 maxBytes) : m_maxBytes(maxBytes) { }

QByteArray ResponseCache::keyFor(const ChatRequest &request, const Target &target)
{
    ChatRequest normal = request;
    normal.stream = false;
    normal.model = target.key();
    // nlohmann::json keeps object keys sorted, so equal requests dump to equal bytes.
    const std::string canonical = providers::openai::encodeRequest(normal).dump();
    return QCryptographicHash::hash(QByteArrayView(canonical.data(), static_cast<qsizetype>(canonical.size())),
                                    QCryptographicHash::Sha256);
}

std::optional<CachedAnswer> ResponseCache::lookup(const QByteArray &key, qint64 nowMs)
{
    std::lock_guard lock(m_mutex);
    const auto found = m_entries.constFind(key);
    if (found == m_entries.cend())
        return std::nullopt;
    const auto entry = *found;
    if (entry->answer.expiresMs <= nowMs) {
        evict(entry);
        return std::nullopt;
    }
    m_order.splice(m_order.begin(), m_order, entry);
    return entry->answer;
}

void ResponseCache::store(const QByteArray &key, CachedAnswer answer)
{
    std::lock_guard lock(m_mutex);
    if (const auto found = m_entries.constFind(key); found != m_entries.cend())
        evict(*found);
    const qint64 bytes = sizeOf(answer.response) + key.size();
    if (bytes > m_maxBytes)
        return;
    m_order.push_front({ key, std::move(answer), bytes });
    m_entries.insert(key, m_order.begin());
    m_bytes += bytes;
    while (m_bytes > m_maxBytes)
        evict(std::prev(m_order.end()));
}

void ResponseCache::evict(std::list<Entry>::iterator entry)
{
    m_bytes -= entry->bytes;
    m_entries.remove(entry->key);
    m_order.erase(entry);
}

} // namespace switchboard::core::execute
