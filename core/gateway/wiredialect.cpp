#include "gateway/wiredialect.h"

#include "providers/jsonvalue.h"

namespace switchboard::core::gateway {

using nlohmann::json;
using providers::stringAt;
using providers::wireError;

namespace {

// A request that names a prompt may leave out what the prompt supplies (model, messages,
// Anthropic's max_tokens). The wire decoders require them, so they are filled in before
// decoding and taken out again after.
struct PromptPlaceholders
{
    bool model = false;
    bool messages = false;
    bool maxTokens = false;

    static PromptPlaceholders fill(nlohmann::json &body, bool withMaxTokens);
    void clear(ChatRequest &request) const;
};

} // namespace

Result<void> takeSwitchboardFields(ChatRequest &request, IngressRequest &into)
{
    const auto it = request.extra.find("switchboard");
    if (it == request.extra.end())
        return {};
    const json fields = std::move(*it);
    request.extra.erase(it);
    if (!fields.is_object())
        return wireError(QStringLiteral("switchboard"),
                         QStringLiteral("expected an object such as {\"prompt\": \"support/answer@production\", "
                                        "\"variables\": {...}}"));
    static constexpr const char *kKnown[] = { "prompt", "variables", "feature", "user_tier", "tags" };
    for (const auto &[key, value] : fields.items()) {
        if (std::ranges::find(kKnown, key) == std::end(kKnown))
            return wireError(QStringLiteral("switchboard.%1").arg(QString::fromStdString(key)),
                             QStringLiteral("unknown field; the gateway reads prompt, variables, feature, user_tier and tags"));
    }
    for (const char *key : { "prompt", "feature", "user_tier" }) {
        if (fields.contains(key) && !fields[key].is_string())
            return wireError(QStringLiteral("switchboard.%1").arg(QLatin1String(key)), QStringLiteral("expected a string"));
    }
    into.promptReference = stringAt(fields, "prompt");
    into.feature = stringAt(fields, "feature");
    into.userTier = stringAt(fields, "user_tier");
    if (const auto variables = fields.find("variables"); variables != fields.end()) {
        if (!variables->is_object())
            return wireError(QStringLiteral("switchboard.variables"), QStringLiteral("expected an object of variable names to values"));
        into.variables = *variables;
    }
    if (const auto tags = fields.find("tags"); tags != fields.end()) {
        if (!tags->is_array())
            return wireError(QStringLiteral("switchboard.tags"), QStringLiteral("expected a list of strings"));
        for (const json &tag : *tags) {
            if (!tag.is_string())
                return wireError(QStringLiteral("switchboard.tags"), QStringLiteral("expected a list of strings"));
            into.tags.push_back(QString::fromStdString(tag.get<std::string>()));
        }
    }
    return {};
}

Result<IngressRequest> decodeIngress(const json &body, bool needsMaxTokens, Result<ChatRequest> (*decode)(const json &))
{
    json filled = body;
    const PromptPlaceholders placeholders = PromptPlaceholders::fill(filled, needsMaxTokens);
    auto request = decode(filled);
    if (!request)
        return std::unexpected(request.error());
    IngressRequest ingress;
    ingress.request = std::move(*request);
    placeholders.clear(ingress.request);
    if (auto taken = takeSwitchboardFields(ingress.request, ingress); !taken)
        return std::unexpected(taken.error());
    return ingress;
}

PromptPlaceholders PromptPlaceholders::fill(json &body, bool withMaxTokens)
{
    PromptPlaceholders filled;
    const json &fields = providers::memberAt(body, "switchboard");
    if (!fields.is_object() || !fields.contains("prompt"))
        return filled;
    if (!body.contains("model")) {
        body["model"] = "prompt";
        filled.model = true;
    }
    if (const json &messages = providers::memberAt(body, "messages"); !messages.is_array() || messages.empty()) {
        body["messages"] = json::array({ { { "role", "user" }, { "content", "." } } });
        filled.messages = true;
    }
    if (withMaxTokens && !body.contains("max_tokens")) {
        body["max_tokens"] = 1;
        filled.maxTokens = true;
    }
    return filled;
}

void PromptPlaceholders::clear(ChatRequest &request) const
{
    if (model)
        request.model.clear();
    if (messages)
        request.messages.clear();
    if (maxTokens)
        request.maxOutputTokens.reset();
}

} // namespace switchboard::core::gateway
