#include "guard/outputcheck.h"

#include <nlohmann/json.hpp>

namespace switchboard::core::guard {
namespace {

providers::ProviderFailure soft(FailureCategory category, const QString &message)
{
    providers::ProviderFailure failure;
    failure.category = category;
    failure.message = message;
    failure.httpStatus = 200;
    failure.retryable = false;
    return failure;
}

} // namespace

std::optional<providers::ProviderFailure> checkOutput(const ChatRequest &request, const ChatResponse &response)
{
    if (response.choices.empty())
        return soft(FailureCategory::EmptyOutput, QStringLiteral("The provider answered with no choices."));
    const ChatChoice &choice = response.choices.front();
    if (choice.finishReason == FinishReason::ContentFilter)
        return soft(FailureCategory::ContentFilter,
                    QStringLiteral("The provider's content filter stopped the answer (%1).")
                        .arg(choice.providerFinishReason.isEmpty() ? QStringLiteral("content_filter") : choice.providerFinishReason));
    if (!choice.refusal.isEmpty() || choice.finishReason == FinishReason::Refusal)
        return soft(FailureCategory::Refusal, QStringLiteral("The model refused: %1").arg(choice.refusal.left(300)));
    if (choice.finishReason == FinishReason::Length)
        return soft(FailureCategory::Truncated,
                    QStringLiteral("The answer stopped at the output token limit%1; raise max tokens or ask for less.")
                        .arg(request.maxOutputTokens ? QStringLiteral(" (%1)").arg(*request.maxOutputTokens) : QString()));
    const QString text = choice.message.plainText();
    if (text.trimmed().isEmpty() && choice.message.toolCalls.empty())
        return soft(FailureCategory::EmptyOutput, QStringLiteral("The answer is empty."));
    if (request.responseFormat.kind != ResponseFormat::Kind::Text && choice.message.toolCalls.empty()) {
        const auto parsed = nlohmann::json::parse(text.toStdString(), nullptr, false);
        if (parsed.is_discarded())
            return soft(FailureCategory::InvalidOutput, QStringLiteral("JSON was asked for, but the answer is not JSON."));
        if (request.responseFormat.kind == ResponseFormat::Kind::JsonSchema && !parsed.is_object() && !parsed.is_array())
            return soft(FailureCategory::InvalidOutput, QStringLiteral("The answer is JSON, but not the object the schema asks for."));
    }
    return std::nullopt;
}

} // namespace switchboard::core::guard
