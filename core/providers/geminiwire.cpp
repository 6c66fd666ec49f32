#include "providers/geminiwire.h"

#include "providers/jsonvalue.h"

#include <QRegularExpression>

#include <map>

namespace switchboard::core::providers::gemini {
namespace {

using nlohmann::json;

std::optional<FinishReason> finishFromGemini(const QString &reason, bool calledTools)
{
    if (reason.isEmpty())
        return std::nullopt;
    if (reason == QLatin1String("STOP"))
        return calledTools ? FinishReason::ToolCalls : FinishReason::Stop;
    if (reason == QLatin1String("MAX_TOKENS"))
        return FinishReason::Length;
    static const QStringList filtered { QStringLiteral("SAFETY"), QStringLiteral("RECITATION"),
                                        QStringLiteral("PROHIBITED_CONTENT"), QStringLiteral("BLOCKLIST"),
                                        QStringLiteral("SPII"), QStringLiteral("IMAGE_SAFETY") };
    if (filtered.contains(reason))
        return FinishReason::ContentFilter;
    return FinishReason::Other;
}

Usage usageFrom(const json &metadata)
{
    Usage usage;
    usage.inputTokens = integerAt(metadata, "promptTokenCount").value_or(0);
    usage.reasoningTokens = integerAt(metadata, "thoughtsTokenCount").value_or(0);
    usage.outputTokens = integerAt(metadata, "candidatesTokenCount").value_or(0) + usage.reasoningTokens;
    usage.cachedInputTokens = integerAt(metadata, "cachedContentTokenCount").value_or(0);
    return usage;
}

json partsOf(const ChatMessage &message, const std::map<QString, QString> &functionByCallId)
{
    static const QRegularExpression dataUrl(QStringLiteral("^data:([^;,]+);base64,(.*)$"),
                                            QRegularExpression::DotMatchesEverythingOption);
    json parts = json::array();
    if (message.role == Role::Tool) {
        const auto function = functionByCallId.find(message.toolCallId);
        json response = json::parse(toStd(message.plainText()), nullptr, false);
        if (response.is_discarded() || !response.is_object())
            response = { { "result", toStd(message.plainText()) } };
        parts.push_back({ { "functionResponse",
                            { { "name", function == functionByCallId.end() ? std::string() : toStd(function->second) },
                              { "response", response } } } });
        return parts;
    }
    for (const ContentPart &part : message.content) {
        if (part.kind == ContentPart::Kind::Text) {
            parts.push_back({ { "text", toStd(part.text) } });
            continue;
        }
        const auto match = dataUrl.match(part.imageUrl);
        if (match.hasMatch())
            parts.push_back({ { "inlineData", { { "mimeType", toStd(match.captured(1)) }, { "data", toStd(match.captured(2)) } } } });
        else
            parts.push_back({ { "fileData", { { "mimeType", "image/*" }, { "fileUri", toStd(part.imageUrl) } } } });
    }
    for (const ToolCall &call : message.toolCalls) {
        json args = json::parse(toStd(call.argumentsJson), nullptr, false);
        parts.push_back({ { "functionCall", { { "name", toStd(call.name) }, { "args", args.is_object() ? args : json::object() } } } });
    }
    return parts;
}

json toolConfig(const json &openAiChoice)
{
    json config { { "mode", "AUTO" } };
    if (openAiChoice.is_string()) {
        const std::string choice = openAiChoice.get<std::string>();
        config["mode"] = choice == "required" ? "ANY" : choice == "none" ? "NONE" : "AUTO";
    } else if (openAiChoice.is_object()) {
        config["mode"] = "ANY";
        config["allowedFunctionNames"] = json::array({ memberAt(memberAt(openAiChoice, "function"), "name") });
    }
    return { { "functionCallingConfig", config } };
}

// Reads one candidate into a choice (or a delta's worth of content).
void readCandidate(const json &candidate, ChatChoice &choice, int &toolCalls)
{
    choice.index = static_cast<int>(integerAt(candidate, "index").value_or(0));
    choice.message.role = Role::Assistant;
    for (const json &part : memberAt(memberAt(candidate, "content"), "parts")) {
        if (memberAt(part, "thought").is_boolean() && memberAt(part, "thought").get<bool>())
            continue; // thought summaries are not the answer
        if (part.contains("text")) {
            choice.message.content.push_back(ContentPart::fromText(stringAt(part, "text")));
        } else if (const json &call = memberAt(part, "functionCall"); call.is_object()) {
            QString id = stringAt(call, "id");
            if (id.isEmpty())
                id = QStringLiteral("call_%1").arg(toolCalls);
            ++toolCalls;
            choice.message.toolCalls.push_back({ id, stringAt(call, "name"),
                                                 QString::fromStdString(memberAt(call, "args").dump()) });
        }
    }
    choice.providerFinishReason = stringAt(candidate, "finishReason");
    choice.finishReason = finishFromGemini(choice.providerFinishReason, !choice.message.toolCalls.empty());
}

} // namespace

json encodeRequest(const ChatRequest &request)
{
    json body = request.extra.is_object() ? request.extra : json::object();
    std::map<QString, QString> functionByCallId;
    QStringList system;
    json contents = json::array();
    for (const ChatMessage &message : request.messages) {
        if (message.role == Role::System || message.role == Role::Developer) {
            system.append(message.plainText());
            continue;
        }
        for (const ToolCall &call : message.toolCalls)
            functionByCallId[call.id] = call.name;
        const char *role = message.role == Role::Assistant ? "model" : "user";
        json parts = partsOf(message, functionByCallId);
        // Gemini wants turns to alternate; consecutive tool results share one user turn.
        if (!contents.empty() && contents.back()["role"] == role && message.role == Role::Tool)
            for (json &part : parts)
                contents.back()["parts"].push_back(std::move(part));
        else
            contents.push_back({ { "role", role }, { "parts", std::move(parts) } });
    }
    body["contents"] = std::move(contents);
    if (!system.isEmpty())
        body["systemInstruction"] = { { "parts", json::array({ { { "text", toStd(system.join(QStringLiteral("\n\n"))) } } }) } };
    if (!request.tools.empty()) {
        json declarations = json::array();
        for (const ToolDefinition &tool : request.tools) {
            json declaration { { "name", toStd(tool.name) }, { "parameters", tool.parameters } };
            if (!tool.description.isEmpty())
                declaration["description"] = toStd(tool.description);
            declarations.push_back(std::move(declaration));
        }
        body["tools"] = json::array({ { { "functionDeclarations", std::move(declarations) } } });
    }
    if (!request.toolChoice.is_null())
        body["toolConfig"] = toolConfig(request.toolChoice);
    json config = json::object();
    if (request.temperature)
        config["temperature"] = *request.temperature;
    if (request.topP)
        config["topP"] = *request.topP;
    if (request.maxOutputTokens)
        config["maxOutputTokens"] = *request.maxOutputTokens;
    if (request.seed)
        config["seed"] = *request.seed;
    if (!request.stop.isEmpty()) {
        json stops = json::array();
        for (const QString &stop : request.stop)
            stops.push_back(toStd(stop));
        config["stopSequences"] = std::move(stops);
    }
    if (request.responseFormat.kind != ResponseFormat::Kind::Text)
        config["responseMimeType"] = "application/json";
    if (request.responseFormat.kind == ResponseFormat::Kind::JsonSchema)
        config["responseJsonSchema"] = request.responseFormat.schema;
    if (!config.empty())
        body["generationConfig"] = std::move(config);
    return body;
}

namespace {

Result<ChatResponse> decodeCounting(const json &body, int &toolCalls)
{
    if (!body.is_object())
        return fail(ErrorCode::InvalidArgument, QStringLiteral("body: the response is not a JSON object"));
    const json &candidates = memberAt(body, "candidates");
    const QString blockReason = stringAt(memberAt(body, "promptFeedback"), "blockReason");
    if (!candidates.is_array() && blockReason.isEmpty())
        return fail(ErrorCode::InvalidArgument, QStringLiteral("candidates: the response has no candidates"));
    ChatResponse response;
    response.id = stringAt(body, "responseId");
    response.model = stringAt(body, "modelVersion");
    if (candidates.is_array())
        for (const json &candidate : candidates) {
            ChatChoice choice;
            readCandidate(candidate, choice, toolCalls);
            response.choices.push_back(std::move(choice));
        }
    if (response.choices.empty()) {
        // The prompt itself was blocked: no candidate at all.
        ChatChoice blocked;
        blocked.message.role = Role::Assistant;
        blocked.finishReason = FinishReason::ContentFilter;
        blocked.providerFinishReason = blockReason;
        response.choices.push_back(std::move(blocked));
    }
    if (const json &metadata = memberAt(body, "usageMetadata"); metadata.is_object())
        response.usage = usageFrom(metadata);
    return response;
}

} // namespace

Result<ChatResponse> decodeResponse(const json &body)
{
    int toolCalls = 0;
    return decodeCounting(body, toolCalls);
}

Result<std::vector<StreamDelta>> decodeChunk(const json &chunk, int &toolCallsSoFar)
{
    const int firstCall = toolCallsSoFar;
    auto partial = decodeCounting(chunk, toolCallsSoFar);
    if (!partial)
        return std::unexpected(partial.error());
    std::vector<StreamDelta> deltas;
    for (const ChatChoice &choice : partial->choices) {
        StreamDelta delta;
        delta.choiceIndex = choice.index;
        delta.text = choice.message.plainText();
        for (std::size_t i = 0; i < choice.message.toolCalls.size(); ++i) {
            const ToolCall &call = choice.message.toolCalls[i];
            delta.toolCalls.push_back({ firstCall + static_cast<int>(i), call.id, call.name, call.argumentsJson });
        }
        delta.finishReason = choice.finishReason;
        delta.providerFinishReason = choice.providerFinishReason;
        if (!delta.carriesNoContent())
            deltas.push_back(std::move(delta));
    }
    if (partial->usage && !deltas.empty() && deltas.back().finishReason)
        deltas.back().usage = partial->usage; // usage is final with the finishing chunk
    return deltas;
}

} // namespace switchboard::core::providers::gemini
