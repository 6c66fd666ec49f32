#pragma once

#include "gateway/tracecontext.h"
#include "model/callrecord.h"
#include "model/providerconfig.h"

#include <vector>

namespace switchboard::core::execute {
struct Target;
}

namespace switchboard::core::gateway {

class SpanExporter;

// The GenAI conventions' provider name (gen_ai.provider.name) for a provider of a kind:
// "openai", "anthropic", "gcp.gemini"; an OpenAI-compatible or simulated provider goes by
// the name the workspace gives it.
QString genAiProviderName(ProviderKind kind, const QString &configuredName);

// Hands a recorded call to the exporter as a span, when there is one: `targets` are those
// the call could use, to tell the provider's kind; a context without a trace (a request the
// HTTP layer refused before its headers were read) starts one.
void exportCall(SpanExporter *spans, const CallRecord &record, TraceContext trace, const std::vector<execute::Target> &targets);

} // namespace switchboard::core::gateway
