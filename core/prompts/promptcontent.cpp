#include "promptcontent.h"

#include "model/enumnames.h"
#include "prompts/jsonfields.h"

#include <QCryptographicHash>
#include <QRegularExpression>

#include <array>

namespace switchboard::core::prompts {

using nlohmann::json;

namespace {

constexpr EnumNames<VariableType, 5> kVariableTypes { { { VariableType::String, "string" },
                                                       { VariableType::Number, "number" },
                                                       { VariableType::Boolean, "boolean" },
                                                       { VariableType::Enum, "enum" },
                                                       { VariableType::Json, "json" } } };

std::string toStd(const QString &text)
{
    return text.toStdString();
}

QString toQt(const json &value)
{
    return value.is_string() ? QString::fromStdString(value.get_ref<const std::string &>()) : QString();
}

json stringList(const QStringList &list)
{
    json out = json::array();
    for (const QString &item : list)
        out.push_back(toStd(item));
    return out;
}

json encodeResponseFormat(const ResponseFormat &format)
{
    switch (format.kind) {
    case ResponseFormat::Kind::Text: return nullptr;
    case ResponseFormat::Kind::JsonObject: return { { "type", "json_object" } };
    case ResponseFormat::Kind::JsonSchema:
        return { { "type", "json_schema" },
                 { "json_schema",
                   { { "name", toStd(format.schemaName) }, { "schema", format.schema }, { "strict", format.strict } } } };
    }
    return nullptr;
}


ResponseFormat readResponseFormat(const json &value, const QString &path, QStringList &problems)
{
    ResponseFormat out;
    JsonFields format(value, path, problems);
    const QString type = format.string("type", true);
    if (type.isEmpty() || type == QLatin1String("text"))
        return out;
    if (type == QLatin1String("json_object")) {
        out.kind = ResponseFormat::Kind::JsonObject;
        return out;
    }
    if (type != QLatin1String("json_schema")) {
        format.note(JsonFields::join(path, "type"),
                       QStringLiteral("unknown type \"%1\"; use text, json_object or json_schema").arg(type));
        return out;
    }
    out.kind = ResponseFormat::Kind::JsonSchema;
    const json *schemaValue = format.member("json_schema");
    if (!schemaValue) {
        format.note(JsonFields::join(path, "json_schema"), QStringLiteral("missing; a json_schema response format needs one"));
        return out;
    }
    JsonFields schema(*schemaValue, JsonFields::join(path, "json_schema"), problems);
    out.schemaName = schema.string("name", true);
    out.strict = schema.boolean("strict").value_or(false);
    if (const json *body = schema.member("schema"); body && body->is_object())
        out.schema = *body;
    else
        schema.note(JsonFields::join(JsonFields::join(path, "json_schema"), "schema"), QStringLiteral("expected a JSON schema object"));
    return out;
}

ToolDefinition readTool(const json &value, const QString &path, QStringList &problems)
{
    ToolDefinition out;
    JsonFields tool(value, path, problems);
    const QString type = tool.string("type");
    if (!type.isEmpty() && type != QLatin1String("function"))
        tool.note(JsonFields::join(path, "type"), QStringLiteral("only function tools are supported"));
    const json *function = tool.member("function");
    if (!function) {
        tool.note(JsonFields::join(path, "function"), QStringLiteral("missing; a tool needs a function with a name"));
        return out;
    }
    JsonFields body(*function, JsonFields::join(path, "function"), problems);
    out.name = body.string("name", true);
    out.description = body.string("description");
    if (const json *parameters = body.member("parameters"))
        out.parameters = *parameters;
    return out;
}

ModelConfig readModel(const json &value, const QString &path, QStringList &problems)
{
    ModelConfig out;
    JsonFields model(value, path, problems);
    out.alias = model.string("alias");
    out.provider = model.string("provider");
    out.model = model.string("model");
    if (!out.alias.isEmpty() && !out.model.isEmpty())
        model.note(path, QStringLiteral("names both an alias and a model; keep one"));
    if (!out.provider.isEmpty() && out.model.isEmpty())
        model.note(JsonFields::join(path, "model"), QStringLiteral("missing; a provider needs a model name"));
    out.temperature = model.number("temperature");
    out.topP = model.number("top_p");
    out.maxOutputTokens = model.integer("max_output_tokens");
    out.seed = model.integer("seed");
    out.stop = model.strings("stop");
    if (const json *format = model.member("response_format"))
        out.responseFormat = readResponseFormat(*format, JsonFields::join(path, "response_format"), problems);
    model.array("tools", [&](const json &item, const QString &itemPath) { out.tools.push_back(readTool(item, itemPath, problems)); });
    if (out.temperature && (*out.temperature < 0 || *out.temperature > 2))
        model.note(JsonFields::join(path, "temperature"), QStringLiteral("must be between 0 and 2"));
    if (out.topP && (*out.topP <= 0 || *out.topP > 1))
        model.note(JsonFields::join(path, "top_p"), QStringLiteral("must be above 0 and at most 1"));
    if (out.maxOutputTokens && *out.maxOutputTokens <= 0)
        model.note(JsonFields::join(path, "max_output_tokens"), QStringLiteral("must be a positive number"));
    return out;
}

bool valueHasType(const json &value, const PromptVariable &variable)
{
    switch (variable.type) {
    case VariableType::String: return value.is_string();
    case VariableType::Number: return value.is_number();
    case VariableType::Boolean: return value.is_boolean();
    case VariableType::Enum: return value.is_string() && variable.choices.contains(toQt(value));
    case VariableType::Json: return true;
    }
    return false;
}

PromptVariable readVariable(const json &value, const QString &path, QStringList &problems)
{
    PromptVariable out;
    JsonFields variable(value, path, problems);
    out.name = variable.string("name", true);
    const QString type = variable.string("type");
    if (!type.isEmpty()) {
        if (auto known = variableTypeFromString(type))
            out.type = *known;
        else
            variable.note(JsonFields::join(path, "type"),
                             QStringLiteral("unknown type \"%1\"; use string, number, boolean, enum or json").arg(type));
    }
    out.required = variable.boolean("required").value_or(true);
    out.choices = variable.strings("values");
    out.description = variable.string("description");
    if (const json *defaultValue = variable.member("default"))
        out.defaultValue = *defaultValue;
    if (out.type == VariableType::Enum && out.choices.isEmpty())
        variable.note(JsonFields::join(path, "values"), QStringLiteral("an enum variable needs its allowed values"));
    if (!out.defaultValue.is_null() && !valueHasType(out.defaultValue, out))
        variable.note(JsonFields::join(path, "default"), QStringLiteral("does not have the variable's type (%1)").arg(nameOf(out.type)));
    static const QRegularExpression identifier(QStringLiteral("^[A-Za-z_][A-Za-z0-9_.-]*$"));
    if (!out.name.isEmpty() && !identifier.match(out.name).hasMatch())
        variable.note(JsonFields::join(path, "name"),
                         QStringLiteral("\"%1\" is not a variable name; use letters, digits, _ . and -, starting with a letter").arg(out.name));
    return out;
}

MessageTemplate readMessage(const json &value, const QString &path, QStringList &problems)
{
    MessageTemplate out;
    JsonFields message(value, path, problems);
    const QString role = message.string("role", true);
    if (!role.isEmpty()) {
        if (auto known = roleFromString(role))
            out.role = *known;
        else
            message.note(JsonFields::join(path, "role"),
                            QStringLiteral("unknown role \"%1\"; use system, developer, user, assistant or tool").arg(role));
    }
    out.text = message.string("template", true);
    out.name = message.string("name");
    out.toolCallId = message.string("tool_call_id");
    if (out.role == Role::Tool && out.toolCallId.isEmpty() && message.ok())
        message.note(JsonFields::join(path, "tool_call_id"), QStringLiteral("missing; a tool message answers a tool call"));
    return out;
}

} // namespace

QString nameOf(VariableType type)
{
    return enumName(kVariableTypes, type);
}

std::optional<VariableType> variableTypeFromString(QStringView name)
{
    return enumValue(kVariableTypes, name);
}

QString ModelConfig::target() const
{
    if (!alias.isEmpty())
        return alias;
    if (provider.isEmpty())
        return model;
    return provider + u'/' + model;
}

const PromptVariable *PromptContent::variable(QStringView name) const
{
    for (const PromptVariable &candidate : variables)
        if (candidate.name == name)
            return &candidate;
    return nullptr;
}

json toJson(const ModelConfig &model)
{
    json out = json::object();
    if (!model.alias.isEmpty())
        out["alias"] = toStd(model.alias);
    if (!model.provider.isEmpty())
        out["provider"] = toStd(model.provider);
    if (!model.model.isEmpty())
        out["model"] = toStd(model.model);
    if (model.temperature)
        out["temperature"] = *model.temperature;
    if (model.topP)
        out["top_p"] = *model.topP;
    if (model.maxOutputTokens)
        out["max_output_tokens"] = *model.maxOutputTokens;
    if (model.seed)
        out["seed"] = *model.seed;
    if (!model.stop.isEmpty())
        out["stop"] = stringList(model.stop);
    if (json format = encodeResponseFormat(model.responseFormat); !format.is_null())
        out["response_format"] = std::move(format);
    if (!model.tools.empty()) {
        json tools = json::array();
        for (const ToolDefinition &tool : model.tools) {
            json function { { "name", toStd(tool.name) }, { "parameters", tool.parameters } };
            if (!tool.description.isEmpty())
                function["description"] = toStd(tool.description);
            tools.push_back({ { "type", "function" }, { "function", function } });
        }
        out["tools"] = std::move(tools);
    }
    return out;
}

json toJson(const PromptContent &content)
{
    json messages = json::array();
    for (const MessageTemplate &message : content.messages) {
        json out { { "role", toStd(core::nameOf(message.role)) }, { "template", toStd(message.text) } };
        if (!message.name.isEmpty())
            out["name"] = toStd(message.name);
        if (!message.toolCallId.isEmpty())
            out["tool_call_id"] = toStd(message.toolCallId);
        messages.push_back(std::move(out));
    }
    json variables = json::array();
    for (const PromptVariable &variable : content.variables) {
        json out { { "name", toStd(variable.name) }, { "type", toStd(nameOf(variable.type)) }, { "required", variable.required } };
        if (!variable.defaultValue.is_null())
            out["default"] = variable.defaultValue;
        if (!variable.choices.isEmpty())
            out["values"] = stringList(variable.choices);
        if (!variable.description.isEmpty())
            out["description"] = toStd(variable.description);
        variables.push_back(std::move(out));
    }
    return { { "messages", std::move(messages) }, { "variables", std::move(variables) }, { "model", toJson(content.model) } };
}

std::optional<PromptContent> contentFromJson(const json &value, const QString &path, QStringList &problems)
{
    const qsizetype before = problems.size();
    PromptContent out;
    JsonFields content(value, path, problems);
    content.array("messages", [&](const json &item, const QString &itemPath) {
        out.messages.push_back(readMessage(item, itemPath, problems));
    });
    if (content.ok() && out.messages.empty() && problems.size() == before)
        content.note(JsonFields::join(path, "messages"), QStringLiteral("a prompt needs at least one message"));
    content.array("variables", [&](const json &item, const QString &itemPath) {
        PromptVariable variable = readVariable(item, itemPath, problems);
        if (!variable.name.isEmpty() && out.variable(variable.name))
            problems.push_back(JsonFields::join(itemPath, "name") + QStringLiteral(": \"%1\" is declared twice").arg(variable.name));
        out.variables.push_back(std::move(variable));
    });
    if (const json *model = content.member("model"))
        out.model = readModel(*model, JsonFields::join(path, "model"), problems);
    if (problems.size() != before)
        return std::nullopt;
    return out;
}

Result<PromptContent> contentFromJson(const json &value)
{
    QStringList problems;
    auto content = contentFromJson(value, QString(), problems);
    if (!content)
        return fail(ErrorCode::InvalidArgument, problems.join(QLatin1Char('\n')));
    return std::move(*content);
}

json valueFromText(const QString &text, VariableType type)
{
    if (text.isEmpty())
        return nullptr;
    if (type == VariableType::String || type == VariableType::Enum)
        return text.toStdString();
    json parsed = json::parse(text.toStdString(), nullptr, false);
    return parsed.is_discarded() ? json(text.toStdString()) : parsed;
}

QString textOfValue(const json &value)
{
    if (value.is_null())
        return {};
    return value.is_string() ? toQt(value) : QString::fromStdString(value.dump());
}

QString contentHash(const PromptContent &content)
{
    const std::string canonical = toJson(content).dump();
    return QString::fromLatin1(
        QCryptographicHash::hash(QByteArrayView(canonical.data(), qsizetype(canonical.size())), QCryptographicHash::Sha256).toHex());
}

} // namespace switchboard::core::prompts
