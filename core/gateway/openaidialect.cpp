// The OpenAI chat completions format as the gateway speaks it to its callers.
#include "gateway/wiredialect.h"

#include "providers/jsonvalue.h"
#include "providers/openaiwire.h"

#include <QDateTime>

namespace switchboard::core::gateway {
namespace {

using nlohmann::json;
using providers::toStd;

QByteArray sse(const json &data)
{
    return QByteArrayLiteral("data: ") + QByteArray::fromStdString(data.dump()) + QByteArrayLiteral("\n\n");
}

// OpenAI's error types by status, which the SDKs map to their exception classes.
const char *errorType(const GatewayError &error)
{
    switch (error.httpStatus) {
    case 400: return "invalid_request_error";
    case 401: return "invalid_request_error";
    case 403: return "permission_error";
    case 404: return "invalid_request_error";
    case 413: return "invalid_request_error";
    case 429: return error.kind == GatewayError::Kind::BudgetExceeded ? "insufficient_quota" : "rate_limit_error";
    default: return error.httpStatus >= 500 ? "server_error" : "invalid_request_error";
    }
}

json errorObject(const GatewayError &error)
{
    return { { "message", toStd(error.message) },
             { "type", errorType(error) },
             { "param", nullptr },
             { "code", error.code.isEmpty() ? json(nullptr) : json(toStd(error.code)) } };
}

class OpenAiStreamWriter final : public StreamWriter
{
public:
    OpenAiStreamWriter(const QString &id, const QString &model, bool includeUsage)
        : m_header { id, model, QDateTime::currentSecsSinceEpoch() }, m_includeUsage(includeUsage)
    {
    }

    QByteArray delta(const StreamDelta &delta) override
    {
        if (delta.carriesNoContent())
            return {}; // usage goes out once, at the end, when the caller asked for it
        StreamDelta out = delta;
        out.usage.reset();
        return sse(providers::openai::encodeChunk(out, m_header));
    }

    QByteArray finish(const std::optional<Usage> &usage) override
    {
        QByteArray bytes;
        if (m_includeUsage && usage) {
            StreamDelta last;
            last.usage = usage;
            bytes += sse(providers::openai::encodeChunk(last, m_header));
        }
        return bytes + QByteArrayLiteral("data: [DONE]\n\n");
    }

    QByteArray fail(const GatewayError &error) override
    {
        return sse({ { "error", errorObject(error) } });
    }

private:
    providers::openai::ChunkHeader m_header;
    bool m_includeUsage;
};

class OpenAiDialect final : public WireDialect
{
public:
    Result<IngressRequest> decode(const json &body) const override
    {
        auto decoded = decodeIngress(body, false, &providers::openai::decodeRequest);
        if (!decoded)
            return decoded;
        IngressRequest &ingress = *decoded;
        ingress.userId = providers::stringAt(body, "user");
        ingress.includeUsageInStream = providers::boolAt(providers::memberAt(body, "stream_options"), "include_usage");
        return decoded;
    }

    QByteArray response(const ChatResponse &response) const override
    {
        return QByteArray::fromStdString(providers::openai::encodeResponse(response).dump());
    }

    bool writesLoggedForm() const override { return true; }

    QByteArray error(const GatewayError &error) const override
    {
        return QByteArray::fromStdString(json { { "error", errorObject(error) } }.dump());
    }

    std::unique_ptr<StreamWriter> streamWriter(const QString &id, const QString &model, bool includeUsage) const override
    {
        return std::make_unique<OpenAiStreamWriter>(id, model, includeUsage);
    }
};

} // namespace

const WireDialect &WireDialect::openAi()
{
    static const OpenAiDialect dialect;
    return dialect;
}

} // namespace switchboard::core::gateway
