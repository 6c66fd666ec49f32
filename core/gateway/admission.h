#pragma once

#include "execute/callspec.h"
#include "gateway/tracecontext.h"
#include "gateway/gatewayconfig.h"
#include "gateway/gatewayerror.h"
#include "gateway/wiredialect.h"
#include "http/httprequest.h"
#include "routing/router.h"

#include <expected>
#include <optional>

namespace switchboard::core::gateway {

// A call as the gateway admits it: who sent it, what it asked for, where routing sends it,
// and what it may cost at most. Filled in step by step, so that a refused call can still
// be recorded with whatever was learned before the refusal.
struct Admission
{
    std::optional<GatewayKey> key;
    IngressRequest ingress;
    routing::RouteDecision decision;
    execute::CallSpec spec;                 // the request to run and the targets to walk
    std::optional<execute::Target> shadow;  // also called, on the side
    QByteArray rawBody;                     // kept for the log when the body could not be read
    qint64 estimatedInputTokens = 0;
    qint64 outputAllowance = 0;             // max output tokens, or the default allowance
    qint64 reserveMicros = 0;               // the most the call can cost on its dearest target
    std::vector<qint64> budgetIds;          // the hard budgets the reservation was charged to
    QByteArray cacheKey;                    // set when the route caches exact matches
    qint64 cacheTtlMs = 0;
    TraceContext trace;          // from the caller's traceparent, or a new trace
};

// Output tokens assumed for a call that sets no max_tokens, for budgets and token limits.
inline constexpr qint64 kDefaultOutputAllowance = 4096;

// The key the request presents (Authorization: Bearer, or x-api-key), if the workspace knows
// it and it is not revoked.
std::expected<GatewayKey, GatewayError> authenticate(const GatewayConfig &config, const http::HttpRequest &request);

// The steps that need only the request and the workspace's config: the key, the body, the
// prompt, the route and the targets. Rate limits and budgets, which need the gateway's
// running state, come after. `randomBucket` picks a non-sticky canary arm (0..9999).
std::optional<GatewayError> admit(const GatewayConfig &config, const http::HttpRequest &request, const WireDialect &dialect,
                                  int randomBucket, qint64 nowMs, Admission &admission);

// A rough input token count (four characters a token, plus a few per message): cheap enough
// for every call, good enough for limits and routing on size.
qint64 estimateInputTokens(const ChatRequest &request);

} // namespace switchboard::core::gateway
