#pragma once

#include "model/chatresponse.h"
#include "providers/providerfailure.h"

#include <optional>

namespace switchboard::core::guard {

// What is wrong with a complete answer that arrived without an error: filtered, refused, cut
// at the token limit, empty, or not the JSON the request asked for. The caller still gets
// the answer; the request log records why it is not a good one. (Validation against the
// request's JSON schema joins this check with the guardrails.)
std::optional<providers::ProviderFailure> checkOutput(const ChatRequest &request, const ChatResponse &response);

} // namespace switchboard::core::guard
