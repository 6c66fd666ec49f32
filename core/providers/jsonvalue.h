#pragma once

#include <QString>

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace switchboard::core::providers {

// Reading wire JSON without exceptions: absent, null or mistyped values read as empty.

inline QString stringAt(const nlohmann::json &object, const char *key)
{
    if (!object.is_object())
        return {};
    const auto it = object.find(key);
    if (it == object.end() || !it->is_string())
        return {};
    return QString::fromStdString(it->get_ref<const std::string &>());
}

inline std::optional<qint64> integerAt(const nlohmann::json &object, const char *key)
{
    if (!object.is_object())
        return std::nullopt;
    const auto it = object.find(key);
    if (it == object.end() || !it->is_number_integer())
        return std::nullopt;
    return it->get<qint64>();
}

inline std::optional<double> numberAt(const nlohmann::json &object, const char *key)
{
    if (!object.is_object())
        return std::nullopt;
    const auto it = object.find(key);
    if (it == object.end() || !it->is_number())
        return std::nullopt;
    return it->get<double>();
}

inline const nlohmann::json &memberAt(const nlohmann::json &object, const char *key)
{
    static const nlohmann::json null;
    if (!object.is_object())
        return null;
    const auto it = object.find(key);
    return it == object.end() ? null : *it;
}

inline std::string toStd(const QString &text)
{
    return text.toStdString();
}

} // namespace switchboard::core::providers
