#pragma once

#include <QString>
#include <QStringList>

#include <nlohmann/json.hpp>

#include <optional>
#include <vector>

namespace switchboard::core {

// The canonical request: what every entry point (gateway ingress in either wire format, the
// playground, replay, evals) turns a call into, and what every provider adapter translates
// out of. Plain values, copied freely across threads.

enum class Role { System, Developer, User, Assistant, Tool };

QString nameOf(Role role);
std::optional<Role> roleFromString(QStringView name);

struct ContentPart
{
    enum class Kind { Text, ImageUrl };

    Kind kind = Kind::Text;
    QString text;
    QString imageUrl;    // an https URL or a data: URL (data:image/png;base64,...)
    QString imageDetail; // OpenAI's "low", "high", "auto"; empty when not given

    static ContentPart fromText(QString text);

    friend bool operator==(const ContentPart &, const ContentPart &) = default;
};

struct ToolCall
{
    QString id;
    QString name;
    QString argumentsJson; // as the model produced it: not always valid JSON

    friend bool operator==(const ToolCall &, const ToolCall &) = default;
};

struct ChatMessage
{
    Role role = Role::User;
    std::vector<ContentPart> content;
    std::vector<ToolCall> toolCalls; // assistant messages
    QString toolCallId;              // tool messages: the call this answers
    QString name;                    // optional participant name
    // OpenAI accepts content as a plain string or as an array of parts; remember which, so
    // that a request passes through unchanged.
    bool contentAsParts = false;

    static ChatMessage text(Role role, QString text);
    // The text parts joined, for display and token estimates.
    QString plainText() const;

    friend bool operator==(const ChatMessage &, const ChatMessage &) = default;
};

struct ToolDefinition
{
    QString name;
    QString description;
    nlohmann::json parameters = nlohmann::json::object(); // a JSON schema

    friend bool operator==(const ToolDefinition &, const ToolDefinition &) = default;
};

struct ResponseFormat
{
    enum class Kind { Text, JsonObject, JsonSchema };

    Kind kind = Kind::Text;
    QString schemaName;
    nlohmann::json schema; // with Kind::JsonSchema
    bool strict = false;

    friend bool operator==(const ResponseFormat &, const ResponseFormat &) = default;
};

struct ChatRequest
{
    QString model; // as the caller asked: an alias or a provider's model name
    std::vector<ChatMessage> messages;
    std::vector<ToolDefinition> tools;
    nlohmann::json toolChoice; // null when not given; otherwise as in the OpenAI format
    std::optional<double> temperature;
    std::optional<double> topP;
    std::optional<qint64> maxOutputTokens;
    QStringList stop;
    std::optional<qint64> seed;
    ResponseFormat responseFormat;
    bool stream = false;
    // Fields of the caller's wire format that have no canonical place, kept so that a call
    // to the same wire format passes them on unchanged.
    nlohmann::json extra = nlohmann::json::object();

    friend bool operator==(const ChatRequest &, const ChatRequest &) = default;
};

} // namespace switchboard::core
