#pragma once

#include "model/chatresponse.h"

#include <map>

namespace switchboard::core {

// Builds the complete response from a stream's deltas: text and refusals joined, tool call
// arguments joined per call, the last finish reason and usage kept. What the request log
// records of a streamed call, and what a non-streaming caller gets from a streaming upstream.
class StreamAssembler final
{
public:
    void add(const StreamDelta &delta);
    ChatResponse response(const QString &id, const QString &model) const;
    bool sawContent() const { return m_sawContent; }

private:
    struct Choice
    {
        QString text;
        QString refusal;
        std::map<int, ToolCall> toolCalls;
        std::optional<FinishReason> finishReason;
        QString providerFinishReason;
    };

    std::map<int, Choice> m_choices;
    std::optional<Usage> m_usage;
    bool m_sawContent = false;
};

} // namespace switchboard::core
