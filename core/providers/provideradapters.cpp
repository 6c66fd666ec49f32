// The three wire formats' adapters, each a thin layer over its codec.
#include "providers/anthropicwire.h"
#include "providers/geminiwire.h"
#include "providers/jsonvalue.h"
#include "providers/openaifastread.h"
#include "providers/openaiwire.h"
#include "providers/provideradapter.h"

namespace switchboard::core::providers {
namespace {

using nlohmann::json;

Result<json> parseJson(QByteArrayView body)
{
    json parsed = json::parse(body.begin(), body.end(), nullptr, false);
    if (parsed.is_discarded())
        return fail(ErrorCode::ProviderError,
                    QStringLiteral("The provider answered HTTP 200 with a body that is not JSON: %1")
                        .arg(QString::fromUtf8(body.first(std::min<qsizetype>(body.size(), 120)))));
    return parsed;
}

QByteArray jsonBytes(const json &value)
{
    return QByteArray::fromStdString(value.dump());
}

QString trimmedBase(const QString &base)
{
    return base.endsWith(QLatin1Char('/')) ? base.chopped(1) : base;
}

// --- OpenAI and OpenAI-compatible ---------------------------------------------------------

class OpenAiStreamReader final : public StreamReader
{
public:
    Result<Step> read(const SseEvent &event) override
    {
        Step step;
        if (event.data.trimmed() == "[DONE]") {
            step.finished = true;
            return step;
        }
        auto chunk = parseJson(event.data);
        if (!chunk)
            return std::unexpected(chunk.error());
        if (const auto &error = (*chunk)["error"]; error.is_object()) {
            m_failure = classifyStreamError(WireFormat::OpenAi, QString::fromStdString(error.value("type", std::string())),
                                            QString::fromStdString(error.value("message", std::string())));
            return step;
        }
        auto deltas = openai::decodeChunk(*chunk, &m_header);
        if (!deltas)
            return std::unexpected(deltas.error());
        step.deltas = std::move(*deltas);
        return step;
    }
    std::optional<ProviderFailure> inBandFailure() const override { return m_failure; }
    bool hasEndMarker() const override { return true; }

private:
    openai::ChunkHeader m_header;
    std::optional<ProviderFailure> m_failure;
};

class OpenAiAdapter final : public ProviderAdapter
{
public:
    WireFormat wireFormat() const override { return WireFormat::OpenAi; }

    OutgoingRequest buildRequest(const ChatRequest &request, const QString &model, const QString &baseUrl,
                                 const QByteArray &apiKey) const override
    {
        ChatRequest upstream = request;
        upstream.model = model;
        return outgoing(request, baseUrl, apiKey, jsonBytes(openai::encodeRequest(upstream)));
    }
    OutgoingRequest buildRequestReusing(const ChatRequest &request, const QString &model, const QString &baseUrl,
                                        const QByteArray &apiKey, json &loggedForm) const override
    {
        json &name = loggedForm["model"];
        json callerName = std::exchange(name, toStd(model));
        OutgoingRequest out = outgoing(request, baseUrl, apiKey, jsonBytes(loggedForm));
        name = std::move(callerName);
        return out;
    }
    Result<ChatResponse> parseResponse(QByteArrayView body) const override
    {
        if (auto common = openai::readCommonResponse(body))
            return std::move(*common);
        auto parsed = parseJson(body);
        if (!parsed)
            return std::unexpected(parsed.error());
        return openai::decodeResponse(*parsed);
    }
    std::unique_ptr<StreamReader> newStreamReader() const override { return std::make_unique<OpenAiStreamReader>(); }

private:
    static OutgoingRequest outgoing(const ChatRequest &request, const QString &baseUrl, const QByteArray &apiKey, QByteArray body)
    {
        OutgoingRequest out { QUrl(trimmedBase(baseUrl) + QLatin1String("/chat/completions")),
                              { { "Content-Type", "application/json" } },
                              std::move(body) };
        if (!apiKey.isEmpty())
            out.headers.append({ QByteArray("Authorization"), QByteArray("Bearer " + apiKey) });
        if (request.stream)
            out.headers.append({ QByteArray("Accept"), QByteArray("text/event-stream") });
        return out;
    }
};

// --- Anthropic ------------------------------------------------------------------------------

class AnthropicStreamReader final : public StreamReader
{
public:
    Result<Step> read(const SseEvent &event) override
    {
        auto step = m_decoder.decode(event);
        if (step)
            return Step { std::move(step->deltas), step->finished };
        if (!m_decoder.errorType().isEmpty()) {
            const QString message = step.error().message.section(QStringLiteral(": "), 1);
            m_failure = classifyStreamError(WireFormat::Anthropic, m_decoder.errorType(), message);
            return Step {};
        }
        return std::unexpected(step.error());
    }
    std::optional<ProviderFailure> inBandFailure() const override { return m_failure; }
    bool hasEndMarker() const override { return true; }

private:
    anthropic::StreamDecoder m_decoder;
    std::optional<ProviderFailure> m_failure;
};

class AnthropicAdapter final : public ProviderAdapter
{
public:
    WireFormat wireFormat() const override { return WireFormat::Anthropic; }

    OutgoingRequest buildRequest(const ChatRequest &request, const QString &model, const QString &baseUrl,
                                 const QByteArray &apiKey) const override
    {
        ChatRequest upstream = request;
        upstream.model = model;
        OutgoingRequest out { QUrl(trimmedBase(baseUrl) + QLatin1String("/v1/messages")),
                              { { "Content-Type", "application/json" }, { "anthropic-version", anthropic::kApiVersion } },
                              jsonBytes(anthropic::encodeRequest(upstream)) };
        if (!apiKey.isEmpty())
            out.headers.append({ QByteArray("x-api-key"), apiKey });
        return out;
    }
    Result<ChatResponse> parseResponse(QByteArrayView body) const override
    {
        auto parsed = parseJson(body);
        if (!parsed)
            return std::unexpected(parsed.error());
        return anthropic::decodeResponse(*parsed);
    }
    std::unique_ptr<StreamReader> newStreamReader() const override { return std::make_unique<AnthropicStreamReader>(); }
};

// --- Gemini ---------------------------------------------------------------------------------

class GeminiStreamReader final : public StreamReader
{
public:
    Result<Step> read(const SseEvent &event) override
    {
        auto chunk = parseJson(event.data);
        if (!chunk)
            return std::unexpected(chunk.error());
        if (const auto &error = (*chunk)["error"]; error.is_object()) {
            m_failure = classifyStreamError(WireFormat::Gemini, QString::fromStdString(error.value("status", std::string())),
                                            QString::fromStdString(error.value("message", std::string())));
            return Step {};
        }
        auto deltas = gemini::decodeChunk(*chunk, m_toolCalls);
        if (!deltas)
            return std::unexpected(deltas.error());
        Step step { std::move(*deltas), false };
        for (const StreamDelta &delta : step.deltas)
            step.finished = step.finished || delta.finishReason.has_value();
        return step;
    }
    std::optional<ProviderFailure> inBandFailure() const override { return m_failure; }
    bool hasEndMarker() const override { return false; } // a finishReason ends it; the stream just closes

private:
    int m_toolCalls = 0;
    std::optional<ProviderFailure> m_failure;
};

class GeminiAdapter final : public ProviderAdapter
{
public:
    WireFormat wireFormat() const override { return WireFormat::Gemini; }

    OutgoingRequest buildRequest(const ChatRequest &request, const QString &model, const QString &baseUrl,
                                 const QByteArray &apiKey) const override
    {
        const QString method = request.stream ? QStringLiteral(":streamGenerateContent?alt=sse")
                                              : QStringLiteral(":generateContent");
        OutgoingRequest out { QUrl(trimmedBase(baseUrl) + QLatin1String("/models/") + model + method),
                              { { "Content-Type", "application/json" } },
                              jsonBytes(gemini::encodeRequest(request)) };
        if (!apiKey.isEmpty())
            out.headers.append({ QByteArray("x-goog-api-key"), apiKey });
        return out;
    }
    Result<ChatResponse> parseResponse(QByteArrayView body) const override
    {
        auto parsed = parseJson(body);
        if (!parsed)
            return std::unexpected(parsed.error());
        return gemini::decodeResponse(*parsed);
    }
    std::unique_ptr<StreamReader> newStreamReader() const override { return std::make_unique<GeminiStreamReader>(); }
};

} // namespace

std::unique_ptr<ProviderAdapter> ProviderAdapter::forKind(ProviderKind kind)
{
    switch (kind) {
    case ProviderKind::Anthropic: return std::make_unique<AnthropicAdapter>();
    case ProviderKind::Gemini: return std::make_unique<GeminiAdapter>();
    case ProviderKind::OpenAi:
    case ProviderKind::OpenAiCompatible:
    case ProviderKind::Simulated: return std::make_unique<OpenAiAdapter>();
    }
    return std::make_unique<OpenAiAdapter>();
}

QString ProviderAdapter::defaultBaseUrl(ProviderKind kind)
{
    switch (kind) {
    case ProviderKind::OpenAi: return QStringLiteral("https://api.openai.com/v1");
    case ProviderKind::Anthropic: return QStringLiteral("https://api.anthropic.com");
    case ProviderKind::Gemini: return QStringLiteral("https://generativelanguage.googleapis.com/v1beta");
    case ProviderKind::OpenAiCompatible:
    case ProviderKind::Simulated: return {};
    }
    return {};
}

namespace {

bool isSecretHeader(const QByteArray &name)
{
    static const QByteArrayView secret[] = { "authorization", "x-api-key", "x-goog-api-key", "api-key",
                                             "proxy-authorization", "cookie" };
    return std::ranges::any_of(secret, [&](QByteArrayView s) { return name.compare(s, Qt::CaseInsensitive) == 0; });
}

} // namespace

HttpHeaders redactedHeaders(const HttpHeaders &headers)
{
    HttpHeaders out;
    out.reserve(headers.size());
    for (const auto &[key, value] : headers)
        out.append({ key, isSecretHeader(key) ? QByteArray("[redacted]") : value });
    return out;
}

namespace {

// Each form a secret of the request's headers may come back in: the credential without its
// scheme ("Bearer sk-..." -> "sk-..."), the whole value, and their base64 forms. Short values
// are left out: they would only match ordinary words. `visit` returns true to stop.
template<typename Visit>
bool visitSecretForms(const HttpHeaders &requestHeaders, Visit visit)
{
    for (const auto &[name, value] : requestHeaders) {
        if (!isSecretHeader(name))
            continue;
        const qsizetype space = value.indexOf(' ');
        for (const QByteArray &secret : { value.mid(space + 1), value }) {
            if (secret.size() < 8)
                continue;
            for (const QByteArray &form : { secret, secret.toBase64(), secret.toBase64(QByteArray::Base64UrlEncoding) }) {
                if (visit(form))
                    return true;
            }
        }
    }
    return false;
}

} // namespace

QString withoutSecrets(QString text, const HttpHeaders &requestHeaders)
{
    static const QString hidden = QStringLiteral("[redacted]");
    visitSecretForms(requestHeaders, [&](const QByteArray &form) {
        text.replace(QString::fromUtf8(form), hidden);
        return false;
    });
    return text;
}

bool echoesSecret(QByteArrayView body, const HttpHeaders &requestHeaders)
{
    return visitSecretForms(requestHeaders, [&](const QByteArray &form) { return body.contains(form); });
}

} // namespace switchboard::core::providers
