#include "model/streamassembler.h"

namespace switchboard::core {

void StreamAssembler::add(const StreamDelta &delta)
{
    if (delta.usage)
        m_usage = delta.usage;
    if (delta.carriesNoContent())
        return;
    Choice &choice = m_choices[delta.choiceIndex];
    choice.text += delta.text;
    choice.refusal += delta.refusal;
    for (const auto &call : delta.toolCalls) {
        ToolCall &assembled = choice.toolCalls[call.index];
        if (!call.id.isEmpty())
            assembled.id = call.id;
        if (!call.name.isEmpty())
            assembled.name = call.name;
        assembled.argumentsJson += call.argumentsDelta;
    }
    if (delta.finishReason) {
        choice.finishReason = delta.finishReason;
        choice.providerFinishReason = delta.providerFinishReason;
    }
    m_sawContent = m_sawContent || !delta.text.isEmpty() || !delta.refusal.isEmpty() || !delta.toolCalls.empty();
}

ChatResponse StreamAssembler::response(const QString &id, const QString &model) const
{
    ChatResponse response;
    response.id = id;
    response.model = model;
    for (const auto &[index, choice] : m_choices) {
        ChatChoice out;
        out.index = index;
        out.message.role = Role::Assistant;
        if (!choice.text.isEmpty())
            out.message.content.push_back(ContentPart::fromText(choice.text));
        for (const auto &[callIndex, call] : choice.toolCalls)
            out.message.toolCalls.push_back(call);
        out.refusal = choice.refusal;
        out.finishReason = choice.finishReason;
        out.providerFinishReason = choice.providerFinishReason;
        response.choices.push_back(std::move(out));
    }
    response.usage = m_usage;
    return response;
}

} // namespace switchboard::core
