#pragma once

#include "model/callrecord.h"
#include "model/error.h"
#include "store/callfilter.h"
#include "store/recordedcall.h"

#include <optional>
#include <span>
#include <vector>

namespace switchboard::core::store {

class Connection;

// The narrow calls table. Writers insert in batches inside one transaction; readers page by
// (started_ms, id) and never load the table whole.
class CallRepository final
{
public:
    explicit CallRepository(Connection &connection) : m_connection(connection) { }

    // Inserts every record or none.
    Result<void> insert(std::span<const CallRecord> records);
    Result<std::optional<CallRecord>> find(const QString &id);
    // The call with its payloads and attempts, as the recorder stored them.
    Result<std::optional<RecordedCall>> load(const QString &id);
    // The newest calls first, at most limit of them, strictly older than the cursor when one
    // is given (keyset paging), of those the filter lets through (applied at nowMs).
    struct Cursor
    {
        qint64 startedMs = 0;
        QString id;
    };
    Result<std::vector<CallRecord>> page(int limit, const std::optional<Cursor> &before = {}, const CallFilter &filter = {},
                                         qint64 nowMs = 0);
    Result<qint64> count();

    // Calls a what-if or a report looks at: started at or after sinceMs, of the given origins
    // (none: any), and of the tenant, feature and model asked for when those are set; the
    // newest first, at most limit.
    struct Sample
    {
        qint64 sinceMs = 0;
        std::vector<CallOrigin> origins;
        QString tenant;
        QString feature;
        QString alias;
        int limit = 5000;
    };
    Result<std::vector<CallRecord>> sample(const Sample &sample);

    // The calls made from a call (its replays and shadow twins), oldest first.
    Result<std::vector<CallRecord>> children(const QString &id);
    // The calls around one: the call it replays or shadows, its replays and shadow twins, and
    // the same user's other calls within windowMs either side (at most `limit`, nearest
    // first). Each once, in that order.
    struct Related
    {
        enum class Relation { Source, Replay, Shadow, SameUser };
        Relation relation = Relation::SameUser;
        CallRecord call;
    };
    Result<std::vector<Related>> related(const CallRecord &call, qint64 windowMs, int limit = 20);

    // The insert statement and its values, shared with the recorder's batch writer.
    static QString insertSql();
    static QVariantList insertValues(const CallRecord &record);

private:
    Result<std::vector<CallRecord>> select(const QString &sql, const QVariantList &values);
    Result<TextSearch> textSearchFor(const QString &text);
    Result<void> insertOne(const CallRecord &record);

    Connection &m_connection;
};

} // namespace switchboard::core::store
