#include "store/batchwriter.h"

#include "analytics/loghistogram.h"
#include "store/callrepository.h"
#include "store/connection.h"

#include <sqlite3.h>

#include <map>
#include <tuple>

namespace switchboard::core::store {
namespace {

constexpr qint64 kBucketMs = 60'000;

using RollupKey = std::tuple<qint64, QString, QString, QString, QString, QString>; // minute, provider, model, feature, tenant, origin

struct RollupSums
{
    qint64 calls = 0;
    qint64 failed = 0;
    qint64 cacheHits = 0;
    qint64 inputTokens = 0;
    qint64 outputTokens = 0;
    qint64 cachedInputTokens = 0;
    qint64 costMicros = 0;
    analytics::LogHistogram latency;
    analytics::LogHistogram ttft;
    std::map<QString, qint64> failures;
};

QVariantList keyValues(const RollupKey &key)
{
    const auto &[minute, provider, model, feature, tenant, origin] = key;
    return { minute, provider, model, feature, tenant, origin };
}

} // namespace

Result<void> BatchWriter::prepare()
{
    if (m_prepared)
        return {};
    sqlite3 *db = m_connection.sqliteHandle();
    if (!db)
        return fail(ErrorCode::Unsupported, QStringLiteral("The recorder writes SQLite workspaces only, for now."));
    // The writer's own connection: a larger page cache keeps the indexes being appended to
    // in memory, and foreign keys are not checked row by row, since every batch writes a
    // call before its payload and attempts in the same transaction.
    const QByteArray cacheSize = "PRAGMA cache_size = -" + QByteArray::number(m_pageCacheMb * 1024);
    for (const char *pragma : { cacheSize.constData(), "PRAGMA foreign_keys = OFF" }) {
        if (sqlite3_exec(db, pragma, nullptr, nullptr, nullptr) != SQLITE_OK)
            return fail(ErrorCode::StoreFailure,
                        QStringLiteral("Could not configure the recorder's connection: %1").arg(QString::fromUtf8(sqlite3_errmsg(db))));
    }
    const auto make = [db](std::optional<SqliteStatement> &slot, const QString &sql) -> Result<void> {
        auto statement = SqliteStatement::prepare(db, sql.toUtf8());
        if (!statement)
            return std::unexpected(statement.error());
        slot.emplace(std::move(*statement));
        return {};
    };
    const std::pair<std::optional<SqliteStatement> *, QString> statements[] = {
        { &m_insertCall, CallRepository::insertSql() },
        { &m_insertPayload, QStringLiteral("INSERT INTO call_payloads (call_id, redaction, request_json, response_json, "
                                           "variables_json, chunk_offsets) VALUES (?, ?, ?, ?, ?, ?)") },
        { &m_insertAttempt, QStringLiteral("INSERT INTO call_attempts (call_id, seq, provider, model, started_ms, latency_us, "
                                           "http_status, failure, message, billed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)") },
        { &m_selectRollup, QStringLiteral("SELECT latency_hist, ttft_hist FROM rollups WHERE bucket_ms = ? AND provider = ? "
                                          "AND model = ? AND feature = ? AND tenant = ? AND origin = ?") },
        { &m_upsertRollup,
          QStringLiteral("INSERT INTO rollups (bucket_ms, provider, model, feature, tenant, origin, calls, failed, cache_hits, "
                         "input_tokens, output_tokens, cached_input_tokens, cost_micros, latency_hist, ttft_hist) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                         "ON CONFLICT (bucket_ms, provider, model, feature, tenant, origin) DO UPDATE SET "
                         "calls = rollups.calls + excluded.calls, failed = rollups.failed + excluded.failed, "
                         "cache_hits = rollups.cache_hits + excluded.cache_hits, "
                         "input_tokens = rollups.input_tokens + excluded.input_tokens, "
                         "output_tokens = rollups.output_tokens + excluded.output_tokens, "
                         "cached_input_tokens = rollups.cached_input_tokens + excluded.cached_input_tokens, "
                         "cost_micros = rollups.cost_micros + excluded.cost_micros, "
                         "latency_hist = excluded.latency_hist, ttft_hist = excluded.ttft_hist") },
        { &m_upsertFailure,
          QStringLiteral("INSERT INTO rollup_failures (bucket_ms, provider, model, feature, tenant, origin, category, count) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (bucket_ms, provider, model, feature, tenant, origin, "
                         "category) DO UPDATE SET count = rollup_failures.count + excluded.count") },
    };
    for (const auto &[slot, sql] : statements) {
        if (auto made = make(*slot, sql); !made)
            return made;
    }
    m_prepared = true;
    return {};
}

Result<void> BatchWriter::write(std::span<const EncodedCall> calls, Rollups rollups)
{
    if (auto ready = prepare(); !ready)
        return ready;
    return m_connection.writeTransaction([&]() -> Result<void> {
        for (const EncodedCall &call : calls) {
            if (auto written = writeCall(call); !written)
                return written;
        }
        return rollups == Rollups::Count ? writeRollups(calls) : Result<void> {};
    });
}

Result<void> BatchWriter::writeCall(const EncodedCall &encoded)
{
    if (encoded.call.record.id.isEmpty())
        return fail(ErrorCode::InvalidArgument, QStringLiteral("A recorded call has no id."));
    if (auto done = m_insertCall->run(encoded.callRow); !done)
        return done;
    if (auto done = m_insertPayload->run(encoded.payloadRow); !done)
        return done;
    for (const BoundRow &attempt : encoded.attemptRows) {
        if (auto done = m_insertAttempt->run(attempt); !done)
            return done;
    }
    return {};
}

Result<void> BatchWriter::writeRollups(std::span<const EncodedCall> calls)
{
    // Sum the batch in memory first: one row per minute and dimension, however many calls.
    std::map<RollupKey, RollupSums> sums;
    for (const EncodedCall &encoded : calls) {
        const CallRecord &r = encoded.call.record;
        RollupSums &s = sums[{ r.startedMs - r.startedMs % kBucketMs, r.provider, r.model, r.feature, r.tenant, nameOf(r.origin) }];
        ++s.calls;
        s.failed += r.failure ? 1 : 0;
        s.cacheHits += r.cacheHit ? 1 : 0;
        s.inputTokens += r.inputTokens;
        s.outputTokens += r.outputTokens;
        s.cachedInputTokens += r.cachedInputTokens;
        s.costMicros += r.costMicros;
        s.latency.add(r.latencyUs);
        if (r.ttftUs)
            s.ttft.add(*r.ttftUs);
        if (r.failure)
            ++s.failures[nameOf(*r.failure)];
    }
    for (auto &[key, s] : sums) {
        // Histograms merge in code: read what the minute holds, add, write back.
        SqliteStatement &select = *m_selectRollup;
        const QVariantList keys = keyValues(key);
        for (int i = 0; i < keys.size(); ++i)
            select.bind(i + 1, keys.at(i));
        auto row = select.step();
        if (row && *row) {
            s.latency.merge(analytics::LogHistogram::deserialize(select.blobColumn(0)));
            s.ttft.merge(analytics::LogHistogram::deserialize(select.blobColumn(1)));
        }
        select.reset();
        if (!row)
            return std::unexpected(row.error());
        QVariantList values = keyValues(key);
        values << s.calls << s.failed << s.cacheHits << s.inputTokens << s.outputTokens << s.cachedInputTokens
               << s.costMicros << s.latency.serialize() << s.ttft.serialize();
        if (auto done = m_upsertRollup->run(values); !done)
            return done;
        for (const auto &[category, count] : s.failures) {
            QVariantList failure = keyValues(key);
            failure << category << count;
            if (auto done = m_upsertFailure->run(failure); !done)
                return done;
        }
    }
    return {};
}

} // namespace switchboard::core::store
