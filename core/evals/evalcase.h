#pragma once

#include "evals/assertion.h"
#include "evals/dataset.h"
#include "model/chatrequest.h"
#include "model/error.h"

#include <vector>

namespace switchboard::core::prompts {
struct PromptContent;
}

namespace switchboard::core::evals {

// The request one dataset item makes of the prompt version under test: its variables rendered
// into the version, or its messages sent as they are with the version's settings (temperature,
// output cap, response format, tools). `model` is what the run calls. Fails, saying which
// variable is wrong, for an item the version cannot render.
Result<ChatRequest> caseRequest(const prompts::PromptContent &version, const DatasetItem &item, const QString &model);

// What the answer was to, for a rubric's judge: the last user message, or the variables.
QString questionOf(const ChatRequest &request);

// An item's assertions, parsed; fails naming the first bad one.
Result<std::vector<Assertion>> assertionsOf(const DatasetItem &item);

} // namespace switchboard::core::evals
