#pragma once

#include "model/chatrequest.h"

#include <QString>

#include <nlohmann/json.hpp>

#include <optional>
#include <vector>

namespace switchboard::core {

enum class FinishReason { Stop, Length, ToolCalls, ContentFilter, Refusal, Other };

QString nameOf(FinishReason reason);
std::optional<FinishReason> finishReasonFromString(QStringView name);

struct Usage
{
    qint64 inputTokens = 0;       // all prompt tokens, cached ones included
    qint64 outputTokens = 0;      // reasoning tokens included
    qint64 cachedInputTokens = 0; // read from the provider's prompt cache
    qint64 cacheWriteTokens = 0;  // written to it (Anthropic bills these apart)
    qint64 reasoningTokens = 0;
    bool estimated = false;       // counted by us because the provider reported none

    friend bool operator==(const Usage &, const Usage &) = default;
};

struct ChatChoice
{
    int index = 0;
    ChatMessage message; // role assistant: text parts and tool calls
    QString refusal;     // a refusal the provider reported apart from the content
    std::optional<FinishReason> finishReason;
    QString providerFinishReason; // as the provider spelled it: "end_turn", "MAX_TOKENS", ...

    friend bool operator==(const ChatChoice &, const ChatChoice &) = default;
};

struct ChatResponse
{
    QString id;
    QString model; // the model that answered, as the provider reports it
    qint64 createdSeconds = 0;
    std::vector<ChatChoice> choices;
    std::optional<Usage> usage;
    QString systemFingerprint;
    nlohmann::json extra = nlohmann::json::object();

    friend bool operator==(const ChatResponse &, const ChatResponse &) = default;
};

// One step of a streamed response, in the canonical form that every wire format's chunks
// are read into and written out of.
struct StreamDelta
{
    struct ToolCallDelta
    {
        int index = 0;
        QString id;   // set on the first delta of a call
        QString name; // likewise
        QString argumentsDelta;

        friend bool operator==(const ToolCallDelta &, const ToolCallDelta &) = default;
    };

    int choiceIndex = 0;
    std::optional<Role> role;
    QString text;
    QString refusal;
    std::vector<ToolCallDelta> toolCalls;
    std::optional<FinishReason> finishReason;
    QString providerFinishReason;
    std::optional<Usage> usage;

    // Nothing but (possibly) usage: no role, text, refusal, tool call or finish reason.
    bool carriesNoContent() const
    {
        return !role && text.isEmpty() && refusal.isEmpty() && toolCalls.empty() && !finishReason;
    }

    friend bool operator==(const StreamDelta &, const StreamDelta &) = default;
};

} // namespace switchboard::core
