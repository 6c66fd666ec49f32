#include "templatecheck.h"

#include <algorithm>
#include <iterator>

namespace switchboard::core::prompts {

namespace {

void resolve(const ScannedTemplate &scanned, int message, const PromptContent &declarations,
    std::vector<VariableOccurrence> &out)
{
    // One entry per open section: whether names inside it are fields of a Json item.
    std::vector<bool> fieldScopes;
    for (const TemplateTag &tag : scanned.tags) {
        if (tag.kind == TemplateTag::SectionEnd) {
            if (!fieldScopes.empty())
                fieldScopes.pop_back();
            continue;
        }
        if (!tag.isInterpolation() && !tag.opensSection())
            continue;

        const bool inFieldScope = std::ranges::find(fieldScopes, true) != fieldScopes.end();
        const QString root = tag.root();
        const PromptVariable *declared = declarations.variable(root);
        VariableOccurrence occurrence;
        occurrence.name = tag.name;
        if (root != u'.' && (declared || !inFieldScope))
            occurrence.variable = root;
        occurrence.kind = tag.kind;
        occurrence.message = message;
        occurrence.start = tag.start;
        occurrence.length = tag.length;
        occurrence.nameStart = tag.nameStart;
        occurrence.nameLength = tag.nameLength;
        occurrence.line = tag.line;
        occurrence.column = tag.column;

        if (tag.kind == TemplateTag::Section) {
            // Inside a section on a Json value (or on a field of one) Mustache looks names up
            // in the item first; inverted sections and sections on scalars push no fields.
            const bool onJson
                = declared && declared->type == VariableType::Json && occurrence.variable == root;
            const bool onField = inFieldScope && occurrence.variable.isEmpty();
            fieldScopes.push_back(onJson || onField);
        } else if (tag.kind == TemplateTag::InvertedSection) {
            fieldScopes.push_back(false);
        }
        out.push_back(std::move(occurrence));
    }
}

TemplateProblem variableProblem(TemplateProblem::Kind kind, TemplateProblem::Severity severity,
    const std::vector<VariableOccurrence> &occurrences, const QString &variable, QString text)
{
    TemplateProblem problem;
    problem.kind = kind;
    problem.severity = severity;
    problem.variable = variable;
    problem.text = std::move(text);
    const auto first = std::ranges::find(occurrences, variable, &VariableOccurrence::variable);
    if (first != occurrences.end()) {
        problem.message = first->message;
        problem.line = first->line;
        problem.column = first->column;
    }
    return problem;
}

} // namespace

std::vector<VariableOccurrence> variableOccurrences(const PromptContent &content)
{
    std::vector<VariableOccurrence> out;
    for (size_t i = 0; i < content.messages.size(); ++i)
        resolve(scanTemplate(content.messages[i].text, int(i)), int(i), content, out);
    return out;
}

std::vector<VariableOccurrence> variableOccurrences(
    const QString &text, int message, const PromptContent &declarations)
{
    std::vector<VariableOccurrence> out;
    resolve(scanTemplate(text, message), message, declarations, out);
    return out;
}

QStringList variablesUsed(const PromptContent &content)
{
    QStringList used;
    for (const VariableOccurrence &occurrence : variableOccurrences(content)) {
        if (!occurrence.variable.isEmpty() && !used.contains(occurrence.variable))
            used.append(occurrence.variable);
    }
    return used;
}

QString describeUses(const std::vector<VariableOccurrence> &occurrences, const QString &variable)
{
    QStringList positions;
    for (const VariableOccurrence &occurrence : occurrences) {
        if (occurrence.variable == variable)
            positions.append(
                describePosition(occurrence.message, occurrence.line, occurrence.column));
    }
    return positions.join(QStringLiteral("; "));
}

std::vector<TemplateProblem> lint(const PromptContent &content)
{
    std::vector<TemplateProblem> problems;
    for (size_t i = 0; i < content.messages.size(); ++i) {
        ScannedTemplate scanned = scanTemplate(content.messages[i].text, int(i));
        std::ranges::move(scanned.problems, std::back_inserter(problems));
    }

    const std::vector<VariableOccurrence> occurrences = variableOccurrences(content);
    const QStringList used = variablesUsed(content);
    for (const QString &name : used) {
        if (content.variable(name))
            continue;
        problems.push_back(variableProblem(TemplateProblem::UndefinedVariable,
            TemplateProblem::Error, occurrences, name,
            QString(QStringLiteral("variable \"") + name
                + QStringLiteral("\" is used but not declared (") + describeUses(occurrences, name)
                + QStringLiteral("); declare it, or correct the name"))));
    }
    for (const PromptVariable &variable : content.variables) {
        if (used.contains(variable.name))
            continue;
        problems.push_back(variableProblem(TemplateProblem::UnusedVariable,
            TemplateProblem::Warning, occurrences, variable.name,
            QString(QStringLiteral("variable \"") + variable.name
                + QStringLiteral("\" is declared but no message uses it; use it as {{")
                + variable.name + QStringLiteral("}}, or remove it"))));
    }
    return problems;
}

std::vector<TemplateProblem> validateForSave(const PromptContent &content)
{
    std::vector<TemplateProblem> errors;
    for (TemplateProblem &problem : lint(content)) {
        if (problem.severity == TemplateProblem::Error)
            errors.push_back(std::move(problem));
    }
    return errors;
}

} // namespace switchboard::core::prompts
