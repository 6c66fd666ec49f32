#pragma once

#include <QString>

#include <nlohmann/json.hpp>

#include <optional>

namespace switchboard::core::guard {

// Checks a JSON value against a JSON Schema (draft 2020-12), for the keywords structured
// outputs use: type (one or a list), enum, const, properties, required,
// additionalProperties (false or a schema), items, minItems, maxItems, minLength, maxLength,
// pattern, minimum, maximum, exclusiveMinimum, exclusiveMaximum, anyOf, oneOf, allOf and
// local $ref ("#/$defs/..." or "#/definitions/..."). Other keywords are not judged.
// Returns the first violation, where and what ("$.items[2].qty: 0 is below the minimum 1"),
// or nothing when the value conforms.
std::optional<QString> schemaViolation(const nlohmann::json &value, const nlohmann::json &schema);

} // namespace switchboard::core::guard
