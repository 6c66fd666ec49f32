#include "providers/openaifastread.h"

#include <simdjson.h>

#include <string_view>

namespace switchboard::core::providers::openai {
namespace {

using simdjson::dom::element;
using simdjson::dom::object;

// The same readings as jsonvalue.h: absent, null or mistyped values read as empty.
std::optional<element> memberOf(const object *in, std::string_view key)
{
    element value;
    if (!in || in->at_key(key).get(value) != simdjson::SUCCESS || value.is_null())
        return std::nullopt;
    return value;
}

QString stringOf(const object *in, std::string_view key)
{
    std::string_view text;
    if (const auto value = memberOf(in, key); value && value->get_string().get(text) == simdjson::SUCCESS)
        return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
    return {};
}

std::optional<qint64> integerOf(const object *in, std::string_view key)
{
    int64_t number = 0;
    if (const auto value = memberOf(in, key); value && value->get_int64().get(number) == simdjson::SUCCESS)
        return number;
    return std::nullopt;
}

std::optional<object> objectOf(const object *in, std::string_view key)
{
    object inner;
    if (const auto value = memberOf(in, key); value && value->get_object().get(inner) == simdjson::SUCCESS)
        return inner;
    return std::nullopt;
}

template<typename T>
const T *pointer(const std::optional<T> &value)
{
    return value ? &*value : nullptr;
}

} // namespace

std::optional<ChatResponse> readCommonResponse(QByteArrayView body)
{
    thread_local simdjson::dom::parser parser; // keeps its buffers from one answer to the next
    element document;
    object root;
    if (parser.parse(body.data(), static_cast<std::size_t>(body.size())).get(document) != simdjson::SUCCESS
        || document.get_object().get(root) != simdjson::SUCCESS)
        return std::nullopt;
    simdjson::dom::array choices;
    if (const auto value = memberOf(&root, "choices"); !value || value->get_array().get(choices) != simdjson::SUCCESS)
        return std::nullopt;

    ChatResponse response;
    response.id = stringOf(&root, "id");
    response.model = stringOf(&root, "model");
    response.createdSeconds = integerOf(&root, "created").value_or(0);
    response.systemFingerprint = stringOf(&root, "system_fingerprint");
    qint64 position = 0;
    for (element item : choices) {
        std::optional<object> choice;
        if (object o; item.get_object().get(o) == simdjson::SUCCESS)
            choice = o;
        const auto message = objectOf(pointer(choice), "message");
        if (memberOf(pointer(message), "tool_calls"))
            return std::nullopt; // tool calls: the full decoder's
        ChatChoice out;
        out.index = static_cast<int>(integerOf(pointer(choice), "index").value_or(position++));
        out.message.role = Role::Assistant;
        std::string_view text;
        if (const auto content = memberOf(pointer(message), "content"); content && content->get_string().get(text) == simdjson::SUCCESS)
            out.message.content.push_back(ContentPart::fromText(QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()))));
        out.refusal = stringOf(pointer(message), "refusal");
        out.providerFinishReason = stringOf(pointer(choice), "finish_reason");
        if (!out.providerFinishReason.isEmpty()) {
            out.finishReason = finishReasonFromString(out.providerFinishReason);
            if (!out.finishReason)
                out.finishReason = out.providerFinishReason == QLatin1String("function_call") ? FinishReason::ToolCalls
                                                                                              : FinishReason::Other;
        }
        if (!out.refusal.isEmpty() && out.finishReason == FinishReason::Stop)
            out.finishReason = FinishReason::Refusal;
        response.choices.push_back(std::move(out));
    }
    if (const auto usage = objectOf(&root, "usage")) {
        Usage read;
        read.inputTokens = integerOf(&*usage, "prompt_tokens").value_or(0);
        read.outputTokens = integerOf(&*usage, "completion_tokens").value_or(0);
        read.cachedInputTokens = integerOf(pointer(objectOf(&*usage, "prompt_tokens_details")), "cached_tokens").value_or(0);
        read.reasoningTokens = integerOf(pointer(objectOf(&*usage, "completion_tokens_details")), "reasoning_tokens").value_or(0);
        response.usage = read;
    }
    if (const auto tier = memberOf(&root, "service_tier")) {
        std::string_view name;
        if (tier->get_string().get(name) != simdjson::SUCCESS)
            return std::nullopt;
        response.extra["service_tier"] = std::string(name);
    }
    return response;
}

} // namespace switchboard::core::providers::openai
