#pragma once

#include "prompts/promptcontent.h"
#include "prompts/templateproblem.h"
#include "prompts/templatescanner.h"

#include <QString>
#include <QStringList>
#include <vector>

namespace switchboard::core::prompts {

// Checks of a prompt's templates against its declared variables. A template is checked when
// it is saved (validateForSave), not first when it runs; the editor shows lint() as you type.

// One use of a name in a template: an interpolation or the opening of a section.
struct VariableOccurrence
{
    QString name; // as written: "customer", "order.id", "."
    QString variable; // the prompt variable it refers to ("order" of "order.id"); empty for "."
                      // and for a field of the item of a section opened on a Json variable
    TemplateTag::Kind kind = TemplateTag::Variable;
    int message = 0; // index into PromptContent::messages
    qsizetype start = 0; // the whole tag, in UTF-16 code units of the message text
    qsizetype length = 0;
    qsizetype nameStart = 0; // the name inside the tag
    qsizetype nameLength = 0;
    int line = 1; // of `start`, 1-based
    int column = 1;

    friend bool operator==(const VariableOccurrence &, const VariableOccurrence &) = default;
};

// Every use of a name in every message, in message and text order (for highlighting).
std::vector<VariableOccurrence> variableOccurrences(const PromptContent &content);
// The uses in one template text (a message being edited), resolved against the variables that
// `declarations` declares; `message` is the index stored in the results.
std::vector<VariableOccurrence> variableOccurrences(
    const QString &text, int message, const PromptContent &declarations);

// The prompt variables the templates use, declared or not, in order of first use.
QStringList variablesUsed(const PromptContent &content);

// Syntax errors, undefined variables (errors) and unused variables (warnings), in that order.
// Names inside a section opened on a Json variable are the item's fields and are not checked.
std::vector<TemplateProblem> lint(const PromptContent &content);

// The findings that block saving: the errors of lint().
std::vector<TemplateProblem> validateForSave(const PromptContent &content);

// "message 1, line 2, column 3; message 2, line 1, column 1" for the uses of a variable.
QString describeUses(const std::vector<VariableOccurrence> &occurrences, const QString &variable);

} // namespace switchboard::core::prompts
