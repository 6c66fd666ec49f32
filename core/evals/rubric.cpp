#include "evals/rubric.h"

#include <QLocale>

#include <nlohmann/json.hpp>

namespace switchboard::core::evals {
namespace {

using nlohmann::json;

constexpr qsizetype kQuestionChars = 4000;

QString shortened(const QString &text)
{
    return text.size() > kQuestionChars ? text.left(kQuestionChars) + QStringLiteral(" [...]") : text;
}

json verdictSchema()
{
    return { { "type", "object" },
             { "properties",
               { { "pass", { { "type", "boolean" } } },
                 { "score", { { "type", "number" }, { "minimum", 0 }, { "maximum", 1 } } },
                 { "reason", { { "type", "string" } } } } },
             { "required", { "pass", "score", "reason" } },
             { "additionalProperties", false } };
}

} // namespace

ChatRequest rubricRequest(const Assertion &rubric, const QString &answer, const QString &question, const QString &model)
{
    const QString criteria = rubric.value.is_string() ? QString::fromStdString(rubric.value.get<std::string>())
                                                      : QString::fromStdString(rubric.value.dump());
    ChatRequest request;
    request.model = model;
    request.temperature = 0;
    request.maxOutputTokens = 300;
    request.messages.push_back(ChatMessage::text(
        Role::System,
        QStringLiteral("You grade an answer against a rubric. Judge only what the rubric asks, strictly. Reply with JSON: "
                       "\"pass\" (true when the answer meets the rubric), \"score\" (0 to 1, how well it does) and "
                       "\"reason\" (one sentence saying why).")));
    QString user = QStringLiteral("Rubric:\n%1\n\n").arg(criteria);
    if (!question.isEmpty())
        user += QStringLiteral("The answer was given to:\n%1\n\n").arg(shortened(question));
    user += QStringLiteral("Answer:\n%1").arg(answer);
    request.messages.push_back(ChatMessage::text(Role::User, user));
    request.responseFormat.kind = ResponseFormat::Kind::JsonSchema;
    request.responseFormat.schemaName = QStringLiteral("rubric_verdict");
    request.responseFormat.schema = verdictSchema();
    request.responseFormat.strict = true;
    return request;
}

AssertionResult rubricVerdict(const Assertion &rubric, const QString &judgeAnswer)
{
    const json verdict = json::parse(judgeAnswer.toStdString(), nullptr, false);
    if (!verdict.is_object() || !verdict.contains("pass") || !verdict["pass"].is_boolean())
        return { false, 0,
                 QStringLiteral("the judge did not give a verdict (it answered \"%1\"); choose a judge model that supports "
                                "structured output")
                     .arg(judgeAnswer.left(80)) };
    const bool pass = verdict["pass"].get<bool>();
    const double score = verdict.contains("score") && verdict["score"].is_number()
                             ? std::clamp(verdict["score"].get<double>(), 0.0, 1.0)
                             : (pass ? 1.0 : 0.0);
    const QString reason = verdict.contains("reason") && verdict["reason"].is_string()
                               ? QString::fromStdString(verdict["reason"].get<std::string>())
                               : QString();
    const bool passed = pass && (!rubric.threshold || score >= *rubric.threshold);
    QString said = pass ? QStringLiteral("the judge passed it") : QStringLiteral("the judge failed it");
    said += QStringLiteral(" (score %1").arg(QLocale().toString(score, 'f', 2));
    if (rubric.threshold)
        said += QStringLiteral(", at least %1 needed").arg(QLocale().toString(*rubric.threshold, 'f', 2));
    said += u')';
    if (!reason.isEmpty())
        said += QStringLiteral(": ") + reason;
    return { passed, score, said };
}

} // namespace switchboard::core::evals
