#include "promptrenderer.h"

#include "prompts/mustachetext.h"
#include "prompts/templatecheck.h"

#include <algorithm>
#include <iterator>
#include <optional>

namespace switchboard::core::prompts {

using nlohmann::json;

namespace {

QString quoted(const QString &name)
{
    return QString(u'"' + name + u'"');
}

QString fromStd(const std::string &text)
{
    return QString::fromStdString(text);
}

QString typeArticle(VariableType type)
{
    switch (type) {
    case VariableType::String:
        return QStringLiteral("a string");
    case VariableType::Number:
        return QStringLiteral("a number");
    case VariableType::Boolean:
        return QStringLiteral("true or false");
    case VariableType::Enum:
        return QStringLiteral("one of its choices");
    case VariableType::Json:
        return QStringLiteral("JSON");
    }
    return {};
}

QString describeValue(const json &value)
{
    if (value.is_string()) {
        // Long text is cut: the message names the value, it does not repeat a whole document.
        constexpr qsizetype kShown = 40;
        const QString text = fromStd(value.get_ref<const std::string &>());
        return QString(QStringLiteral("the string ")
            + quoted(text.size() > kShown ? QString(text.left(kShown) + u'\u2026') : text));
    }
    if (value.is_number())
        return QString(QStringLiteral("the number ") + fromStd(value.dump()));
    if (value.is_boolean())
        return fromStd(value.dump());
    if (value.is_null())
        return QStringLiteral("null");
    return QString(QStringLiteral("an ") + fromStd(value.type_name()));
}

// Why `value` does not fit `variable`, or nothing when it does.
std::optional<QString> typeMismatch(const PromptVariable &variable, const json &value)
{
    bool fits = false;
    switch (variable.type) {
    case VariableType::String:
        fits = value.is_string();
        break;
    case VariableType::Number:
        fits = value.is_number();
        break;
    case VariableType::Boolean:
        fits = value.is_boolean();
        break;
    case VariableType::Json:
        fits = !value.is_null();
        break;
    case VariableType::Enum:
        fits = value.is_string()
            && variable.choices.contains(fromStd(value.get_ref<const std::string &>()));
        break;
    }
    if (fits)
        return std::nullopt;
    if (variable.type == VariableType::Enum) {
        QStringList choices;
        for (const QString &choice : variable.choices)
            choices.append(quoted(choice));
        return QString(QStringLiteral("must be one of ") + choices.join(QStringLiteral(", "))
            + QStringLiteral(", got ") + describeValue(value));
    }
    return QString(QStringLiteral("must be ") + typeArticle(variable.type)
        + QStringLiteral(", got ") + describeValue(value));
}

class ValueCheck final
{
    Q_DISABLE_COPY_MOVE(ValueCheck)

public:
    explicit ValueCheck(const PromptContent &content)
        : m_content(content)
        , m_occurrences(variableOccurrences(content))
    {
    }

    // The values the templates get; problems for everything wrong with `given`.
    json resolve(const json &given)
    {
        json resolved = json::object();
        for (const PromptVariable &variable : m_content.variables) {
            const std::string key = variable.name.toStdString();
            const auto it = given.find(key);
            const bool present = it != given.end() && !it->is_null();
            if (present) {
                if (const auto mismatch = typeMismatch(variable, *it))
                    add(TemplateProblem::WrongType, variable.name,
                        QString(QStringLiteral("variable ") + quoted(variable.name) + u' '
                            + *mismatch + uses(variable.name)));
                else
                    resolved[key] = *it;
            } else if (!variable.defaultValue.is_null()) {
                if (const auto mismatch = typeMismatch(variable, variable.defaultValue))
                    add(TemplateProblem::WrongType, variable.name,
                        QString(QStringLiteral("the default of variable ") + quoted(variable.name)
                            + u' ' + *mismatch + uses(variable.name)
                            + QStringLiteral("; correct the default in the prompt")));
                else
                    resolved[key] = variable.defaultValue;
            } else if (variable.required) {
                add(TemplateProblem::MissingValue, variable.name,
                    QString(QStringLiteral("missing variable ") + quoted(variable.name)
                        + uses(variable.name)
                        + QStringLiteral(": it is required and has no default; give it a value")));
            }
        }
        for (const auto &[key, value] : given.items()) {
            const QString name = fromStd(key);
            if (m_content.variable(name))
                continue;
            TemplateProblem problem;
            problem.kind = TemplateProblem::UnknownValue;
            problem.variable = name;
            problem.text = QString(QStringLiteral("unknown value ") + quoted(name)
                + QStringLiteral(": the prompt declares no such variable; remove "
                                 "the value, or declare the variable"));
            m_problems.push_back(std::move(problem));
        }
        return resolved;
    }

    std::vector<TemplateProblem> takeProblems() { return std::move(m_problems); }

private:
    QString uses(const QString &variable) const
    {
        const QString positions = describeUses(m_occurrences, variable);
        return positions.isEmpty() ? QStringLiteral(" (not used in any message)")
                                   : QString(QStringLiteral(" (") + positions + u')');
    }

    void add(TemplateProblem::Kind kind, const QString &variable, QString text)
    {
        TemplateProblem problem;
        problem.kind = kind;
        problem.variable = variable;
        problem.text = std::move(text);
        const auto first
            = std::ranges::find(m_occurrences, variable, &VariableOccurrence::variable);
        if (first != m_occurrences.end()) {
            problem.message = first->message;
            problem.line = first->line;
            problem.column = first->column;
        }
        m_problems.push_back(std::move(problem));
    }

    const PromptContent &m_content;
    const std::vector<VariableOccurrence> m_occurrences;
    std::vector<TemplateProblem> m_problems;
};

} // namespace

Result<ChatRequest> render(const PromptContent &content, const json &values, RenderReport *report)
{
    RenderReport local;
    RenderReport &out = report ? *report : local;
    out = RenderReport {};
    out.provider = content.model.alias.isEmpty() ? content.model.provider : QString();

    if (!values.is_object())
        return fail(ErrorCode::InvalidArgument,
            QString(QStringLiteral("The values for a prompt must be a JSON object of variable "
                                   "name to value, not ")
                + describeValue(values) + u'.'));

    out.problems = lint(content);
    ValueCheck check(content);
    out.values = check.resolve(values);
    std::ranges::move(check.takeProblems(), std::back_inserter(out.problems));

    QStringList errors;
    for (const TemplateProblem &problem : out.problems) {
        if (problem.severity == TemplateProblem::Error)
            errors.append(problem.text);
    }
    if (!errors.isEmpty())
        return fail(ErrorCode::InvalidArgument,
            QString(QStringLiteral("The prompt cannot be rendered (")
                + QString::number(errors.size())
                + (errors.size() == 1 ? QStringLiteral(" problem):\n")
                                      : QStringLiteral(" problems):\n"))
                + errors.join(u'\n')));

    ChatRequest request;
    request.model = content.model.alias.isEmpty() ? content.model.model : content.model.alias;
    for (size_t i = 0; i < content.messages.size(); ++i) {
        const MessageTemplate &message = content.messages[i];
        auto text = renderMustache(message.text, out.values);
        if (!text)
            return fail(text.error().code,
                QString(QStringLiteral("Message ") + QString::number(i + 1) + QStringLiteral(": ")
                    + text.error().message));
        ChatMessage rendered = ChatMessage::text(message.role, std::move(*text));
        rendered.name = message.name;
        rendered.toolCallId = message.toolCallId;
        request.messages.push_back(std::move(rendered));
    }
    request.temperature = content.model.temperature;
    request.topP = content.model.topP;
    request.maxOutputTokens = content.model.maxOutputTokens;
    request.seed = content.model.seed;
    request.stop = content.model.stop;
    request.responseFormat = content.model.responseFormat;
    request.tools = content.model.tools;
    return request;
}

} // namespace switchboard::core::prompts
