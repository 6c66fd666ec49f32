#pragma once

#include <QString>

namespace switchboard::core::prompts {

// One finding about a prompt's templates or the values given to render them. Positions point
// at the opening "{{" of the tag concerned so that the editor can mark it; `text` is the whole
// sentence shown to the user (it names the positions again, 1-based, for lists and errors).
struct TemplateProblem
{
    enum Kind
    {
        Syntax,
        UndefinedVariable,
        UnusedVariable,
        MissingValue,
        UnknownValue,
        WrongType
    };
    enum Severity
    {
        Error,
        Warning
    };

    Kind kind = Syntax;
    Severity severity = Error;
    int message = -1; // index into PromptContent::messages; -1 when not tied to a message
    int line = 0; // 1-based; 0 when not tied to a message
    int column = 0; // 1-based, in UTF-16 code units as the editor counts them
    QString variable; // the variable (or section) concerned; empty for some syntax errors
    QString text;

    friend bool operator==(const TemplateProblem &, const TemplateProblem &) = default;
};

} // namespace switchboard::core::prompts
