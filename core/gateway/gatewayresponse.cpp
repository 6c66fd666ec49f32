#include "gateway/gatewayresponse.h"

#include "gateway/wiredialect.h"
#include "http/httpexchange.h"

namespace switchboard::core::gateway {

http::HttpHeaders jsonHeaders(const QString &callId)
{
    http::HttpHeaders headers { { "content-type", "application/json" } };
    if (!callId.isEmpty())
        headers.push_back({ "x-switchboard-call-id", callId.toLatin1() });
    return headers;
}

http::HttpHeaders streamHeaders(const QString &callId)
{
    return { { "content-type", "text/event-stream" }, { "cache-control", "no-cache" }, { "x-switchboard-call-id", callId.toLatin1() } };
}

void respondWithError(http::HttpExchange &exchange, const WireDialect &dialect, const GatewayError &error, const QString &callId)
{
    http::HttpHeaders headers = jsonHeaders(callId);
    if (error.retryAfterMs) {
        const qint64 ms = std::max<qint64>(0, *error.retryAfterMs);
        headers.push_back({ "retry-after", QByteArray::number((ms + 999) / 1000) });
        headers.push_back({ "retry-after-ms", QByteArray::number(ms) });
    }
    if (error.httpStatus == 401)
        headers.push_back({ "www-authenticate", "Bearer" });
    exchange.respond(error.httpStatus, headers, dialect.error(error));
}

std::vector<StreamDelta> deltasOf(const ChatResponse &response)
{
    std::vector<StreamDelta> deltas;
    for (const ChatChoice &choice : response.choices) {
        StreamDelta delta;
        delta.choiceIndex = choice.index;
        delta.role = Role::Assistant;
        delta.text = choice.message.plainText();
        delta.refusal = choice.refusal;
        for (std::size_t i = 0; i < choice.message.toolCalls.size(); ++i) {
            const ToolCall &call = choice.message.toolCalls[i];
            delta.toolCalls.push_back({ static_cast<int>(i), call.id, call.name, call.argumentsJson });
        }
        deltas.push_back(delta);
        StreamDelta end;
        end.choiceIndex = choice.index;
        end.finishReason = choice.finishReason;
        end.providerFinishReason = choice.providerFinishReason;
        deltas.push_back(end);
    }
    return deltas;
}

} // namespace switchboard::core::gateway
