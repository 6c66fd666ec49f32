// The Anthropic Messages format as the gateway speaks it to its callers.
#include "gateway/wiredialect.h"

#include "providers/anthropicwire.h"
#include "providers/jsonvalue.h"

namespace switchboard::core::gateway {
namespace {

using nlohmann::json;
using providers::toStd;

QByteArray bytesOf(const providers::SseEvent &event)
{
    return QByteArrayLiteral("event: ") + event.event + QByteArrayLiteral("\ndata: ") + event.data + QByteArrayLiteral("\n\n");
}

QByteArray bytesOf(const std::vector<providers::SseEvent> &events)
{
    QByteArray out;
    for (const providers::SseEvent &event : events)
        out += bytesOf(event);
    return out;
}

// Anthropic's error types by status, which its SDK maps to exception classes.
const char *errorType(int status)
{
    switch (status) {
    case 400: return "invalid_request_error";
    case 401: return "authentication_error";
    case 403: return "permission_error";
    case 404: return "not_found_error";
    case 413: return "request_too_large";
    case 429: return "rate_limit_error";
    case 503:
    case 529: return "overloaded_error";
    default: return status >= 500 ? "api_error" : "invalid_request_error";
    }
}

json errorBody(const GatewayError &error)
{
    return { { "type", "error" }, { "error", { { "type", errorType(error.httpStatus) }, { "message", toStd(error.message) } } } };
}

class AnthropicStreamWriter final : public StreamWriter
{
public:
    AnthropicStreamWriter(const QString &id, const QString &model) : m_encoder(id, model) { }

    QByteArray delta(const StreamDelta &delta) override
    {
        if (delta.carriesNoContent())
            return {}; // usage goes into message_delta at the end
        return bytesOf(m_encoder.encode(delta));
    }

    QByteArray finish(const std::optional<Usage> &usage) override { return bytesOf(m_encoder.finish(usage)); }

    QByteArray fail(const GatewayError &error) override
    {
        return bytesOf(providers::SseEvent { "error", QByteArray::fromStdString(errorBody(error).dump()), {} });
    }

private:
    providers::anthropic::StreamEncoder m_encoder;
};

class AnthropicDialect final : public WireDialect
{
public:
    Result<IngressRequest> decode(const json &body) const override
    {
        auto decoded = decodeIngress(body, true, &providers::anthropic::decodeRequest);
        if (!decoded)
            return decoded;
        IngressRequest &ingress = *decoded;
        ingress.userId = providers::stringAt(providers::memberAt(body, "metadata"), "user_id");
        ingress.includeUsageInStream = true; // message_start and message_delta always carry it
        return decoded;
    }

    QByteArray response(const ChatResponse &response) const override
    {
        return QByteArray::fromStdString(providers::anthropic::encodeResponse(response).dump());
    }

    QByteArray error(const GatewayError &error) const override { return QByteArray::fromStdString(errorBody(error).dump()); }

    std::unique_ptr<StreamWriter> streamWriter(const QString &id, const QString &model, bool) const override
    {
        return std::make_unique<AnthropicStreamWriter>(id, model);
    }
};

} // namespace

const WireDialect &WireDialect::anthropic()
{
    static const AnthropicDialect dialect;
    return dialect;
}

} // namespace switchboard::core::gateway
