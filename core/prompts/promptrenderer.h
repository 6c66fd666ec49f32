#pragma once

#include "model/chatrequest.h"
#include "model/error.h"
#include "prompts/promptcontent.h"
#include "prompts/templateproblem.h"

#include <QString>
#include <nlohmann/json.hpp>
#include <vector>

namespace switchboard::core::prompts {

// What a render found and used, for the editor's marks and for recording the call.
struct RenderReport
{
    // Every finding: errors (which fail the render) and warnings (unused variables).
    std::vector<TemplateProblem> problems;
    // The values the templates saw: those given plus the defaults of absent ones.
    nlohmann::json values = nlohmann::json::object();
    // ChatRequest has no field for the provider: a prompt that names provider and model
    // directly gets its model name in ChatRequest::model and its provider here (the same as
    // content.model.provider). Empty when the prompt uses an alias, whose pin decides it.
    QString provider;
};

// Renders a version's messages with `values` (an object of variable name to value) into a
// request: each message template gives one text message with its role, name and tool call id;
// the model is the alias, or the model name; sampling settings, stop, response format and
// tools are copied. Absent variables (a null value counts as absent) take their default. A
// required value missing with no default, a value for a variable the prompt does not declare,
// a value of the wrong type, a template syntax error or an undeclared variable fails the
// render with InvalidArgument, whose message lists every problem, one line each, naming the
// variable and where the templates use it; `report` gets the same problems as values.
Result<ChatRequest> render(
    const PromptContent &content, const nlohmann::json &values, RenderReport *report = nullptr);

} // namespace switchboard::core::prompts
