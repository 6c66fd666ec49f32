#pragma once

#include "gateway/gatewayerror.h"
#include "model/chatresponse.h"
#include "model/error.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <nlohmann/json.hpp>

#include <memory>
#include <optional>

namespace switchboard::core::gateway {

// What a caller sent, read out of its wire format: the canonical request, and what the
// gateway needs besides (a prompt to render, who the call is for).
struct IngressRequest
{
    ChatRequest request;
    QString promptReference;                                 // "support/answer@production", or empty
    nlohmann::json variables = nlohmann::json::object();     // for the prompt
    QString userId;
    QString feature;
    QString userTier;
    QStringList tags;
    bool includeUsageInStream = false; // OpenAI's stream_options.include_usage
};

// Writes one streamed answer in the caller's format, as bytes ready for the wire.
class StreamWriter
{
public:
    virtual ~StreamWriter() = default;
    virtual QByteArray delta(const StreamDelta &delta) = 0;
    // The end of a stream that went well; usage as finally known.
    virtual QByteArray finish(const std::optional<Usage> &usage) = 0;
    // The end of a stream cut short after it began: an error event the SDKs raise.
    virtual QByteArray fail(const GatewayError &error) = 0;
};

// One wire format the gateway speaks to its callers: OpenAI chat completions or Anthropic
// messages. Requests may carry a "switchboard" object ({"prompt", "variables", "feature",
// "user_tier", "tags"}) that the dialect takes out before the request goes anywhere.
class WireDialect
{
public:
    virtual ~WireDialect() = default;

    virtual Result<IngressRequest> decode(const nlohmann::json &body) const = 0;
    virtual QByteArray response(const ChatResponse &response) const = 0;
    // Whether response() writes the form the request log keeps (OpenAI's), so that the bytes
    // the executor already made for the log can go to the caller as they are.
    virtual bool writesLoggedForm() const { return false; }
    virtual QByteArray error(const GatewayError &error) const = 0;
    virtual std::unique_ptr<StreamWriter> streamWriter(const QString &id, const QString &model, bool includeUsage) const = 0;

    static const WireDialect &openAi();
    static const WireDialect &anthropic();
};

// Takes the "switchboard" object out of a request's extra fields into `into`; shared by both
// dialects. Fails with what is wrong in it.
Result<void> takeSwitchboardFields(ChatRequest &request, IngressRequest &into);

// The steps both dialects share: fill the prompt placeholders, decode with the wire format's
// decoder, take them out again, and take the "switchboard" object out of the extra fields.
Result<IngressRequest> decodeIngress(const nlohmann::json &body, bool needsMaxTokens,
                                     Result<ChatRequest> (*decode)(const nlohmann::json &));

} // namespace switchboard::core::gateway
