#pragma once

#include "model/chatresponse.h"
#include "model/error.h"

#include <nlohmann/json.hpp>

#include <vector>

namespace switchboard::core::providers::openai {

// The OpenAI chat completions wire format (POST /v1/chat/completions), both directions:
// the gateway reads requests and writes responses in it; the OpenAI and OpenAI-compatible
// adapters write requests and read responses. Fields with no canonical place travel in
// ChatRequest::extra / ChatResponse::extra.

Result<ChatRequest> decodeRequest(const nlohmann::json &body);
// With stream set, asks for usage in the last chunk (stream_options.include_usage).
nlohmann::json encodeRequest(const ChatRequest &request);

Result<ChatResponse> decodeResponse(const nlohmann::json &body);
nlohmann::json encodeResponse(const ChatResponse &response);

// One "data:" chunk of a stream. A chunk may carry several choices, only usage (the last
// one, with choices: []), or nothing canonical at all (Azure's first chunk with
// prompt_filter_results): the result is then empty.
struct ChunkHeader
{
    QString id;
    QString model;
    qint64 createdSeconds = 0;
};
Result<std::vector<StreamDelta>> decodeChunk(const nlohmann::json &chunk,
                                             ChunkHeader *header = nullptr);
nlohmann::json encodeChunk(const StreamDelta &delta, const ChunkHeader &header);

} // namespace switchboard::core::providers::openai
