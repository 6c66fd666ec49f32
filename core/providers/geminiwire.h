#pragma once

#include "model/chatresponse.h"
#include "model/error.h"

#include <nlohmann/json.hpp>

#include <vector>

namespace switchboard::core::providers::gemini {

// Google's Gemini API (models/{model}:generateContent and :streamGenerateContent?alt=sse),
// as the adapter speaks it: requests out, responses and stream chunks in. Gemini has no
// tool call ids; calls read from it get ids "call_<n>", and a tool result finds its
// function's name through the call it answers.

nlohmann::json encodeRequest(const ChatRequest &request);

Result<ChatResponse> decodeResponse(const nlohmann::json &body);

// One streamed chunk: a partial GenerateContentResponse. toolCallsSoFar numbers the calls
// across chunks; pass the same counter for every chunk of one stream.
Result<std::vector<StreamDelta>> decodeChunk(const nlohmann::json &chunk, int &toolCallsSoFar);

} // namespace switchboard::core::providers::gemini
