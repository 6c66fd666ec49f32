#pragma once

#include "model/error.h"

#include <QString>

#include <nlohmann/json.hpp>

#include <algorithm>
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

inline bool boolAt(const nlohmann::json &object, const char *key)
{
    const nlohmann::json &value = memberAt(object, key);
    return value.is_boolean() && value.get<bool>();
}

// The members of a wire object that a codec has no canonical place for, kept so that a
// request to the same wire format passes them on unchanged.
template<std::size_t N>
nlohmann::json unknownMembers(const nlohmann::json &object, const char *const (&known)[N])
{
    nlohmann::json extra = nlohmann::json::object();
    for (const auto &[key, value] : object.items()) {
        if (std::ranges::find(known, key) == std::end(known))
            extra[key] = value;
    }
    return extra;
}

// A malformed wire object, named by its path: "messages[2].role: unknown role 'bot'; ...".
inline std::unexpected<Error> wireError(const QString &path, const QString &problem)
{
    return fail(ErrorCode::InvalidArgument, QStringLiteral("%1: %2").arg(path, problem));
}

inline std::string toStd(const QString &text)
{
    return text.toStdString();
}

} // namespace switchboard::core::providers
