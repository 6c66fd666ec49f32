#pragma once

#include "store/recordedcall.h"

#include <QString>

namespace switchboard::ui {

// The call's conversation as chat bubbles: each message of the request by role (system and
// developer set apart, the user's on the right), tool calls and results, then the answer.
// Redacted or unreadable payloads say so instead.
QString conversationHtml(const core::store::RecordedCall &call);

} // namespace switchboard::ui
