#include "requests/conversationhtml.h"

#include "providers/openaiwire.h"

#include <QObject>

namespace switchboard::ui {
namespace {

using core::Role;

struct BubbleStyle
{
    const char *background;
    const char *align;
};

BubbleStyle styleOf(Role role)
{
    switch (role) {
    case Role::System:
    case Role::Developer: return { "#eeeeee", "left" };
    case Role::User: return { "#dbe9fb", "right" };
    case Role::Assistant: return { "#e3f4e1", "left" };
    case Role::Tool: return { "#fbf1d9", "left" };
    }
    return { "#eeeeee", "left" };
}

QString escaped(const QString &text)
{
    return text.toHtmlEscaped().replace(u'\n', QStringLiteral("<br>"));
}

QString bubble(Role role, const QString &heading, const QString &body)
{
    const BubbleStyle style = styleOf(role);
    return QStringLiteral("<table width='100%' cellspacing='0' cellpadding='0' style='margin-bottom:8px'><tr><td align='%1'>"
                          "<table cellspacing='0' cellpadding='8' bgcolor='%2' style='margin-%3:48px'><tr><td>"
                          "<span style='color:#555555;font-size:small'><b>%4</b></span><br>%5</td></tr></table>"
                          "</td></tr></table>")
        .arg(QLatin1String(style.align), QLatin1String(style.background),
             QLatin1String(role == Role::User ? "left" : "right"), heading.toHtmlEscaped(), body);
}

QString messageBody(const core::ChatMessage &message)
{
    QString body;
    for (const core::ContentPart &part : message.content) {
        if (part.kind == core::ContentPart::Kind::Text)
            body += escaped(part.text);
        else
            body += QStringLiteral("<i>[%1]</i>").arg(QObject::tr("image"));
    }
    for (const core::ToolCall &call : message.toolCalls)
        body += QStringLiteral("<br><tt>%1(%2)</tt>").arg(call.name.toHtmlEscaped(), escaped(call.argumentsJson));
    return body.isEmpty() ? QStringLiteral("<i>%1</i>").arg(QObject::tr("(empty)")) : body;
}

QString note(const QString &text)
{
    return QStringLiteral("<p style='color:gray'><i>%1</i></p>").arg(text.toHtmlEscaped());
}

} // namespace

QString conversationHtml(const core::store::RecordedCall &call)
{
    if (call.redaction == QLatin1String("metadata"))
        return note(QObject::tr("The workspace keeps metadata only: the conversation was not stored."));
    QString html;
    auto request = nlohmann::json::parse(call.requestJson.begin(), call.requestJson.end(), nullptr, false);
    if (request.is_object() && !request.contains("model"))
        request["model"] = "-"; // the conversation does not need it; the reader does
    const auto decoded = request.is_object() ? core::providers::openai::decodeRequest(request)
                                             : core::Result<core::ChatRequest>(core::fail(core::ErrorCode::InvalidArgument, {}));
    if (!decoded) {
        html += note(QObject::tr("The request could not be read; the Request tab shows it as it arrived."));
    } else {
        for (const core::ChatMessage &message : decoded->messages) {
            QString heading = core::nameOf(message.role);
            if (!message.name.isEmpty())
                heading += QStringLiteral(" (") + message.name + u')';
            if (!message.toolCallId.isEmpty())
                heading += QObject::tr(", result of %1").arg(message.toolCallId);
            html += bubble(message.role, heading, messageBody(message));
        }
    }
    const auto response = nlohmann::json::parse(call.responseJson.begin(), call.responseJson.end(), nullptr, false);
    const auto answer = response.is_object() ? core::providers::openai::decodeResponse(response)
                                             : core::Result<core::ChatResponse>(core::fail(core::ErrorCode::InvalidArgument, {}));
    if (answer && !answer->choices.empty()) {
        const core::ChatChoice &choice = answer->choices.front();
        QString heading = QObject::tr("assistant \u00b7 %1").arg(answer->model.isEmpty() ? call.record.model : answer->model);
        if (!choice.providerFinishReason.isEmpty())
            heading += QObject::tr(" \u00b7 finished: %1").arg(choice.providerFinishReason);
        QString body = messageBody(choice.message);
        if (!choice.refusal.isEmpty())
            body += QStringLiteral("<br><i>%1</i> %2").arg(QObject::tr("Refused:"), escaped(choice.refusal));
        html += bubble(Role::Assistant, heading, body);
    } else if (call.record.status != core::CallStatus::Ok) {
        html += note(QObject::tr("No answer: %1").arg(call.record.errorMessage.isEmpty() ? core::nameOf(call.record.status)
                                                                                        : call.record.errorMessage));
    } else if (!call.responseJson.isEmpty()) {
        html += note(QObject::tr("The answer could not be read; the Answer tab shows it as stored."));
    }
    return html;
}

} // namespace switchboard::ui
