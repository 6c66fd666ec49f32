#pragma once

#include "model/chatrequest.h"

#include <QString>
#include <QStringView>

#include <vector>

namespace switchboard::core::prompts {

// How many tokens a text is, and whether that is the model's own count. Other vendors'
// tokenizers are not shipped, so their counts are o200k_base estimates, shown as such.
struct TokenCount
{
    qint64 tokens = 0;
    bool estimate = true;
    QString encoding; // empty when estimated without a tokenizer

    friend bool operator==(const TokenCount &, const TokenCount &) = default;
};

// The tiktoken encoding of an OpenAI model ("o200k_base", "cl100k_base"), by name and dated
// snapshot; empty when the model is unknown or uses an encoding that is not shipped.
// "openai_compatible" providers qualify only for names OpenAI itself publishes.
QString encodingForModel(QStringView providerKind, QStringView model);

TokenCount countTokens(QStringView providerKind, QStringView model, QStringView text);

// The prompt tokens of a chat, counted as OpenAI's cookbook does: 3 per message, the role,
// the content, the name and 1 more when there is one, and 3 that prime the reply. Tool calls
// and images are outside that recipe: they make the count an estimate.
TokenCount countChatTokens(QStringView providerKind, QStringView model,
                           const std::vector<ChatMessage> &messages);

} // namespace switchboard::core::prompts
