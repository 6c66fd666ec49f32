#include "providers/openaiwire.h"

#include "providers/jsonvalue.h"

namespace switchboard::core::providers::openai {
namespace {

using nlohmann::json;

// Request fields with a canonical place; everything else goes to extra.
const char *const kKnownRequestFields[] = {
    "model", "messages", "tools", "tool_choice", "temperature", "top_p", "max_tokens",
    "max_completion_tokens", "stop", "seed", "response_format", "stream", "stream_options",
};

Result<std::vector<ContentPart>> decodeParts(const json &content, const QString &path)
{
    std::vector<ContentPart> parts;
    for (std::size_t i = 0; i < content.size(); ++i) {
        const json &part = content[i];
        const QString partPath = QStringLiteral("%1[%2]").arg(path).arg(i);
        const QString type = stringAt(part, "type");
        if (type == QLatin1String("text")) {
            parts.push_back(ContentPart::fromText(stringAt(part, "text")));
        } else if (type == QLatin1String("image_url")) {
            const json &image = memberAt(part, "image_url");
            ContentPart imagePart;
            imagePart.kind = ContentPart::Kind::ImageUrl;
            imagePart.imageUrl = image.is_string() ? QString::fromStdString(image.get<std::string>())
                                                   : stringAt(image, "url");
            imagePart.imageDetail = stringAt(image, "detail");
            if (imagePart.imageUrl.isEmpty())
                return wireError(partPath, QStringLiteral("an image_url part needs image_url.url"));
            parts.push_back(std::move(imagePart));
        } else {
            return wireError(partPath, QStringLiteral("unsupported content part type '%1'; use "
                                                    "text or image_url")
                                         .arg(type));
        }
    }
    return parts;
}

Result<std::vector<ToolCall>> decodeToolCalls(const json &calls, const QString &path)
{
    std::vector<ToolCall> out;
    if (calls.is_null())
        return out;
    if (!calls.is_array())
        return wireError(path, QStringLiteral("tool_calls must be an array"));
    for (const json &call : calls) {
        const json &function = memberAt(call, "function");
        out.push_back(ToolCall { stringAt(call, "id"), stringAt(function, "name"),
                                 stringAt(function, "arguments") });
    }
    return out;
}

json encodeToolCalls(const std::vector<ToolCall> &calls)
{
    json out = json::array();
    for (const ToolCall &call : calls)
        out.push_back({ { "id", toStd(call.id) },
                        { "type", "function" },
                        { "function",
                          { { "name", toStd(call.name) }, { "arguments", toStd(call.argumentsJson) } } } });
    return out;
}

Result<ChatMessage> decodeMessage(const json &message, const QString &path)
{
    if (!message.is_object())
        return wireError(path, QStringLiteral("a message must be an object"));
    const auto role = roleFromString(stringAt(message, "role"));
    if (!role)
        return wireError(path + QLatin1String(".role"),
                       QStringLiteral("unknown role '%1'; use system, developer, user, "
                                      "assistant or tool")
                           .arg(stringAt(message, "role")));
    ChatMessage out;
    out.role = *role;
    out.name = stringAt(message, "name");
    out.toolCallId = stringAt(message, "tool_call_id");
    const json &content = memberAt(message, "content");
    if (content.is_string()) {
        out.content.push_back(ContentPart::fromText(QString::fromStdString(content.get<std::string>())));
    } else if (content.is_array()) {
        auto parts = decodeParts(content, path + QLatin1String(".content"));
        if (!parts)
            return std::unexpected(parts.error());
        out.content = std::move(*parts);
        out.contentAsParts = true;
    } else if (!content.is_null()) {
        return wireError(path + QLatin1String(".content"),
                       QStringLiteral("content must be a string or an array of parts"));
    }
    auto calls = decodeToolCalls(memberAt(message, "tool_calls"), path + QLatin1String(".tool_calls"));
    if (!calls)
        return std::unexpected(calls.error());
    out.toolCalls = std::move(*calls);
    if (out.role == Role::Tool && out.toolCallId.isEmpty())
        return wireError(path, QStringLiteral("a tool message needs tool_call_id"));
    return out;
}

json encodeContent(const ChatMessage &message)
{
    if (message.content.empty())
        return nullptr;
    if (!message.contentAsParts && message.content.size() == 1
        && message.content.front().kind == ContentPart::Kind::Text)
        return toStd(message.content.front().text);
    json parts = json::array();
    for (const ContentPart &part : message.content) {
        if (part.kind == ContentPart::Kind::Text) {
            parts.push_back({ { "type", "text" }, { "text", toStd(part.text) } });
        } else {
            json image { { "url", toStd(part.imageUrl) } };
            if (!part.imageDetail.isEmpty())
                image["detail"] = toStd(part.imageDetail);
            parts.push_back({ { "type", "image_url" }, { "image_url", image } });
        }
    }
    return parts;
}

json encodeMessage(const ChatMessage &message)
{
    json out { { "role", toStd(nameOf(message.role)) }, { "content", encodeContent(message) } };
    if (!message.name.isEmpty())
        out["name"] = toStd(message.name);
    if (!message.toolCalls.empty())
        out["tool_calls"] = encodeToolCalls(message.toolCalls);
    if (!message.toolCallId.isEmpty())
        out["tool_call_id"] = toStd(message.toolCallId);
    return out;
}

Result<ResponseFormat> decodeResponseFormat(const json &format)
{
    ResponseFormat out;
    if (format.is_null())
        return out;
    const QString type = stringAt(format, "type");
    if (type == QLatin1String("text"))
        return out;
    if (type == QLatin1String("json_object")) {
        out.kind = ResponseFormat::Kind::JsonObject;
        return out;
    }
    if (type == QLatin1String("json_schema")) {
        const json &schema = memberAt(format, "json_schema");
        out.kind = ResponseFormat::Kind::JsonSchema;
        out.schemaName = stringAt(schema, "name");
        out.schema = memberAt(schema, "schema");
        const json &strict = memberAt(schema, "strict");
        out.strict = strict.is_boolean() && strict.get<bool>();
        if (out.schemaName.isEmpty())
            return wireError(QStringLiteral("response_format.json_schema.name"),
                           QStringLiteral("a JSON schema response format needs a name"));
        return out;
    }
    return wireError(QStringLiteral("response_format.type"),
                   QStringLiteral("unknown type '%1'; use text, json_object or json_schema").arg(type));
}

json encodeResponseFormat(const ResponseFormat &format)
{
    switch (format.kind) {
    case ResponseFormat::Kind::Text: return nullptr;
    case ResponseFormat::Kind::JsonObject: return { { "type", "json_object" } };
    case ResponseFormat::Kind::JsonSchema: {
        json schema { { "name", toStd(format.schemaName) }, { "schema", format.schema } };
        if (format.strict)
            schema["strict"] = true;
        return { { "type", "json_schema" }, { "json_schema", schema } };
    }
    }
    return nullptr;
}

Usage decodeUsage(const json &usage)
{
    Usage out;
    out.inputTokens = integerAt(usage, "prompt_tokens").value_or(0);
    out.outputTokens = integerAt(usage, "completion_tokens").value_or(0);
    out.cachedInputTokens = integerAt(memberAt(usage, "prompt_tokens_details"), "cached_tokens").value_or(0);
    out.reasoningTokens =
        integerAt(memberAt(usage, "completion_tokens_details"), "reasoning_tokens").value_or(0);
    return out;
}

json encodeUsage(const Usage &usage)
{
    json out { { "prompt_tokens", usage.inputTokens },
               { "completion_tokens", usage.outputTokens },
               { "total_tokens", usage.inputTokens + usage.outputTokens } };
    if (usage.cachedInputTokens > 0)
        out["prompt_tokens_details"] = { { "cached_tokens", usage.cachedInputTokens } };
    if (usage.reasoningTokens > 0)
        out["completion_tokens_details"] = { { "reasoning_tokens", usage.reasoningTokens } };
    return out;
}

void readFinishReason(const json &choice, std::optional<FinishReason> &reason, QString &raw)
{
    raw = stringAt(choice, "finish_reason");
    if (raw.isEmpty())
        return;
    reason = finishReasonFromString(raw);
    if (!reason)
        reason = raw == QLatin1String("function_call") ? FinishReason::ToolCalls : FinishReason::Other;
}

json finishReasonJson(const std::optional<FinishReason> &reason, const QString &raw)
{
    if (!reason)
        return nullptr;
    if (!raw.isEmpty() && finishReasonFromString(raw) == reason)
        return toStd(raw);
    // Other wire formats' reasons, in OpenAI's words.
    switch (*reason) {
    case FinishReason::Refusal: return "stop";
    case FinishReason::Other: return raw.isEmpty() ? "stop" : toStd(raw);
    default: return toStd(nameOf(*reason));
    }
}

} // namespace

Result<ChatRequest> decodeRequest(const json &body)
{
    if (!body.is_object())
        return wireError(QStringLiteral("body"), QStringLiteral("the request body must be a JSON object"));
    ChatRequest request;
    request.model = stringAt(body, "model");
    if (request.model.isEmpty())
        return wireError(QStringLiteral("model"), QStringLiteral("name the model or alias to call"));
    const json &messages = memberAt(body, "messages");
    if (!messages.is_array() || messages.empty())
        return wireError(QStringLiteral("messages"), QStringLiteral("give at least one message"));
    for (std::size_t i = 0; i < messages.size(); ++i) {
        auto message = decodeMessage(messages[i], QStringLiteral("messages[%1]").arg(i));
        if (!message)
            return std::unexpected(message.error());
        request.messages.push_back(std::move(*message));
    }
    const json &tools = memberAt(body, "tools");
    if (tools.is_array()) {
        for (std::size_t i = 0; i < tools.size(); ++i) {
            const json &function = memberAt(tools[i], "function");
            ToolDefinition tool { stringAt(function, "name"), stringAt(function, "description"),
                                  memberAt(function, "parameters") };
            if (tool.parameters.is_null())
                tool.parameters = json::object();
            if (tool.name.isEmpty())
                return wireError(QStringLiteral("tools[%1].function.name").arg(i),
                               QStringLiteral("every tool needs a name"));
            request.tools.push_back(std::move(tool));
        }
    }
    request.toolChoice = memberAt(body, "tool_choice");
    request.temperature = numberAt(body, "temperature");
    request.topP = numberAt(body, "top_p");
    request.maxOutputTokens = integerAt(body, "max_completion_tokens");
    if (!request.maxOutputTokens)
        request.maxOutputTokens = integerAt(body, "max_tokens");
    const json &stop = memberAt(body, "stop");
    if (stop.is_string())
        request.stop.append(QString::fromStdString(stop.get<std::string>()));
    else if (stop.is_array())
        for (const json &item : stop)
            if (item.is_string())
                request.stop.append(QString::fromStdString(item.get<std::string>()));
    request.seed = integerAt(body, "seed");
    auto format = decodeResponseFormat(memberAt(body, "response_format"));
    if (!format)
        return std::unexpected(format.error());
    request.responseFormat = std::move(*format);
    request.stream = boolAt(body, "stream");
    request.extra = unknownMembers(body, kKnownRequestFields);
    return request;
}

json encodeRequest(const ChatRequest &request)
{
    json body = request.extra.is_object() ? request.extra : json::object();
    body["model"] = toStd(request.model);
    json messages = json::array();
    for (const ChatMessage &message : request.messages)
        messages.push_back(encodeMessage(message));
    body["messages"] = std::move(messages);
    if (!request.tools.empty()) {
        json tools = json::array();
        for (const ToolDefinition &tool : request.tools) {
            json function { { "name", toStd(tool.name) }, { "parameters", tool.parameters } };
            if (!tool.description.isEmpty())
                function["description"] = toStd(tool.description);
            tools.push_back({ { "type", "function" }, { "function", function } });
        }
        body["tools"] = std::move(tools);
    }
    if (!request.toolChoice.is_null())
        body["tool_choice"] = request.toolChoice;
    if (request.temperature)
        body["temperature"] = *request.temperature;
    if (request.topP)
        body["top_p"] = *request.topP;
    if (request.maxOutputTokens)
        body["max_completion_tokens"] = *request.maxOutputTokens;
    if (request.stop.size() == 1)
        body["stop"] = toStd(request.stop.constFirst());
    else if (!request.stop.isEmpty()) {
        json stop = json::array();
        for (const QString &item : request.stop)
            stop.push_back(toStd(item));
        body["stop"] = std::move(stop);
    }
    if (request.seed)
        body["seed"] = *request.seed;
    if (json format = encodeResponseFormat(request.responseFormat); !format.is_null())
        body["response_format"] = std::move(format);
    if (request.stream) {
        body["stream"] = true;
        body["stream_options"] = { { "include_usage", true } };
    }
    return body;
}

Result<ChatResponse> decodeResponse(const json &body)
{
    if (!body.is_object())
        return wireError(QStringLiteral("body"), QStringLiteral("the response is not a JSON object"));
    const json &choices = memberAt(body, "choices");
    if (!choices.is_array())
        return wireError(QStringLiteral("choices"), QStringLiteral("the response has no choices array"));
    ChatResponse response;
    response.id = stringAt(body, "id");
    response.model = stringAt(body, "model");
    response.createdSeconds = integerAt(body, "created").value_or(0);
    response.systemFingerprint = stringAt(body, "system_fingerprint");
    for (std::size_t i = 0; i < choices.size(); ++i) {
        const json &choice = choices[i];
        ChatChoice out;
        out.index = static_cast<int>(integerAt(choice, "index").value_or(static_cast<qint64>(i)));
        const json &message = memberAt(choice, "message");
        out.message.role = Role::Assistant;
        const json &content = memberAt(message, "content");
        if (content.is_string())
            out.message.content.push_back(ContentPart::fromText(QString::fromStdString(content.get<std::string>())));
        out.refusal = stringAt(message, "refusal");
        auto calls = decodeToolCalls(memberAt(message, "tool_calls"),
                                     QStringLiteral("choices[%1].message.tool_calls").arg(i));
        if (!calls)
            return std::unexpected(calls.error());
        out.message.toolCalls = std::move(*calls);
        readFinishReason(choice, out.finishReason, out.providerFinishReason);
        if (!out.refusal.isEmpty() && out.finishReason == FinishReason::Stop)
            out.finishReason = FinishReason::Refusal;
        response.choices.push_back(std::move(out));
    }
    if (const json &usage = memberAt(body, "usage"); usage.is_object())
        response.usage = decodeUsage(usage);
    if (const json &tier = memberAt(body, "service_tier"); !tier.is_null())
        response.extra["service_tier"] = tier;
    return response;
}

json encodeResponse(const ChatResponse &response)
{
    json body = response.extra.is_object() ? response.extra : json::object();
    body["id"] = toStd(response.id);
    body["object"] = "chat.completion";
    body["created"] = response.createdSeconds;
    body["model"] = toStd(response.model);
    json choices = json::array();
    for (const ChatChoice &choice : response.choices) {
        json message { { "role", "assistant" } };
        const QString text = choice.message.plainText();
        message["content"] = choice.message.content.empty() ? json(nullptr) : json(toStd(text));
        message["refusal"] = choice.refusal.isEmpty() ? json(nullptr) : json(toStd(choice.refusal));
        if (!choice.message.toolCalls.empty())
            message["tool_calls"] = encodeToolCalls(choice.message.toolCalls);
        choices.push_back({ { "index", choice.index },
                            { "message", message },
                            { "logprobs", nullptr },
                            { "finish_reason", finishReasonJson(choice.finishReason, choice.providerFinishReason) } });
    }
    body["choices"] = std::move(choices);
    if (response.usage)
        body["usage"] = encodeUsage(*response.usage);
    if (!response.systemFingerprint.isEmpty())
        body["system_fingerprint"] = toStd(response.systemFingerprint);
    return body;
}

Result<std::vector<StreamDelta>> decodeChunk(const json &chunk, ChunkHeader *header)
{
    if (!chunk.is_object())
        return wireError(QStringLiteral("chunk"), QStringLiteral("a stream chunk is not a JSON object"));
    if (header) {
        if (const QString id = stringAt(chunk, "id"); !id.isEmpty())
            header->id = id;
        if (const QString model = stringAt(chunk, "model"); !model.isEmpty())
            header->model = model;
        header->createdSeconds = integerAt(chunk, "created").value_or(header->createdSeconds);
    }
    std::vector<StreamDelta> deltas;
    const json &choices = memberAt(chunk, "choices");
    if (choices.is_array()) {
        for (const json &choice : choices) {
            StreamDelta delta;
            delta.choiceIndex = static_cast<int>(integerAt(choice, "index").value_or(0));
            const json &d = memberAt(choice, "delta");
            if (const QString role = stringAt(d, "role"); !role.isEmpty())
                delta.role = roleFromString(role);
            delta.text = stringAt(d, "content");
            delta.refusal = stringAt(d, "refusal");
            const json &calls = memberAt(d, "tool_calls");
            if (calls.is_array()) {
                for (const json &call : calls) {
                    const json &function = memberAt(call, "function");
                    delta.toolCalls.push_back({ static_cast<int>(integerAt(call, "index").value_or(0)),
                                                stringAt(call, "id"), stringAt(function, "name"),
                                                stringAt(function, "arguments") });
                }
            }
            readFinishReason(choice, delta.finishReason, delta.providerFinishReason);
            if (delta.carriesNoContent())
                continue; // a chunk with no delta (or an empty one) carries nothing
            deltas.push_back(std::move(delta));
        }
    }
    if (const json &usage = memberAt(chunk, "usage"); usage.is_object()) {
        StreamDelta usageDelta;
        usageDelta.usage = decodeUsage(usage);
        deltas.push_back(std::move(usageDelta));
    }
    return deltas;
}

json encodeChunk(const StreamDelta &delta, const ChunkHeader &header)
{
    json chunk { { "id", toStd(header.id) },
                 { "object", "chat.completion.chunk" },
                 { "created", header.createdSeconds },
                 { "model", toStd(header.model) } };
    if (delta.usage && delta.carriesNoContent()) {
        chunk["choices"] = json::array();
        chunk["usage"] = encodeUsage(*delta.usage);
        return chunk;
    }
    json d = json::object();
    if (delta.role)
        d["role"] = toStd(nameOf(*delta.role));
    if (!delta.text.isEmpty())
        d["content"] = toStd(delta.text);
    if (!delta.refusal.isEmpty())
        d["refusal"] = toStd(delta.refusal);
    if (!delta.toolCalls.empty()) {
        json calls = json::array();
        for (const auto &call : delta.toolCalls) {
            json out { { "index", call.index } };
            if (!call.id.isEmpty()) {
                out["id"] = toStd(call.id);
                out["type"] = "function";
            }
            json function = json::object();
            if (!call.name.isEmpty())
                function["name"] = toStd(call.name);
            function["arguments"] = toStd(call.argumentsDelta);
            out["function"] = std::move(function);
            calls.push_back(std::move(out));
        }
        d["tool_calls"] = std::move(calls);
    }
    chunk["choices"] = json::array({ { { "index", delta.choiceIndex },
                                       { "delta", d },
                                       { "logprobs", nullptr },
                                       { "finish_reason", finishReasonJson(delta.finishReason, delta.providerFinishReason) } } });
    if (delta.usage)
        chunk["usage"] = encodeUsage(*delta.usage);
    return chunk;
}

} // namespace switchboard::core::providers::openai
