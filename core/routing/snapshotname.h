#pragma once

#include <QString>

namespace switchboard::core::routing {

// Whether a provider's model name names one dated snapshot ("gpt-4o-2024-08-06",
// "claude-3-5-sonnet-20241022", "gpt-4-0613", "gemini-1.5-pro-002") or a floating name that
// the provider may point at another model tomorrow ("gpt-4o", "claude-3-5-sonnet-latest").
// A pin to a floating name changes under its users without anyone repinning it.
bool isFloatingModelName(const QString &model);

} // namespace switchboard::core::routing
