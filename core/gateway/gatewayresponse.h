#pragma once

#include "gateway/gatewayerror.h"
#include "http/httprequest.h"
#include "model/chatresponse.h"

#include <vector>

namespace switchboard::core::http {
class HttpExchange;
}

namespace switchboard::core::gateway {

class WireDialect;

// Headers of the gateway's answers; each names the call, so that support finds it in the log.
http::HttpHeaders jsonHeaders(const QString &callId);
http::HttpHeaders streamHeaders(const QString &callId);
// An error answer in the caller's format, with Retry-After (and OpenAI's retry-after-ms)
// when the error has one.
void respondWithError(http::HttpExchange &exchange, const WireDialect &dialect, const GatewayError &error, const QString &callId);

// A whole answer as the deltas of a stream: for a streamed request answered whole (a cache
// hit, or a provider that did not stream).
std::vector<StreamDelta> deltasOf(const ChatResponse &response);

} // namespace switchboard::core::gateway
