#include "providers/anthropicwire.h"

#include "providers/jsonvalue.h"

#include <QRegularExpression>

namespace switchboard::core::providers::anthropic {
namespace {

using nlohmann::json;

// The Messages API requires max_tokens; this is what a request that names none gets.
constexpr qint64 kDefaultMaxTokens = 4096;

const char *const kKnownRequestFields[] = {
    "model", "max_tokens", "system", "messages", "tools", "tool_choice", "temperature",
    "top_p", "stop_sequences", "stream",
};

QString textOf(const json &value)
{
    return value.is_string() ? QString::fromStdString(value.get<std::string>()) : QString();
}

// --- finish reasons and usage ------------------------------------------------------------

std::optional<FinishReason> finishFromStopReason(const QString &reason)
{
    if (reason.isEmpty())
        return std::nullopt;
    if (reason == QLatin1String("end_turn") || reason == QLatin1String("stop_sequence"))
        return FinishReason::Stop;
    if (reason == QLatin1String("max_tokens"))
        return FinishReason::Length;
    if (reason == QLatin1String("tool_use"))
        return FinishReason::ToolCalls;
    if (reason == QLatin1String("refusal"))
        return FinishReason::Refusal;
    return FinishReason::Other;
}

json stopReasonJson(const std::optional<FinishReason> &reason, const QString &raw)
{
    if (!reason)
        return nullptr;
    if (!raw.isEmpty() && finishFromStopReason(raw) == reason)
        return toStd(raw);
    switch (*reason) {
    case FinishReason::Stop: return "end_turn";
    case FinishReason::Length: return "max_tokens";
    case FinishReason::ToolCalls: return "tool_use";
    case FinishReason::ContentFilter:
    case FinishReason::Refusal: return "refusal";
    case FinishReason::Other: return "end_turn";
    }
    return "end_turn";
}

void readUsage(const json &usage, Usage &out)
{
    const qint64 cacheRead = integerAt(usage, "cache_read_input_tokens").value_or(0);
    const qint64 cacheWrite = integerAt(usage, "cache_creation_input_tokens").value_or(0);
    if (auto input = integerAt(usage, "input_tokens"))
        out.inputTokens = *input + cacheRead + cacheWrite;
    if (cacheRead || cacheWrite) {
        out.cachedInputTokens = cacheRead;
        out.cacheWriteTokens = cacheWrite;
    }
    if (auto output = integerAt(usage, "output_tokens"))
        out.outputTokens = *output;
}

json usageJson(const Usage &usage)
{
    json out { { "input_tokens", usage.inputTokens - usage.cachedInputTokens - usage.cacheWriteTokens },
               { "output_tokens", usage.outputTokens } };
    if (usage.cachedInputTokens || usage.cacheWriteTokens) {
        out["cache_read_input_tokens"] = usage.cachedInputTokens;
        out["cache_creation_input_tokens"] = usage.cacheWriteTokens;
    }
    return out;
}

// --- content blocks ----------------------------------------------------------------------

Result<ContentPart> imageFromBlock(const json &block, const QString &path)
{
    const json &source = memberAt(block, "source");
    const QString type = stringAt(source, "type");
    ContentPart part;
    part.kind = ContentPart::Kind::ImageUrl;
    if (type == QLatin1String("base64"))
        part.imageUrl = QStringLiteral("data:%1;base64,%2")
                            .arg(stringAt(source, "media_type"), stringAt(source, "data"));
    else if (type == QLatin1String("url"))
        part.imageUrl = stringAt(source, "url");
    else
        return wireError(path + QLatin1String(".source.type"),
                       QStringLiteral("use base64 or url, not '%1'").arg(type));
    return part;
}

json imageBlock(const ContentPart &part)
{
    static const QRegularExpression dataUrl(QStringLiteral("^data:([^;,]+);base64,(.*)$"),
                                            QRegularExpression::DotMatchesEverythingOption);
    const auto match = dataUrl.match(part.imageUrl);
    if (match.hasMatch())
        return { { "type", "image" },
                 { "source",
                   { { "type", "base64" },
                     { "media_type", toStd(match.captured(1)) },
                     { "data", toStd(match.captured(2)) } } } };
    return { { "type", "image" }, { "source", { { "type", "url" }, { "url", toStd(part.imageUrl) } } } };
}

QString toolResultText(const json &content)
{
    if (content.is_string())
        return textOf(content);
    QString text;
    if (content.is_array())
        for (const json &block : content)
            if (stringAt(block, "type") == QLatin1String("text"))
                text += stringAt(block, "text");
    return text;
}

json parsedArguments(const QString &argumentsJson)
{
    json input = json::parse(toStd(argumentsJson), nullptr, false);
    return input.is_object() ? input : json::object();
}

// One Anthropic message may become several canonical ones: tool results first (as tool
// messages), then the rest.
Result<void> decodeMessage(const json &message, const QString &path, std::vector<ChatMessage> &out)
{
    const QString roleName = stringAt(message, "role");
    if (roleName != QLatin1String("user") && roleName != QLatin1String("assistant"))
        return wireError(path + QLatin1String(".role"),
                       QStringLiteral("unknown role '%1'; use user or assistant (the system prompt "
                                      "goes in the top-level system field)")
                           .arg(roleName));
    ChatMessage main;
    main.role = roleName == QLatin1String("user") ? Role::User : Role::Assistant;
    const json &content = memberAt(message, "content");
    if (content.is_string()) {
        main.content.push_back(ContentPart::fromText(textOf(content)));
        out.push_back(std::move(main));
        return {};
    }
    if (!content.is_array())
        return wireError(path + QLatin1String(".content"),
                       QStringLiteral("content must be a string or an array of blocks"));
    main.contentAsParts = true;
    for (std::size_t i = 0; i < content.size(); ++i) {
        const json &block = content[i];
        const QString blockPath = QStringLiteral("%1.content[%2]").arg(path).arg(i);
        const QString type = stringAt(block, "type");
        if (type == QLatin1String("text")) {
            main.content.push_back(ContentPart::fromText(stringAt(block, "text")));
        } else if (type == QLatin1String("image")) {
            auto image = imageFromBlock(block, blockPath);
            if (!image)
                return std::unexpected(image.error());
            main.content.push_back(std::move(*image));
        } else if (type == QLatin1String("tool_use")) {
            main.toolCalls.push_back({ stringAt(block, "id"), stringAt(block, "name"),
                                       QString::fromStdString(memberAt(block, "input").dump()) });
        } else if (type == QLatin1String("tool_result")) {
            ChatMessage result;
            result.role = Role::Tool;
            result.toolCallId = stringAt(block, "tool_use_id");
            result.content.push_back(ContentPart::fromText(toolResultText(memberAt(block, "content"))));
            out.push_back(std::move(result));
        } else if (type == QLatin1String("thinking") || type == QLatin1String("redacted_thinking")) {
            continue; // earlier reasoning carries no instruction for another model
        } else {
            return wireError(blockPath, QStringLiteral("unsupported content block type '%1'; use text, "
                                                     "image, tool_use or tool_result")
                                          .arg(type));
        }
    }
    if (!main.content.empty() || !main.toolCalls.empty())
        out.push_back(std::move(main));
    return {};
}

json contentBlocks(const ChatMessage &message)
{
    json blocks = json::array();
    for (const ContentPart &part : message.content) {
        if (part.kind == ContentPart::Kind::Text)
            blocks.push_back({ { "type", "text" }, { "text", toStd(part.text) } });
        else
            blocks.push_back(imageBlock(part));
    }
    for (const ToolCall &call : message.toolCalls)
        blocks.push_back({ { "type", "tool_use" },
                           { "id", toStd(call.id) },
                           { "name", toStd(call.name) },
                           { "input", parsedArguments(call.argumentsJson) } });
    return blocks;
}

json toolChoiceJson(const json &openAiChoice)
{
    if (openAiChoice.is_string()) {
        const std::string choice = openAiChoice.get<std::string>();
        if (choice == "required")
            return { { "type", "any" } };
        return { { "type", choice } }; // auto, none
    }
    const std::string name = memberAt(memberAt(openAiChoice, "function"), "name").is_string()
        ? memberAt(memberAt(openAiChoice, "function"), "name").get<std::string>()
        : std::string();
    return { { "type", "tool" }, { "name", name } };
}

json toolChoiceFromAnthropic(const json &choice)
{
    const QString type = stringAt(choice, "type");
    if (type == QLatin1String("any"))
        return "required";
    if (type == QLatin1String("tool"))
        return { { "type", "function" }, { "function", { { "name", toStd(stringAt(choice, "name")) } } } };
    if (type.isEmpty())
        return nullptr;
    return toStd(type);
}

json event(const char *type, json body)
{
    body["type"] = type;
    return body;
}

SseEvent sse(const json &body)
{
    return SseEvent { QByteArray::fromStdString(body.at("type").get<std::string>()),
                      QByteArray::fromStdString(body.dump()), {} };
}

} // namespace

// --- requests ----------------------------------------------------------------------------

Result<ChatRequest> decodeRequest(const json &body)
{
    if (!body.is_object())
        return wireError(QStringLiteral("body"), QStringLiteral("the request body must be a JSON object"));
    ChatRequest request;
    request.model = stringAt(body, "model");
    if (request.model.isEmpty())
        return wireError(QStringLiteral("model"), QStringLiteral("name the model or alias to call"));
    request.maxOutputTokens = integerAt(body, "max_tokens");
    if (!request.maxOutputTokens)
        return wireError(QStringLiteral("max_tokens"),
                       QStringLiteral("the Messages API requires max_tokens; add it to the request"));
    const json &system = memberAt(body, "system");
    if (system.is_string() || system.is_array()) {
        const QString text = system.is_string() ? textOf(system) : toolResultText(system);
        request.messages.push_back(ChatMessage::text(Role::System, text));
    }
    const json &messages = memberAt(body, "messages");
    if (!messages.is_array() || messages.empty())
        return wireError(QStringLiteral("messages"), QStringLiteral("give at least one message"));
    for (std::size_t i = 0; i < messages.size(); ++i) {
        auto decoded = decodeMessage(messages[i], QStringLiteral("messages[%1]").arg(i), request.messages);
        if (!decoded)
            return std::unexpected(decoded.error());
    }
    const json &tools = memberAt(body, "tools");
    if (tools.is_array()) {
        for (std::size_t i = 0; i < tools.size(); ++i) {
            ToolDefinition tool { stringAt(tools[i], "name"), stringAt(tools[i], "description"),
                                  memberAt(tools[i], "input_schema") };
            if (tool.name.isEmpty())
                return wireError(QStringLiteral("tools[%1].name").arg(i), QStringLiteral("every tool needs a name"));
            if (tool.parameters.is_null())
                tool.parameters = json::object();
            request.tools.push_back(std::move(tool));
        }
    }
    request.toolChoice = toolChoiceFromAnthropic(memberAt(body, "tool_choice"));
    request.temperature = numberAt(body, "temperature");
    request.topP = numberAt(body, "top_p");
    for (const json &stop : memberAt(body, "stop_sequences"))
        if (stop.is_string())
            request.stop.append(textOf(stop));
    request.stream = boolAt(body, "stream");
    request.extra = unknownMembers(body, kKnownRequestFields);
    return request;
}

json encodeRequest(const ChatRequest &request)
{
    json body = request.extra.is_object() ? request.extra : json::object();
    body["model"] = toStd(request.model);
    body["max_tokens"] = request.maxOutputTokens.value_or(kDefaultMaxTokens);
    QStringList system;
    json messages = json::array();
    for (const ChatMessage &message : request.messages) {
        if (message.role == Role::System || message.role == Role::Developer) {
            system.append(message.plainText());
            continue;
        }
        if (message.role == Role::Tool) {
            json result { { "type", "tool_result" },
                          { "tool_use_id", toStd(message.toolCallId) },
                          { "content", toStd(message.plainText()) } };
            // Consecutive tool results travel in one user message, as the API expects.
            if (!messages.empty() && messages.back()["role"] == "user" && messages.back()["content"].is_array()
                && !messages.back()["content"].empty()
                && messages.back()["content"].back()["type"] == "tool_result")
                messages.back()["content"].push_back(std::move(result));
            else
                messages.push_back({ { "role", "user" }, { "content", json::array({ result }) } });
            continue;
        }
        const char *role = message.role == Role::Assistant ? "assistant" : "user";
        const bool plain = !message.contentAsParts && message.toolCalls.empty() && message.content.size() == 1
            && message.content.front().kind == ContentPart::Kind::Text;
        messages.push_back({ { "role", role },
                             { "content", plain ? json(toStd(message.content.front().text)) : contentBlocks(message) } });
    }
    if (!system.isEmpty())
        body["system"] = toStd(system.join(QStringLiteral("\n\n")));
    body["messages"] = std::move(messages);
    if (!request.tools.empty()) {
        json tools = json::array();
        for (const ToolDefinition &tool : request.tools) {
            json out { { "name", toStd(tool.name) }, { "input_schema", tool.parameters } };
            if (!tool.description.isEmpty())
                out["description"] = toStd(tool.description);
            tools.push_back(std::move(out));
        }
        body["tools"] = std::move(tools);
    }
    if (!request.toolChoice.is_null())
        body["tool_choice"] = toolChoiceJson(request.toolChoice);
    if (request.temperature)
        body["temperature"] = *request.temperature;
    if (request.topP)
        body["top_p"] = *request.topP;
    if (!request.stop.isEmpty()) {
        json stops = json::array();
        for (const QString &stop : request.stop)
            stops.push_back(toStd(stop));
        body["stop_sequences"] = std::move(stops);
    }
    if (request.stream)
        body["stream"] = true;
    return body;
}

// --- responses ---------------------------------------------------------------------------

Result<ChatResponse> decodeResponse(const json &body)
{
    if (!body.is_object() || stringAt(body, "type") != QLatin1String("message"))
        return wireError(QStringLiteral("body"), QStringLiteral("the response is not a Messages API message"));
    ChatResponse response;
    response.id = stringAt(body, "id");
    response.model = stringAt(body, "model");
    ChatChoice choice;
    choice.message.role = Role::Assistant;
    for (const json &block : memberAt(body, "content")) {
        const QString type = stringAt(block, "type");
        if (type == QLatin1String("text"))
            choice.message.content.push_back(ContentPart::fromText(stringAt(block, "text")));
        else if (type == QLatin1String("tool_use"))
            choice.message.toolCalls.push_back({ stringAt(block, "id"), stringAt(block, "name"),
                                                 QString::fromStdString(memberAt(block, "input").dump()) });
    }
    choice.providerFinishReason = stringAt(body, "stop_reason");
    choice.finishReason = finishFromStopReason(choice.providerFinishReason);
    response.choices.push_back(std::move(choice));
    if (const json &usage = memberAt(body, "usage"); usage.is_object()) {
        Usage out;
        readUsage(usage, out);
        response.usage = out;
    }
    return response;
}

json encodeResponse(const ChatResponse &response)
{
    json content = json::array();
    json stopReason = nullptr;
    if (!response.choices.empty()) {
        const ChatChoice &choice = response.choices.front();
        content = contentBlocks(choice.message);
        if (!choice.refusal.isEmpty())
            content.push_back({ { "type", "text" }, { "text", toStd(choice.refusal) } });
        stopReason = stopReasonJson(choice.finishReason, choice.providerFinishReason);
    }
    return { { "id", toStd(response.id) },
             { "type", "message" },
             { "role", "assistant" },
             { "model", toStd(response.model) },
             { "content", content },
             { "stop_reason", stopReason },
             { "stop_sequence", nullptr },
             { "usage", usageJson(response.usage.value_or(Usage {})) } };
}

// --- streams -----------------------------------------------------------------------------

Result<StreamDecoder::Step> StreamDecoder::decode(const SseEvent &sseEvent)
{
    const json body = json::parse(sseEvent.data.toStdString(), nullptr, false);
    if (body.is_discarded() || !body.is_object())
        return fail(ErrorCode::ProviderError,
                    QStringLiteral("The provider sent a stream event that is not JSON: %1")
                        .arg(QString::fromUtf8(sseEvent.data.left(120))));
    QString type = stringAt(body, "type");
    if (type.isEmpty())
        type = QString::fromUtf8(sseEvent.event);

    Step step;
    if (type == QLatin1String("message_start")) {
        const json &message = memberAt(body, "message");
        m_id = stringAt(message, "id");
        m_model = stringAt(message, "model");
        readUsage(memberAt(message, "usage"), m_usage);
        StreamDelta delta;
        delta.role = Role::Assistant;
        step.deltas.push_back(std::move(delta));
    } else if (type == QLatin1String("content_block_start")) {
        const int block = static_cast<int>(integerAt(body, "index").value_or(0));
        const json &content = memberAt(body, "content_block");
        if (stringAt(content, "type") == QLatin1String("tool_use")) {
            const int toolIndex = static_cast<int>(m_toolIndexByBlock.size());
            m_toolIndexByBlock[block] = toolIndex;
            StreamDelta delta;
            delta.toolCalls.push_back({ toolIndex, stringAt(content, "id"), stringAt(content, "name"), {} });
            step.deltas.push_back(std::move(delta));
        } else if (const QString text = stringAt(content, "text"); !text.isEmpty()) {
            StreamDelta delta;
            delta.text = text;
            step.deltas.push_back(std::move(delta));
        }
    } else if (type == QLatin1String("content_block_delta")) {
        const json &d = memberAt(body, "delta");
        const QString kind = stringAt(d, "type");
        StreamDelta delta;
        if (kind == QLatin1String("text_delta")) {
            delta.text = stringAt(d, "text");
        } else if (kind == QLatin1String("input_json_delta")) {
            const int block = static_cast<int>(integerAt(body, "index").value_or(0));
            const auto tool = m_toolIndexByBlock.find(block);
            if (tool == m_toolIndexByBlock.end())
                return fail(ErrorCode::ProviderError,
                            QStringLiteral("The provider sent tool input for block %1, which "
                                           "never started.")
                                .arg(block));
            delta.toolCalls.push_back({ tool->second, {}, {}, stringAt(d, "partial_json") });
        }
        if (!delta.carriesNoContent())
            step.deltas.push_back(std::move(delta));
    } else if (type == QLatin1String("message_delta")) {
        readUsage(memberAt(body, "usage"), m_usage);
        StreamDelta delta;
        delta.providerFinishReason = stringAt(memberAt(body, "delta"), "stop_reason");
        delta.finishReason = finishFromStopReason(delta.providerFinishReason);
        delta.usage = m_usage;
        step.deltas.push_back(std::move(delta));
    } else if (type == QLatin1String("message_stop")) {
        step.finished = true;
    } else if (type == QLatin1String("error")) {
        const json &error = memberAt(body, "error");
        m_errorType = stringAt(error, "type");
        return fail(ErrorCode::ProviderError,
                    QStringLiteral("%1: %2").arg(m_errorType, stringAt(error, "message")));
    }
    // ping, content_block_stop and event types added later carry nothing canonical.
    return step;
}

StreamEncoder::StreamEncoder(QString messageId, QString model)
    : m_id(std::move(messageId))
    , m_model(std::move(model))
{
}

void StreamEncoder::openMessage(std::vector<SseEvent> &out)
{
    if (m_started)
        return;
    m_started = true;
    out.push_back(sse(event("message_start",
                            { { "message",
                                { { "id", toStd(m_id) },
                                  { "type", "message" },
                                  { "role", "assistant" },
                                  { "model", toStd(m_model) },
                                  { "content", json::array() },
                                  { "stop_reason", nullptr },
                                  { "stop_sequence", nullptr },
                                  { "usage", { { "input_tokens", 0 }, { "output_tokens", 0 } } } } } })));
}

void StreamEncoder::closeBlock(std::vector<SseEvent> &out)
{
    if (m_openBlock < 0)
        return;
    out.push_back(sse(event("content_block_stop", { { "index", m_openBlock } })));
    m_openBlock = -1;
}

std::vector<SseEvent> StreamEncoder::encode(const StreamDelta &delta)
{
    std::vector<SseEvent> out;
    openMessage(out);
    if (!delta.text.isEmpty() || !delta.refusal.isEmpty()) {
        if (m_openBlock < 0 || !m_openBlockIsText) {
            closeBlock(out);
            m_openBlock = m_nextBlock++;
            m_openBlockIsText = true;
            out.push_back(sse(event("content_block_start",
                                    { { "index", m_openBlock },
                                      { "content_block", { { "type", "text" }, { "text", "" } } } })));
        }
        out.push_back(sse(event("content_block_delta",
                                { { "index", m_openBlock },
                                  { "delta", { { "type", "text_delta" },
                                               { "text", toStd(delta.text + delta.refusal) } } } })));
    }
    for (const auto &call : delta.toolCalls) {
        auto block = m_blockByToolIndex.find(call.index);
        if (block == m_blockByToolIndex.end()) {
            closeBlock(out);
            m_openBlock = m_nextBlock++;
            m_openBlockIsText = false;
            block = m_blockByToolIndex.emplace(call.index, m_openBlock).first;
            out.push_back(sse(event("content_block_start",
                                    { { "index", m_openBlock },
                                      { "content_block",
                                        { { "type", "tool_use" },
                                          { "id", toStd(call.id) },
                                          { "name", toStd(call.name) },
                                          { "input", json::object() } } } })));
        }
        if (!call.argumentsDelta.isEmpty())
            out.push_back(sse(event("content_block_delta",
                                    { { "index", block->second },
                                      { "delta", { { "type", "input_json_delta" },
                                                   { "partial_json", toStd(call.argumentsDelta) } } } })));
    }
    if (delta.finishReason) {
        m_finishReason = delta.finishReason;
        m_providerFinishReason = delta.providerFinishReason;
    }
    return out;
}

std::vector<SseEvent> StreamEncoder::finish(const std::optional<Usage> &usage)
{
    std::vector<SseEvent> out;
    openMessage(out);
    closeBlock(out);
    out.push_back(sse(event("message_delta",
                            { { "delta", { { "stop_reason", stopReasonJson(m_finishReason.value_or(FinishReason::Stop),
                                                                           m_providerFinishReason) },
                                           { "stop_sequence", nullptr } } },
                              { "usage", usageJson(usage.value_or(Usage {})) } })));
    out.push_back(sse(event("message_stop", json::object())));
    return out;
}

} // namespace switchboard::core::providers::anthropic
