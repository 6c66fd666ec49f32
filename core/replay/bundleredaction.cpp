// Taking what was said out of a reproduction bundle, keeping its shape.
#include "replay/reprobundle.h"

namespace switchboard::core::replay {
namespace {

using nlohmann::json;

json masked(const json &value)
{
    if (!value.is_string())
        return value;
    const QString text = QString::fromStdString(value.get<std::string>());
    return QStringLiteral("[redacted: %1 characters]").arg(text.size()).toStdString();
}

// A message's content (a string, or parts whose text is masked), its tool calls' arguments.
void maskMessage(json &message)
{
    if (!message.is_object())
        return;
    if (auto content = message.find("content"); content != message.end()) {
        if (content->is_string()) {
            *content = masked(*content);
        } else if (content->is_array()) {
            for (json &part : *content) {
                if (part.is_object() && part.contains("text"))
                    part["text"] = masked(part["text"]);
                if (part.is_object() && part.contains("image_url"))
                    part["image_url"] = { { "url", "[redacted image]" } };
            }
        }
    }
    if (auto refusal = message.find("refusal"); refusal != message.end())
        *refusal = masked(*refusal);
    if (auto calls = message.find("tool_calls"); calls != message.end() && calls->is_array()) {
        for (json &call : *calls)
            if (call.is_object() && call.contains("function") && call["function"].is_object())
                call["function"]["arguments"] = masked(call["function"].value("arguments", json("")));
    }
}

QByteArray maskedPayload(const QByteArray &payload, const char *messagesKey)
{
    if (payload.isEmpty())
        return payload;
    json body = json::parse(payload.begin(), payload.end(), nullptr, false);
    if (!body.is_object()) // not JSON (a body the provider sent broken): nothing of it stays
        return QStringLiteral("[redacted: %1 bytes]").arg(payload.size()).toUtf8();
    if (std::string(messagesKey) == "messages") {
        if (body.contains("messages") && body["messages"].is_array())
            for (json &message : body["messages"])
                maskMessage(message);
    } else if (body.contains("choices") && body["choices"].is_array()) {
        for (json &choice : body["choices"])
            if (choice.is_object() && choice.contains("message"))
                maskMessage(choice["message"]);
    }
    return QByteArray::fromStdString(body.dump());
}

} // namespace

void redactConversations(ReproBundle &bundle)
{
    for (store::RecordedCall &call : bundle.calls) {
        if (call.redaction == QLatin1String("metadata"))
            continue;
        call.requestJson = maskedPayload(call.requestJson, "messages");
        call.responseJson = maskedPayload(call.responseJson, "choices");
        if (!call.variablesJson.isEmpty()) {
            json variables = json::parse(call.variablesJson.begin(), call.variablesJson.end(), nullptr, false);
            if (variables.is_object()) {
                for (auto &[name, value] : variables.items())
                    value = value.is_string() ? masked(value) : json("[redacted]");
                call.variablesJson = QByteArray::fromStdString(variables.dump());
            } else {
                call.variablesJson.clear();
            }
        }
        call.redaction = QStringLiteral("redacted");
    }
}

} // namespace switchboard::core::replay
