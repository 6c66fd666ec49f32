#include "store/rollupcell.h"

namespace switchboard::core::store {
namespace {

const QString kKeyColumns = QStringLiteral("grain_ms, bucket_ms, provider, model, feature, tenant, prompt, origin");
const QString kKeyMatch = QStringLiteral("grain_ms = ? AND bucket_ms = ? AND provider = ? AND model = ? AND feature = ? "
                                         "AND tenant = ? AND prompt = ? AND origin = ?");

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

void addToRollups(RollupCells &cells, const CallRecord &call)
{
    for (qint64 grain : kGrains) {
        RollupKey key { grain, call.startedMs - call.startedMs % grain, call.provider, call.model, call.feature,
                        call.tenant, call.promptName, nameOf(call.origin) };
        cells[std::move(key)].add(call);
    }
}

QString RollupSql::selectCell()
{
    return QStringLiteral("SELECT latency_hist, ttft_hist, input_tokens_hist, output_tokens_hist, max_input_tokens, "
                          "max_input_call, max_output_tokens, max_output_call FROM rollup_cells WHERE ")
        + kKeyMatch;
}

QString RollupSql::upsertCell()
{
    return QStringLiteral("INSERT INTO rollup_cells (") + kKeyColumns
        + QStringLiteral(", calls, failed, cache_hits, input_tokens, output_tokens, cached_input_tokens, cost_micros, "
                         "latency_hist, ttft_hist, input_tokens_hist, output_tokens_hist, max_input_tokens, "
                         "max_input_call, max_output_tokens, max_output_call) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (")
        + kKeyColumns
        + QStringLiteral(") DO UPDATE SET calls = rollup_cells.calls + excluded.calls, "
                         "failed = rollup_cells.failed + excluded.failed, "
                         "cache_hits = rollup_cells.cache_hits + excluded.cache_hits, "
                         "input_tokens = rollup_cells.input_tokens + excluded.input_tokens, "
                         "output_tokens = rollup_cells.output_tokens + excluded.output_tokens, "
                         "cached_input_tokens = rollup_cells.cached_input_tokens + excluded.cached_input_tokens, "
                         "cost_micros = rollup_cells.cost_micros + excluded.cost_micros, "
                         "latency_hist = excluded.latency_hist, ttft_hist = excluded.ttft_hist, "
                         "input_tokens_hist = excluded.input_tokens_hist, output_tokens_hist = excluded.output_tokens_hist, "
                         "max_input_tokens = excluded.max_input_tokens, max_input_call = excluded.max_input_call, "
                         "max_output_tokens = excluded.max_output_tokens, max_output_call = excluded.max_output_call");
}

QString RollupSql::upsertFailure()
{
    return QStringLiteral("INSERT INTO rollup_cell_failures (") + kKeyColumns
        + QStringLiteral(", category, count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (") + kKeyColumns
        + QStringLiteral(", category) DO UPDATE SET count = rollup_cell_failures.count + excluded.count");
}

} // namespace switchboard::core::store
