#include "guard/jsonschema.h"

#include <QRegularExpression>

namespace switchboard::core::guard {
namespace {

using nlohmann::json;

constexpr int kMaxDepth = 64; // a $ref that loops ends here

QString typeOf(const json &value)
{
    switch (value.type()) {
    case json::value_t::null: return QStringLiteral("null");
    case json::value_t::boolean: return QStringLiteral("boolean");
    case json::value_t::number_integer:
    case json::value_t::number_unsigned: return QStringLiteral("integer");
    case json::value_t::number_float: return QStringLiteral("number");
    case json::value_t::string: return QStringLiteral("string");
    case json::value_t::array: return QStringLiteral("array");
    case json::value_t::object: return QStringLiteral("object");
    default: return QStringLiteral("unknown");
    }
}

bool hasType(const json &value, const std::string &type)
{
    const QString actual = typeOf(value);
    if (type == "number")
        return value.is_number();
    if (type == "integer")
        return value.is_number_integer() || (value.is_number_float() && value.get<double>() == double(qint64(value.get<double>())));
    return actual == QString::fromStdString(type);
}

QString shown(const json &value)
{
    const QString text = QString::fromStdString(value.dump());
    return text.size() > 40 ? text.left(37) + QStringLiteral("...") : text;
}

class Checker
{
public:
    explicit Checker(const json &root) : m_root(root) { }

    std::optional<QString> check(const json &value, const json &schema, const QString &at, int depth) const
    {
        if (depth > kMaxDepth)
            return at + QStringLiteral(": the schema refers to itself too deeply");
        if (schema.is_boolean())
            return schema.get<bool>() ? std::nullopt : std::optional(at + QStringLiteral(": no value is allowed here"));
        if (!schema.is_object())
            return std::nullopt;
        if (schema.contains("$ref")) {
            const json *target = resolve(schema["$ref"]);
            if (!target)
                return at + QStringLiteral(": the schema's $ref %1 cannot be followed").arg(shown(schema["$ref"]));
            if (auto violation = check(value, *target, at, depth + 1))
                return violation;
        }
        if (auto violation = checkType(value, schema, at))
            return violation;
        if (schema.contains("enum") && schema["enum"].is_array()
            && std::find(schema["enum"].begin(), schema["enum"].end(), value) == schema["enum"].end())
            return at + QStringLiteral(": %1 is not one of %2").arg(shown(value), shown(schema["enum"]));
        if (schema.contains("const") && schema["const"] != value)
            return at + QStringLiteral(": %1 is not %2").arg(shown(value), shown(schema["const"]));
        if (auto violation = checkNumber(value, schema, at))
            return violation;
        if (auto violation = checkString(value, schema, at))
            return violation;
        if (auto violation = checkArray(value, schema, at, depth))
            return violation;
        if (auto violation = checkObject(value, schema, at, depth))
            return violation;
        return checkCombinations(value, schema, at, depth);
    }

private:
    const json *resolve(const json &reference) const
    {
        if (!reference.is_string())
            return nullptr;
        const std::string ref = reference.get<std::string>();
        if (ref == "#")
            return &m_root;
        if (ref.rfind("#/", 0) != 0)
            return nullptr;
        try {
            const json::json_pointer pointer(ref.substr(1));
            return m_root.contains(pointer) ? &m_root.at(pointer) : nullptr;
        } catch (const json::exception &) {
            return nullptr;
        }
    }

    static std::optional<QString> checkType(const json &value, const json &schema, const QString &at)
    {
        if (!schema.contains("type"))
            return std::nullopt;
        const json &type = schema["type"];
        QStringList allowed;
        for (const json &t : type.is_array() ? type : json::array({ type })) {
            if (!t.is_string())
                continue;
            if (hasType(value, t.get<std::string>()))
                return std::nullopt;
            allowed << QString::fromStdString(t.get<std::string>());
        }
        if (allowed.isEmpty())
            return std::nullopt;
        return at + QStringLiteral(": %1 where the schema wants %2").arg(typeOf(value), allowed.join(QStringLiteral(" or ")));
    }

    static std::optional<QString> checkNumber(const json &value, const json &schema, const QString &at)
    {
        if (!value.is_number())
            return std::nullopt;
        const double n = value.get<double>();
        const auto bound = [&](const char *key) -> std::optional<double> {
            return schema.contains(key) && schema[key].is_number() ? std::optional(schema[key].get<double>()) : std::nullopt;
        };
        if (const auto min = bound("minimum"); min && n < *min)
            return at + QStringLiteral(": %1 is below the minimum %2").arg(shown(value)).arg(*min);
        if (const auto max = bound("maximum"); max && n > *max)
            return at + QStringLiteral(": %1 is above the maximum %2").arg(shown(value)).arg(*max);
        if (const auto min = bound("exclusiveMinimum"); min && n <= *min)
            return at + QStringLiteral(": %1 is not above %2").arg(shown(value)).arg(*min);
        if (const auto max = bound("exclusiveMaximum"); max && n >= *max)
            return at + QStringLiteral(": %1 is not below %2").arg(shown(value)).arg(*max);
        return std::nullopt;
    }

    static std::optional<QString> checkString(const json &value, const json &schema, const QString &at)
    {
        if (!value.is_string())
            return std::nullopt;
        const QString text = QString::fromStdString(value.get<std::string>());
        const qsizetype length = text.toUcs4().size();
        if (schema.contains("minLength") && schema["minLength"].is_number() && length < schema["minLength"].get<qint64>())
            return at + QStringLiteral(": %1 characters, fewer than %2").arg(length).arg(schema["minLength"].get<qint64>());
        if (schema.contains("maxLength") && schema["maxLength"].is_number() && length > schema["maxLength"].get<qint64>())
            return at + QStringLiteral(": %1 characters, more than %2").arg(length).arg(schema["maxLength"].get<qint64>());
        if (schema.contains("pattern") && schema["pattern"].is_string()) {
            const QRegularExpression pattern(QString::fromStdString(schema["pattern"].get<std::string>()));
            if (pattern.isValid() && !pattern.match(text).hasMatch())
                return at + QStringLiteral(": %1 does not match /%2/").arg(shown(value), pattern.pattern());
        }
        return std::nullopt;
    }

    std::optional<QString> checkArray(const json &value, const json &schema, const QString &at, int depth) const
    {
        if (!value.is_array())
            return std::nullopt;
        const auto size = qint64(value.size());
        if (schema.contains("minItems") && schema["minItems"].is_number() && size < schema["minItems"].get<qint64>())
            return at + QStringLiteral(": %1 items, fewer than %2").arg(size).arg(schema["minItems"].get<qint64>());
        if (schema.contains("maxItems") && schema["maxItems"].is_number() && size > schema["maxItems"].get<qint64>())
            return at + QStringLiteral(": %1 items, more than %2").arg(size).arg(schema["maxItems"].get<qint64>());
        if (schema.contains("items") && (schema["items"].is_object() || schema["items"].is_boolean())) {
            for (std::size_t i = 0; i < value.size(); ++i) {
                if (auto violation = check(value[i], schema["items"], at + QStringLiteral("[%1]").arg(i), depth + 1))
                    return violation;
            }
        }
        return std::nullopt;
    }

    std::optional<QString> checkObject(const json &value, const json &schema, const QString &at, int depth) const
    {
        if (!value.is_object())
            return std::nullopt;
        if (schema.contains("required") && schema["required"].is_array()) {
            for (const json &name : schema["required"]) {
                if (name.is_string() && !value.contains(name.get<std::string>()))
                    return at + QStringLiteral(": \"%1\" is required and missing").arg(QString::fromStdString(name.get<std::string>()));
            }
        }
        const json properties = schema.value("properties", json::object());
        for (const auto &[key, item] : value.items()) {
            const QString where = at + u'.' + QString::fromStdString(key);
            if (properties.is_object() && properties.contains(key)) {
                if (auto violation = check(item, properties[key], where, depth + 1))
                    return violation;
            } else if (schema.contains("additionalProperties")) {
                const json &additional = schema["additionalProperties"];
                if (additional.is_boolean() && !additional.get<bool>())
                    return at + QStringLiteral(": \"%1\" is not a property the schema allows").arg(QString::fromStdString(key));
                if (auto violation = check(item, additional, where, depth + 1))
                    return violation;
            }
        }
        return std::nullopt;
    }

    std::optional<QString> checkCombinations(const json &value, const json &schema, const QString &at, int depth) const
    {
        if (schema.contains("allOf") && schema["allOf"].is_array()) {
            for (const json &part : schema["allOf"]) {
                if (auto violation = check(value, part, at, depth + 1))
                    return violation;
            }
        }
        for (const char *key : { "anyOf", "oneOf" }) {
            if (!schema.contains(key) || !schema[key].is_array())
                continue;
            int matching = 0;
            std::optional<QString> first;
            for (const json &part : schema[key]) {
                auto violation = check(value, part, at, depth + 1);
                if (!violation)
                    ++matching;
                else if (!first)
                    first = violation;
            }
            if (matching == 0)
                return at + QStringLiteral(": matches none of the %1 choices (the first: %2)").arg(QString::fromLatin1(key), first.value_or(QString()));
            if (std::string_view(key) == "oneOf" && matching > 1)
                return at + QStringLiteral(": matches %1 of the oneOf choices, where exactly one must").arg(matching);
        }
        return std::nullopt;
    }

    const json &m_root;
};

} // namespace

std::optional<QString> schemaViolation(const json &value, const json &schema)
{
    return Checker(schema).check(value, schema, QStringLiteral("$"), 0);
}

} // namespace switchboard::core::guard
