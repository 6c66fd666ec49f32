#pragma once

#include "model/chatrequest.h"
#include "model/error.h"

#include <QString>
#include <QStringList>

#include <nlohmann/json.hpp>

#include <optional>
#include <vector>

namespace switchboard::core::prompts {

// What one version of a prompt holds, as plain values: the message templates, the variables
// they take, and the model configuration. A version is immutable once saved; its content
// hash (of the canonical JSON below) is how identical content is recognised.

enum class VariableType { String, Number, Boolean, Enum, Json };

QString nameOf(VariableType type);
std::optional<VariableType> variableTypeFromString(QStringView name);

struct PromptVariable
{
    QString name;
    VariableType type = VariableType::String;
    bool required = true;
    nlohmann::json defaultValue; // null when there is none
    QStringList choices;         // VariableType::Enum
    QString description;

    friend bool operator==(const PromptVariable &, const PromptVariable &) = default;
};

struct MessageTemplate
{
    Role role = Role::User;
    QString text;       // Mustache
    QString name;       // optional participant name
    QString toolCallId; // tool messages: the call this answers

    friend bool operator==(const MessageTemplate &, const MessageTemplate &) = default;
};

// Either a pinned alias (what production should use: the pin decides the snapshot) or a
// provider and model named directly.
struct ModelConfig
{
    QString alias;
    QString provider;
    QString model;
    std::optional<double> temperature;
    std::optional<double> topP;
    std::optional<qint64> maxOutputTokens;
    std::optional<qint64> seed;
    QStringList stop;
    ResponseFormat responseFormat;
    std::vector<ToolDefinition> tools;

    // The alias, or provider/model: what the prompt list and the diff show.
    QString target() const;

    friend bool operator==(const ModelConfig &, const ModelConfig &) = default;
};

struct PromptContent
{
    std::vector<MessageTemplate> messages;
    std::vector<PromptVariable> variables;
    ModelConfig model;

    const PromptVariable *variable(QStringView name) const;

    friend bool operator==(const PromptContent &, const PromptContent &) = default;
};

// The canonical JSON of a version's content (what the store keeps in content_json and what
// export writes): keys sorted, absent values left out, so equal content gives equal text.
nlohmann::json toJson(const PromptContent &content);
nlohmann::json toJson(const ModelConfig &model);
// Reads content written by toJson (or by hand, or by another tool's export converted to this
// shape). Every problem is added to `problems` as "path: what is wrong"; the result is empty
// when there was any.
std::optional<PromptContent> contentFromJson(const nlohmann::json &json, const QString &path,
                                             QStringList &problems);
Result<PromptContent> contentFromJson(const nlohmann::json &json);

// A value typed into a form, read as a variable of `type` takes it: strings and enum choices as
// they are, other types as JSON. Text that does not parse stays a string, so that rendering
// names the variable and says what is wrong instead of the value being dropped. Empty: null.
nlohmann::json valueFromText(const QString &text, VariableType type);
// The other way: strings as they are, other values as compact JSON, null as empty.
QString textOfValue(const nlohmann::json &value);

// Lower-case hex SHA-256 of the canonical JSON.
QString contentHash(const PromptContent &content);

} // namespace switchboard::core::prompts
