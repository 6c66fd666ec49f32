#pragma once

#include "gateway/tracecontext.h"
#include "model/callrecord.h"

#include <nlohmann/json.hpp>

namespace switchboard::core::gateway {

// One gateway call as an OTLP/JSON span (opentelemetry-proto's JSON mapping) following the
// OpenTelemetry GenAI semantic conventions for inference spans: named "chat <model asked
// for>", kind CLIENT (the gateway's call to the model), with gen_ai.operation.name,
// gen_ai.provider.name, gen_ai.request.model (the alias asked for), gen_ai.response.model (the
// snapshot that answered), gen_ai.usage.input_tokens and output_tokens, and error.type (the
// failure category) with an error status when the call failed. What the conventions have no
// name for goes under switchboard.*: the call's id (to find it in the log), tenant, feature,
// prompt and version, rule, cost, cache hit, attempts. No payload and no key ever goes in a span.
nlohmann::json genAiSpan(const CallRecord &record, const TraceContext &trace, const QString &providerKind);

// The OTLP/JSON body of an export request (ExportTraceServiceRequest) for spans of this
// service: one resource (service.name, service.version) and one instrumentation scope.
nlohmann::json otlpTraceRequest(const nlohmann::json &spans, const QString &serviceName);

} // namespace switchboard::core::gateway
