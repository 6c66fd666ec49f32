#pragma once

#include "prompts/promptcontent.h"
#include "prompts/worddiff.h"

#include <optional>
#include <vector>

namespace switchboard::core::prompts {

enum class ChangeKind { Same, Changed, Added, Removed };

// One message of either version, paired with its counterpart.
struct MessageDiff
{
    ChangeKind change = ChangeKind::Same;
    std::optional<Role> before; // absent when the message was added
    std::optional<Role> after;  // absent when it was removed
    std::vector<DiffPiece> pieces;
};

struct VariableDiff
{
    ChangeKind change = ChangeKind::Same;
    QString name;
    QString before; // "string, required, default \"x\"" — empty when absent
    QString after;
};

struct FieldChange
{
    QString field; // "model", "temperature", "response_format", ...
    QString before;
    QString after;
    bool changed = false;
};

// Two versions compared: messages paired (an inserted message is one addition, not a shift of
// all that follow), variables by name, the model configuration field by field.
struct PromptDiff
{
    std::vector<MessageDiff> messages;
    std::vector<VariableDiff> variables;
    std::vector<FieldChange> fields;

    bool identical() const;
    // "1 message changed, 1 variable added, temperature 0.7 → 0.2"
    QString summary() const;
};

PromptDiff diffVersions(const PromptContent &before, const PromptContent &after);

} // namespace switchboard::core::prompts
