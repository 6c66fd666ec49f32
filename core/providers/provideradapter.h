#pragma once

#include "model/chatresponse.h"
#include "model/error.h"
#include "model/providerconfig.h"
#include "providers/providerfailure.h"
#include "providers/sseparser.h"

#include <QUrl>

#include <nlohmann/json.hpp>

#include <memory>

namespace switchboard::core::providers {

// One HTTP request to send upstream.
struct OutgoingRequest
{
    QUrl url;
    HttpHeaders headers; // the key travels here; never recorded as is (see redactedHeaders)
    QByteArray body;
};

// Reads one attempt's event stream into canonical deltas.
class StreamReader
{
public:
    struct Step
    {
        std::vector<StreamDelta> deltas;
        bool finished = false; // the format's end marker arrived ([DONE], message_stop)
    };

    virtual ~StreamReader() = default;
    // A provider's error inside the stream comes back as a failure, not an Error.
    virtual Result<Step> read(const SseEvent &event) = 0;
    // Set when read() met an in-band error event.
    virtual std::optional<ProviderFailure> inBandFailure() const = 0;
    // Whether the format marks its end (so that a stream ending without it was cut).
    virtual bool hasEndMarker() const = 0;
};

// Translates canonical calls to one provider wire format and back. Pure: no I/O, so the
// transport, timeouts and retries live in one place (the executor) for every provider.
class ProviderAdapter
{
public:
    virtual ~ProviderAdapter() = default;

    virtual WireFormat wireFormat() const = 0;
    virtual OutgoingRequest buildRequest(const ChatRequest &request, const QString &model,
                                         const QString &baseUrl, const QByteArray &apiKey) const = 0;
    // The same, given the request as the log keeps it (OpenAI form, the caller's model name):
    // an adapter of that format sends it with only the model changed instead of encoding the
    // request again. `loggedForm` is as it was when this returns.
    virtual OutgoingRequest buildRequestReusing(const ChatRequest &request, const QString &model, const QString &baseUrl,
                                                const QByteArray &apiKey, nlohmann::json &loggedForm) const
    {
        Q_UNUSED(loggedForm);
        return buildRequest(request, model, baseUrl, apiKey);
    }
    virtual Result<ChatResponse> parseResponse(QByteArrayView body) const = 0;
    virtual std::unique_ptr<StreamReader> newStreamReader() const = 0;

    // The adapter for a provider kind: OpenAI-compatible servers and the simulated provider
    // speak the OpenAI format.
    static std::unique_ptr<ProviderAdapter> forKind(ProviderKind kind);
    // The base URL a provider uses when its settings name none.
    static QString defaultBaseUrl(ProviderKind kind);
};

// Headers as they may be recorded: authorization and key headers replaced by "[redacted]".
HttpHeaders redactedHeaders(const HttpHeaders &headers);
// Text from upstream (an error body, a message quoting it) as it may be recorded: any secret
// the request's headers carried, as sent or base64-encoded, replaced by "[redacted]". Some
// providers and proxies echo the header they rejected.
QString withoutSecrets(QString text, const HttpHeaders &requestHeaders);
// Whether bytes from upstream carry any of those secrets, in any of those forms.
bool echoesSecret(QByteArrayView body, const HttpHeaders &requestHeaders);

} // namespace switchboard::core::providers
