#pragma once

#include "model/error.h"

#include <QString>
#include <nlohmann/json.hpp>

namespace switchboard::core::prompts {

// Renders one template with kainjow's Mustache engine, the way prompts are rendered:
// - nothing is HTML-escaped ({{x}}, {{{x}}} and {{&x}} all give the value as it is): a prompt
//   is plain text for a model, not HTML;
// - numbers print without trailing zeros (3, 2.5), booleans as true and false;
// - objects and arrays work as sections (arrays iterate, objects give a context) and print as
//   compact JSON when interpolated; null and "" are false in sections and print nothing.
// `values` is an object of name to value. Partials are never resolved. The text should have
// passed scanTemplate(); an error here means it did not.
Result<QString> renderMustache(const QString &text, const nlohmann::json &values);

} // namespace switchboard::core::prompts
