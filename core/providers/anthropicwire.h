#pragma once

#include "model/chatresponse.h"
#include "model/error.h"
#include "providers/sseparser.h"

#include <nlohmann/json.hpp>

#include <map>
#include <vector>

namespace switchboard::core::providers::anthropic {

// The Anthropic Messages wire format (POST /v1/messages), both directions. The canonical
// form follows OpenAI's shape, so: the system prompt becomes a leading system message,
// tool_result blocks become tool messages, tool_use blocks become tool calls, and token
// counts are re-based (Anthropic's input_tokens leave out cache reads and writes; the
// canonical inputTokens include them).

inline constexpr char kApiVersion[] = "2023-06-01";

Result<ChatRequest> decodeRequest(const nlohmann::json &body);
nlohmann::json encodeRequest(const ChatRequest &request);

Result<ChatResponse> decodeResponse(const nlohmann::json &body);
nlohmann::json encodeResponse(const ChatResponse &response);

// Reads a Messages event stream into canonical deltas. Stateful: the block index of a
// content_block_start says which tool call later input_json_delta events extend, and usage
// arrives in two halves (message_start, message_delta).
class StreamDecoder final
{
public:
    struct Step
    {
        std::vector<StreamDelta> deltas;
        bool finished = false; // message_stop
    };

    // An "error" event (which may follow HTTP 200) comes back as an Error whose message is
    // the provider's, with errorType() telling which.
    Result<Step> decode(const SseEvent &event);

    const QString &messageId() const { return m_id; }
    const QString &model() const { return m_model; }
    const QString &errorType() const { return m_errorType; }

private:
    QString m_id;
    QString m_model;
    QString m_errorType;
    Usage m_usage;
    std::map<int, int> m_toolIndexByBlock;
};

// Writes canonical deltas as a Messages event stream, for callers of the gateway that speak
// Anthropic's format.
class StreamEncoder final
{
public:
    StreamEncoder(QString messageId, QString model);

    std::vector<SseEvent> encode(const StreamDelta &delta);
    // Closes open blocks and ends the message; usage as finally known.
    std::vector<SseEvent> finish(const std::optional<Usage> &usage);

private:
    void openMessage(std::vector<SseEvent> &out);
    void closeBlock(std::vector<SseEvent> &out);

    QString m_id;
    QString m_model;
    bool m_started = false;
    int m_openBlock = -1;
    int m_nextBlock = 0;
    bool m_openBlockIsText = false;
    std::map<int, int> m_blockByToolIndex;
    std::optional<FinishReason> m_finishReason;
    QString m_providerFinishReason;
};

} // namespace switchboard::core::providers::anthropic
