#pragma once

#include "evals/assertion.h"
#include "model/chatrequest.h"

namespace switchboard::core::evals {

// A model-graded rubric (llm-rubric): the judge is asked, through the executor like any call,
// whether an answer meets the rubric, and answers with structured output
// {"pass": bool, "score": 0..1, "reason": "..."}. The verdict and its reason are stored with
// the case. A judge that answers something else fails the assertion, saying so.

// The request to the judge: `model` is the alias or provider/model that grades; `question` is
// what the answer was to (the item's input, shortened), for context.
ChatRequest rubricRequest(const Assertion &rubric, const QString &answer, const QString &question, const QString &model);

// The assertion's result from the judge's answer (its text). Passes when the judge says pass
// and, if the assertion has a threshold, its score reaches it.
AssertionResult rubricVerdict(const Assertion &rubric, const QString &judgeAnswer);

} // namespace switchboard::core::evals
