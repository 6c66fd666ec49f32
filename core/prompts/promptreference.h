#pragma once

#include "model/chatrequest.h"
#include "model/error.h"

#include <QString>

#include <nlohmann/json.hpp>

namespace switchboard::core::store {
class Connection;
}

namespace switchboard::core::prompts {

struct Prompt;
struct PromptVersion;

// How callers name a prompt: "support/answer" (its production version), "support/answer@staging"
// (a label), "support/answer@3" or "@v3" (a version), "support/answer@latest" (the newest).
struct PromptReference
{
    QString name;
    QString label;    // empty when a version is named
    qint64 version = 0;

    static Result<PromptReference> parse(QStringView text);
    QString toString() const;

    friend bool operator==(const PromptReference &, const PromptReference &) = default;
};

// A reference rendered into the request the executor runs, with the version it resolved to.
struct RenderedPrompt
{
    ChatRequest request;
    QString name;
    qint64 version = 0;
    QString provider; // when the version names a provider and model rather than an alias
};

// The version a reference names: NotFound, saying what there is, when there is none.
Result<const PromptVersion *> resolveVersion(const Prompt &prompt, const PromptReference &reference);
Result<qint64> resolveVersion(store::Connection &connection, const PromptReference &reference);

// Resolves the reference in the workspace and renders that version with `values`. Errors say
// which part failed: no such prompt, label or version (NotFound), or every problem with the
// values (InvalidArgument, by variable name and position).
Result<RenderedPrompt> renderReference(store::Connection &connection, const PromptReference &reference,
                                       const nlohmann::json &values);
// The same with the prompt at hand (the gateway keeps its prompts in memory).
Result<RenderedPrompt> renderReference(const Prompt &prompt, const PromptReference &reference, const nlohmann::json &values);

} // namespace switchboard::core::prompts
