#pragma once

#include "prompts/templateproblem.h"

#include <QString>
#include <vector>

namespace switchboard::core::prompts {

// One Mustache tag of a template, with where it is. Offsets are in UTF-16 code units of the
// template text.
struct TemplateTag
{
    enum Kind
    {
        Variable, // {{x}}
        Unescaped, // {{{x}}} or {{&x}}: the same for prompts, which are never escaped
        Section, // {{#x}}
        InvertedSection, // {{^x}}
        SectionEnd, // {{/x}}
        Comment, // {{! ...}}
        Partial, // {{> x}}: not supported
        SetDelimiter, // {{=<% %>=}}: not supported
    };

    Kind kind = Variable;
    qsizetype start = 0; // the opening "{{"
    qsizetype length = 0;
    qsizetype nameStart = 0;
    qsizetype nameLength = 0;
    QString name; // trimmed, as Mustache reads it
    int line = 1; // of `start`, 1-based
    int column = 1;

    // The prompt variable a name refers to: the part before the first dot ("a" of "a.b").
    QString root() const;
    bool isInterpolation() const { return kind == Variable || kind == Unescaped; }
    bool opensSection() const { return kind == Section || kind == InvertedSection; }

    friend bool operator==(const TemplateTag &, const TemplateTag &) = default;
};

struct ScannedTemplate
{
    std::vector<TemplateTag> tags; // in text order, comments included
    std::vector<TemplateProblem> problems; // syntax errors only
};

// Reads the tags of one message template the way kainjow's Mustache parser does, but keeps
// going after an error where it can so that every syntax error is reported at once.
// `message` is the index stored in the problems.
ScannedTemplate scanTemplate(const QString &text, int message);

// "message 2, line 1, column 7": how problems name a position (message counted from 1).
QString describePosition(int message, int line, int column);

} // namespace switchboard::core::prompts
