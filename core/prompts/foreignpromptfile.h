#pragma once

#include "prompts/promptfile.h"

#include <nlohmann/json.hpp>

// Readers of other tools' prompt files, used by readPromptFile. Each adds what it reads to
// `out` and every problem to `problems` as "path: what is wrong".
namespace switchboard::core::prompts::foreign {

// Langfuse: prompt objects ({name, version, type, prompt, config, labels, tags,
// commitMessage}), as a list, a single object, or the API's {"data": [...]} page.
bool looksLikeLangfuse(const nlohmann::json &root);
void readLangfuse(const nlohmann::json &root, const PromptFileOptions &options, PromptFileContents &out,
                  QStringList &problems);

// promptfoo: a chat array of {role, content}, or text prompts separated by lines of "---".
bool looksLikePromptfooChat(const nlohmann::json &root);
void readPromptfooChat(const nlohmann::json &root, const PromptFileOptions &options, PromptFileContents &out,
                       QStringList &problems);
void readPromptfooText(const QByteArray &bytes, const PromptFileOptions &options, PromptFileContents &out,
                       QStringList &problems);

// The {{name}} variables a template uses, in order of first use, declared as required strings.
std::vector<PromptVariable> declaredVariables(const std::vector<MessageTemplate> &messages);

} // namespace switchboard::core::prompts::foreign
