#include "store/callrepository.h"

#include "store/connection.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

#include <cmath>
#include <limits>

namespace switchboard::core::store {
namespace {

constexpr auto kColumns =
    "id, started_ms, origin, parent_id, gateway_key_id, tenant, feature, user_id, tags_json, "
    "prompt_name, prompt_version, rule_set_version, rule_name, alias, provider, model, status, "
    "failure, error_message, latency_us, ttft_us, input_tokens, output_tokens, "
    "cached_input_tokens, tokens_estimated, cost_micros, cache_hit, attempts, streamed";

QVariant nullable(bool present, const QVariant &value)
{
    return present ? value : QVariant();
}

QString tagsToJson(const QStringList &tags)
{
    if (tags.isEmpty())
        return QStringLiteral("[]");
    return QString::fromUtf8(
        QJsonDocument(QJsonArray::fromStringList(tags)).toJson(QJsonDocument::Compact));
}

QStringList tagsFromJson(const QString &json)
{
    QStringList tags;
    for (const QJsonValue &tag : QJsonDocument::fromJson(json.toUtf8()).array())
        tags.append(tag.toString());
    return tags;
}

CallRecord fromRow(const QSqlQuery &row)
{
    CallRecord record;
    int c = 0;
    record.id = row.value(c++).toString();
    record.startedMs = row.value(c++).toLongLong();
    record.origin = callOriginFromString(row.value(c++).toString()).value_or(CallOrigin::Gateway);
    record.parentId = row.value(c++).toString();
    record.gatewayKeyId = row.value(c++).toLongLong();
    record.tenant = row.value(c++).toString();
    record.feature = row.value(c++).toString();
    record.userId = row.value(c++).toString();
    record.tags = tagsFromJson(row.value(c++).toString());
    record.promptName = row.value(c++).toString();
    record.promptVersion = row.value(c++).toInt();
    record.ruleSetVersion = row.value(c++).toInt();
    record.ruleName = row.value(c++).toString();
    record.alias = row.value(c++).toString();
    record.provider = row.value(c++).toString();
    record.model = row.value(c++).toString();
    record.status = callStatusFromString(row.value(c++).toString()).value_or(CallStatus::Failed);
    const QVariant failure = row.value(c++);
    if (!failure.isNull())
        record.failure = failureCategoryFromString(failure.toString());
    record.errorMessage = row.value(c++).toString();
    record.latencyUs = row.value(c++).toLongLong();
    const QVariant ttft = row.value(c++);
    if (!ttft.isNull())
        record.ttftUs = ttft.toLongLong();
    record.inputTokens = row.value(c++).toLongLong();
    record.outputTokens = row.value(c++).toLongLong();
    record.cachedInputTokens = row.value(c++).toLongLong();
    record.tokensEstimated = row.value(c++).toBool();
    record.costMicros = row.value(c++).toLongLong();
    record.cacheHit = row.value(c++).toBool();
    record.attempts = row.value(c++).toInt();
    record.streamed = row.value(c++).toBool();
    return record;
}

} // namespace

Result<void> CallRepository::insert(std::span<const CallRecord> records)
{
    return m_connection.writeTransaction([&]() -> Result<void> {
        for (const CallRecord &record : records) {
            if (auto inserted = insertOne(record); !inserted)
                return inserted;
        }
        return {};
    });
}

QString CallRepository::insertSql()
{
    return QStringLiteral("INSERT INTO calls (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                          "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .arg(QLatin1String(kColumns));
}

QVariantList CallRepository::insertValues(const CallRecord &r)
{
    return { r.id,
             r.startedMs,
             nameOf(r.origin),
             nullable(!r.parentId.isEmpty(), r.parentId),
             nullable(r.gatewayKeyId != 0, r.gatewayKeyId),
             r.tenant,
             r.feature,
             r.userId,
             tagsToJson(r.tags),
             r.promptName,
             nullable(r.promptVersion != 0, r.promptVersion),
             nullable(r.ruleSetVersion != 0, r.ruleSetVersion),
             r.ruleName,
             r.alias,
             r.provider,
             r.model,
             nameOf(r.status),
             r.failure ? QVariant(nameOf(*r.failure)) : QVariant(),
             r.errorMessage,
             r.latencyUs,
             r.ttftUs ? QVariant(*r.ttftUs) : QVariant(),
             r.inputTokens,
             r.outputTokens,
             r.cachedInputTokens,
             r.tokensEstimated ? 1 : 0,
             r.costMicros,
             r.cacheHit ? 1 : 0,
             r.attempts,
             r.streamed ? 1 : 0 };
}

Result<void> CallRepository::insertOne(const CallRecord &r)
{
    if (r.id.isEmpty())
        return fail(ErrorCode::InvalidArgument, QStringLiteral("A call record needs an id."));
    auto query = m_connection.exec(insertSql(), insertValues(r));
    if (!query)
        return std::unexpected(query.error());
    return {};
}

Result<std::optional<CallRecord>> CallRepository::find(const QString &id)
{
    auto query = m_connection.exec(
        QStringLiteral("SELECT %1 FROM calls WHERE id = ?").arg(QLatin1String(kColumns)), { id });
    if (!query)
        return std::unexpected(query.error());
    if (!query->next())
        return std::optional<CallRecord> {};
    return std::optional<CallRecord> { fromRow(*query) };
}

// How to search the free text: without an index, not at all through it; with one, by
// listing the matches from the index when its rarest word is in few payloads, else by
// checking calls in time order, which finds a page of matches among the first few hundred.
// A word in more than about sqrt(250 N) of N payloads counts as common (both plans cost the
// same there, measured by bench_requests).
Result<TextSearch> CallRepository::textSearchFor(const QString &text)
{
    if (text.isEmpty() || m_connection.dialect().kind() != SqlDialect::Kind::Sqlite)
        return TextSearch::None;
    auto indexed = m_connection.exec(QStringLiteral("SELECT indexed_rowid FROM call_text_progress WHERE id = 1"));
    if (!indexed)
        return std::unexpected(indexed.error());
    const double payloads = indexed->next() ? indexed->value(0).toDouble() : 0;
    qint64 rarest = std::numeric_limits<qint64>::max();
    for (const QString &word : indexWordsOf(text)) {
        auto count = m_connection.exec(QStringLiteral("SELECT doc FROM call_text_vocab WHERE term = ?"), { word });
        if (!count)
            return std::unexpected(count.error());
        rarest = std::min(rarest, count->next() ? count->value(0).toLongLong() : 0);
    }
    const double common = std::max(2'000.0, std::sqrt(250.0 * payloads));
    return double(rarest) > common ? TextSearch::IndexCommonWords : TextSearch::Index;
}

Result<std::optional<RecordedCall>> CallRepository::load(const QString &id)
{
    auto record = find(id);
    if (!record)
        return std::unexpected(record.error());
    if (!*record)
        return std::optional<RecordedCall> {};
    RecordedCall call;
    call.record = **record;
    auto payload = m_connection.exec(QStringLiteral("SELECT redaction, request_json, response_json, variables_json, chunk_offsets "
                                                    "FROM call_payloads WHERE call_id = ?"),
                                     { id });
    if (!payload)
        return std::unexpected(payload.error());
    if (payload->next()) {
        call.redaction = payload->value(0).toString();
        call.requestJson = payload->value(1).toString().toUtf8();
        call.responseJson = payload->value(2).toString().toUtf8();
        call.variablesJson = payload->value(3).toString().toUtf8();
        call.chunkOffsetsMs = decodeChunkOffsets(payload->value(4).toByteArray());
    }
    auto attempts = m_connection.exec(QStringLiteral("SELECT seq, provider, model, started_ms, latency_us, http_status, failure, "
                                                     "message, billed FROM call_attempts WHERE call_id = ? ORDER BY seq"),
                                      { id });
    if (!attempts)
        return std::unexpected(attempts.error());
    while (attempts->next()) {
        AttemptRow row;
        row.seq = attempts->value(0).toInt();
        row.provider = attempts->value(1).toString();
        row.model = attempts->value(2).toString();
        row.startedMs = attempts->value(3).toLongLong();
        row.latencyUs = attempts->value(4).toLongLong();
        row.httpStatus = attempts->value(5).toInt();
        if (!attempts->value(6).isNull())
            row.failure = failureCategoryFromString(attempts->value(6).toString());
        row.message = attempts->value(7).toString();
        row.billed = attempts->value(8).toBool();
        call.attempts.push_back(row);
    }
    return std::optional<RecordedCall> { std::move(call) };
}

Result<std::vector<CallRecord>> CallRepository::page(int limit, const std::optional<Cursor> &before, const CallFilter &filter,
                                                     qint64 nowMs)
{
    auto search = textSearchFor(filter.text);
    if (!search)
        return std::unexpected(search.error());
    const SqlCondition condition = conditionOf(filter, nowMs, *search);
    QString sql = QStringLiteral("SELECT %1 FROM calls c WHERE %2").arg(QLatin1String(kColumns), condition.where);
    QVariantList values = condition.values;
    if (before) {
        // The bound on started_ms alone lets the index seek to the cursor; the rest breaks ties.
        sql += QLatin1String(" AND c.started_ms <= ? AND (c.started_ms < ? OR c.id < ?)");
        values << before->startedMs << before->startedMs << before->id;
    }
    sql += QLatin1String(" ORDER BY c.started_ms DESC, c.id DESC LIMIT ?");
    values << limit;
    return select(sql, values);
}

Result<std::vector<CallRecord>> CallRepository::sample(const Sample &sample)
{
    QString sql = QStringLiteral("SELECT %1 FROM calls WHERE started_ms >= ?").arg(QLatin1String(kColumns));
    QVariantList values { sample.sinceMs };
    if (!sample.origins.empty()) {
        QStringList marks;
        for (const CallOrigin origin : sample.origins) {
            marks << QStringLiteral("?");
            values << nameOf(origin);
        }
        sql += QLatin1String(" AND origin IN (") + marks.join(u',') + u')';
    }
    const std::pair<const char *, const QString &> equalities[] = {
        { " AND tenant = ?", sample.tenant }, { " AND feature = ?", sample.feature }, { " AND alias = ?", sample.alias }
    };
    for (const auto &[clause, value] : equalities) {
        if (!value.isEmpty()) {
            sql += QLatin1String(clause);
            values << value;
        }
    }
    sql += QLatin1String(" ORDER BY started_ms DESC, id DESC LIMIT ?");
    values << sample.limit;
    return select(sql, values);
}

Result<std::vector<CallRecord>> CallRepository::children(const QString &id)
{
    return select(QStringLiteral("SELECT %1 FROM calls WHERE parent_id = ? ORDER BY started_ms, id").arg(QLatin1String(kColumns)),
                  { id });
}

Result<std::vector<CallRepository::Related>> CallRepository::related(const CallRecord &call, qint64 windowMs, int limit)
{
    std::vector<Related> out;
    QSet<QString> seen { call.id };
    const auto add = [&](Related::Relation relation, const std::vector<CallRecord> &calls) {
        for (const CallRecord &record : calls) {
            if (!seen.contains(record.id)) {
                seen.insert(record.id);
                out.push_back({ relation, record });
            }
        }
    };
    if (!call.parentId.isEmpty()) {
        auto parent = select(QStringLiteral("SELECT %1 FROM calls WHERE id = ?").arg(QLatin1String(kColumns)), { call.parentId });
        if (!parent)
            return std::unexpected(parent.error());
        add(Related::Relation::Source, *parent);
    }
    auto children = this->children(call.id);
    if (!children)
        return std::unexpected(children.error());
    for (const CallRecord &child : *children)
        add(child.origin == CallOrigin::Shadow ? Related::Relation::Shadow : Related::Relation::Replay, { child });
    if (!call.userId.isEmpty()) {
        auto nearby = select(QStringLiteral("SELECT %1 FROM calls WHERE user_id = ? AND started_ms BETWEEN ? AND ? AND id <> ? "
                                            "ORDER BY ABS(started_ms - ?), id LIMIT ?")
                                 .arg(QLatin1String(kColumns)),
                             { call.userId, call.startedMs - windowMs, call.startedMs + windowMs, call.id, call.startedMs, limit });
        if (!nearby)
            return std::unexpected(nearby.error());
        add(Related::Relation::SameUser, *nearby);
    }
    return out;
}

Result<std::vector<CallRecord>> CallRepository::select(const QString &sql, const QVariantList &values)
{
    auto query = m_connection.exec(sql, values);
    if (!query)
        return std::unexpected(query.error());
    std::vector<CallRecord> records;
    while (query->next())
        records.push_back(fromRow(*query));
    if (auto read = m_connection.readCompleted(*query); !read)
        return std::unexpected(read.error());
    return records;
}

Result<qint64> CallRepository::count()
{
    auto query = m_connection.exec(QStringLiteral("SELECT COUNT(*) FROM calls"));
    if (!query)
        return std::unexpected(query.error());
    query->next();
    return query->value(0).toLongLong();
}

} // namespace switchboard::core::store
