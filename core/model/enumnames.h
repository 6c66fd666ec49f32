#pragma once

#include <QString>

#include <array>
#include <optional>
#include <utility>

namespace switchboard::core {

// A fixed table of (enumerator, stored name) pairs, for enums whose names are stored or sent
// on the wire and must never change.
template<typename Enum, std::size_t N>
using EnumNames = std::array<std::pair<Enum, const char *>, N>;

template<typename Enum, std::size_t N>
QString enumName(const EnumNames<Enum, N> &table, Enum value)
{
    for (const auto &[candidate, name] : table) {
        if (candidate == value)
            return QString::fromLatin1(name);
    }
    return {};
}

template<typename Enum, std::size_t N>
std::optional<Enum> enumValue(const EnumNames<Enum, N> &table, QStringView name)
{
    for (const auto &[candidate, stored] : table) {
        if (name == QLatin1String(stored))
            return candidate;
    }
    return std::nullopt;
}

} // namespace switchboard::core
