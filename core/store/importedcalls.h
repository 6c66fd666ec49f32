#pragma once

#include "model/error.h"
#include "pricing/pricebook.h"
#include "store/recordedcall.h"

#include <QByteArrayView>
#include <QStringList>

#include <vector>

namespace switchboard::core::store {

// History from elsewhere, as calls of the request log: what a team logged before it used
// Switchboard, so that its dashboards, search and replay reach back. Imported calls are
// gateway traffic (the dashboards count them), tagged "imported"; their ids follow from
// their source, so importing the same file twice adds nothing the second time.
struct ImportedCalls
{
    std::vector<RecordedCall> calls;
    int skipped = 0;     // lines or spans that are not model calls
    QStringList notes;   // what was assumed, said once each
};

// OpenAI-format request/response logs, one JSON object a line:
// {"request": {chat completion request}, "response": {chat completion}, "error": {...},
//  "timestamp": ISO 8601 or epoch (s or ms), "latency_ms": N, "provider": "openai",
//  "metadata": {"tenant", "feature", "user", "tags"}}. The time falls back to the response's
// "created". Cost comes from the price table. A line that is not such an object fails the
// whole import, naming the line.
Result<ImportedCalls> parseOpenAiLog(QByteArrayView bytes, const pricing::PriceBook &prices, const QString &provider = {});

// OTLP JSON traces (an ExportTraceServiceRequest, or one per line as the collector's file
// exporter writes them): each span with gen_ai.* attributes (the GenAI semantic conventions,
// old and new names) becomes a call with its time, latency, provider, models, tokens, error
// and, when the span carries them, its input and output messages; other spans are skipped.
// Spans this gateway exported keep their call id, tenant, feature and cost.
Result<ImportedCalls> parseOtlpTraces(QByteArrayView bytes, const pricing::PriceBook &prices);

} // namespace switchboard::core::store
