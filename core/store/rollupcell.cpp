#include "store/rollupcell.h"

namespace switchboard::core::store {
namespace {

struct TableNames
{
    QString rows;
    QString failures;
    QString keyColumns;
};

TableNames namesOf(RollupSql::Table table)
{
    if (table == RollupSql::Table::Cells)
        return { QStringLiteral("rollup_cells"), QStringLiteral("rollup_cell_failures"),
                 QStringLiteral("grain_ms, bucket_ms, provider, model, feature, tenant, prompt, origin") };
    return { QStringLiteral("rollup_slices"), QStringLiteral("rollup_slice_failures"),
             QStringLiteral("grain_ms, bucket_ms, dimension, value, origin") };
}

// "a = ? AND b = ?" for a column list.
QString matchOf(const QString &columns)
{
    QStringList terms;
    for (const QString &column : columns.split(QStringLiteral(", ")))
        terms << column + QStringLiteral(" = ?");
    return terms.join(QStringLiteral(" AND "));
}

QString placeholders(qsizetype n)
{
    QStringList marks;
    for (qsizetype i = 0; i < n; ++i)
        marks << QStringLiteral("?");
    return marks.join(QStringLiteral(", "));
}

void keepLarger(qint64 &tokens, QString &id, qint64 otherTokens, const QString &otherId)
{
    if (otherTokens > tokens || (otherTokens == tokens && id.isEmpty())) {
        tokens = otherTokens;
        id = otherId;
    }
}

} // namespace

QVariantList RollupKey::values() const
{
    return { grainMs, bucketMs, provider, model, feature, tenant, prompt, origin };
}

QVariantList SliceKey::values() const
{
    return { grainMs, bucketMs, dimension, value, origin };
}

void RollupSums::add(const CallRecord &call)
{
    ++calls;
    failed += call.failure ? 1 : 0;
    cacheHits += call.cacheHit ? 1 : 0;
    inputTokens += call.inputTokens;
    outputTokens += call.outputTokens;
    cachedInputTokens += call.cachedInputTokens;
    costMicros += call.costMicros;
    latency.add(call.latencyUs);
    if (call.ttftUs)
        ttft.add(*call.ttftUs);
    inputTokensPerCall.add(call.inputTokens);
    outputTokensPerCall.add(call.outputTokens);
    keepLarger(maxInputTokens, maxInputCall, call.inputTokens, call.id);
    keepLarger(maxOutputTokens, maxOutputCall, call.outputTokens, call.id);
    if (call.failure)
        ++failures[nameOf(*call.failure)];
}

void RollupSums::merge(const RollupSums &other)
{
    calls += other.calls;
    failed += other.failed;
    cacheHits += other.cacheHits;
    inputTokens += other.inputTokens;
    outputTokens += other.outputTokens;
    cachedInputTokens += other.cachedInputTokens;
    costMicros += other.costMicros;
    latency.merge(other.latency);
    ttft.merge(other.ttft);
    inputTokensPerCall.merge(other.inputTokensPerCall);
    outputTokensPerCall.merge(other.outputTokensPerCall);
    keepLarger(maxInputTokens, maxInputCall, other.maxInputTokens, other.maxInputCall);
    keepLarger(maxOutputTokens, maxOutputCall, other.maxOutputTokens, other.maxOutputCall);
    for (const auto &[category, count] : other.failures)
        failures[category] += count;
}

void RollupSums::mergeStored(const QByteArray &latencyHist, const QByteArray &ttftHist, const QByteArray &inputHist,
                             const QByteArray &outputHist, qint64 maxInput, const QString &maxInputId, qint64 maxOutput,
                             const QString &maxOutputId)
{
    latency.mergeSerialized(latencyHist);
    ttft.mergeSerialized(ttftHist);
    inputTokensPerCall.mergeSerialized(inputHist);
    outputTokensPerCall.mergeSerialized(outputHist);
    keepLarger(maxInputTokens, maxInputCall, maxInput, maxInputId);
    keepLarger(maxOutputTokens, maxOutputCall, maxOutput, maxOutputId);
}

QVariantList RollupSums::values() const
{
    return { calls,
             failed,
             cacheHits,
             inputTokens,
             outputTokens,
             cachedInputTokens,
             costMicros,
             latency.serialize(),
             ttft.serialize(),
             inputTokensPerCall.serialize(),
             outputTokensPerCall.serialize(),
             maxInputTokens,
             maxInputCall,
             maxOutputTokens,
             maxOutputCall };
}

bool keepsSlice(qint64 grainMs, const QString &dimension)
{
    return grainMs != kMinuteMs || dimension.isEmpty() || dimension == QLatin1String("feature")
        || dimension == QLatin1String("model");
}

void addToRollups(RollupCells &cells, const CallRecord &call, std::span<const qint64> grains)
{
    for (qint64 grain : grains) {
        RollupKey key { grain, call.startedMs - call.startedMs % grain, call.provider, call.model, call.feature,
                        call.tenant, call.promptName, nameOf(call.origin) };
        cells[std::move(key)].add(call);
    }
}

namespace {

// The dimensions a call or cell is sliced by, with its values.
std::array<std::pair<QString, QString>, 5> sliceValues(const QString &feature, const QString &model, const QString &tenant,
                                                        const QString &prompt)
{
    return { { { QString(), QString() },
               { QStringLiteral("feature"), feature },
               { QStringLiteral("model"), model },
               { QStringLiteral("tenant"), tenant },
               { QStringLiteral("prompt"), prompt } } };
}

} // namespace

void addToSlices(RollupSlices &slices, const CallRecord &call)
{
    const QString origin = nameOf(call.origin);
    for (qint64 grain : kSliceGrains) {
        const qint64 bucket = call.startedMs - call.startedMs % grain;
        for (const auto &[dimension, value] : sliceValues(call.feature, call.model, call.tenant, call.promptName)) {
            if (keepsSlice(grain, dimension))
                slices[SliceKey { grain, bucket, dimension, value, origin }].add(call);
        }
    }
}

void addCellToSlices(RollupSlices &slices, const RollupKey &cell, const RollupSums &sums)
{
    for (const auto &[dimension, value] : sliceValues(cell.feature, cell.model, cell.tenant, cell.prompt)) {
        if (keepsSlice(cell.grainMs, dimension))
            slices[SliceKey { cell.grainMs, cell.bucketMs, dimension, value, cell.origin }].merge(sums);
    }
}

QString RollupSql::select(Table table)
{
    const TableNames names = namesOf(table);
    return QStringLiteral("SELECT latency_hist, ttft_hist, input_tokens_hist, output_tokens_hist, max_input_tokens, "
                          "max_input_call, max_output_tokens, max_output_call FROM ")
        + names.rows + QStringLiteral(" WHERE ") + matchOf(names.keyColumns);
}

QString RollupSql::upsert(Table table)
{
    const TableNames names = namesOf(table);
    const QString t = names.rows;
    const qsizetype keys = names.keyColumns.count(QLatin1Char(',')) + 1;
    return QStringLiteral("INSERT INTO ") + t + QStringLiteral(" (") + names.keyColumns
        + QStringLiteral(", calls, failed, cache_hits, input_tokens, output_tokens, cached_input_tokens, cost_micros, "
                         "latency_hist, ttft_hist, input_tokens_hist, output_tokens_hist, max_input_tokens, "
                         "max_input_call, max_output_tokens, max_output_call) VALUES (")
        + placeholders(keys + 15) + QStringLiteral(") ON CONFLICT (") + names.keyColumns
        + QStringLiteral(") DO UPDATE SET calls = ") + t + QStringLiteral(".calls + excluded.calls, failed = ") + t
        + QStringLiteral(".failed + excluded.failed, cache_hits = ") + t
        + QStringLiteral(".cache_hits + excluded.cache_hits, input_tokens = ") + t
        + QStringLiteral(".input_tokens + excluded.input_tokens, output_tokens = ") + t
        + QStringLiteral(".output_tokens + excluded.output_tokens, cached_input_tokens = ") + t
        + QStringLiteral(".cached_input_tokens + excluded.cached_input_tokens, cost_micros = ") + t
        + QStringLiteral(".cost_micros + excluded.cost_micros, "
                         "latency_hist = excluded.latency_hist, ttft_hist = excluded.ttft_hist, "
                         "input_tokens_hist = excluded.input_tokens_hist, output_tokens_hist = excluded.output_tokens_hist, "
                         "max_input_tokens = excluded.max_input_tokens, max_input_call = excluded.max_input_call, "
                         "max_output_tokens = excluded.max_output_tokens, max_output_call = excluded.max_output_call");
}

QString RollupSql::upsertFailure(Table table)
{
    const TableNames names = namesOf(table);
    const qsizetype keys = names.keyColumns.count(QLatin1Char(',')) + 1;
    return QStringLiteral("INSERT INTO ") + names.failures + QStringLiteral(" (") + names.keyColumns
        + QStringLiteral(", category, count) VALUES (") + placeholders(keys + 2) + QStringLiteral(") ON CONFLICT (")
        + names.keyColumns + QStringLiteral(", category) DO UPDATE SET count = ") + names.failures
        + QStringLiteral(".count + excluded.count");
}

} // namespace switchboard::core::store
