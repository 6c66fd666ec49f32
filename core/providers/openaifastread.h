#pragma once

#include "model/chatresponse.h"

#include <QByteArrayView>

#include <optional>

namespace switchboard::core::providers::openai {

// Reads the common shape of an OpenAI chat completion (text or refusal choices, usage, no
// tool calls) an order of magnitude faster than the full decoder, for the gateway's hot path.
// Anything else, malformed bodies included, gives nullopt: the caller then reads the body with
// decodeResponse(), which handles every shape and names what is wrong. Where it answers, the
// answer equals decodeResponse()'s.
std::optional<ChatResponse> readCommonResponse(QByteArrayView body);

} // namespace switchboard::core::providers::openai
