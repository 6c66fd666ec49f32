#include "evals/dataset.h"

#include "replay/replaysummary.h"

namespace switchboard::core::evals {

Result<DatasetItem> itemFromCall(const store::RecordedCall &call)
{
    const QString id = call.record.id;
    if (call.redaction != QLatin1String("full"))
        return fail(ErrorCode::Unsupported, QStringLiteral("Call %1 was stored %2, so it cannot become a dataset item.")
                                                .arg(id, call.redaction));
    const QString output = replay::outputOf(call.responseJson);
    if (call.record.status != CallStatus::Ok || output.isEmpty())
        return fail(ErrorCode::Unsupported, QStringLiteral("Call %1 has no answer to take as the reference (%2).")
                                                .arg(id, call.record.errorMessage.isEmpty() ? nameOf(call.record.status)
                                                                                            : call.record.errorMessage));
    DatasetItem item;
    item.referenceOutput = output;
    item.sourceCallId = id;
    const auto variables = nlohmann::json::parse(call.variablesJson.begin(), call.variablesJson.end(), nullptr, false);
    if (!call.record.promptName.isEmpty() && variables.is_object()) {
        item.input = { { "prompt", call.record.promptName.toStdString() },
                       { "prompt_version", call.record.promptVersion },
                       { "variables", variables } };
        return item;
    }
    const auto request = nlohmann::json::parse(call.requestJson.begin(), call.requestJson.end(), nullptr, false);
    if (!request.is_object() || !request.contains("messages") || !request["messages"].is_array())
        return fail(ErrorCode::Unsupported, QStringLiteral("Call %1's request could not be read when it was logged.").arg(id));
    item.input = { { "messages", request["messages"] } };
    return item;
}

} // namespace switchboard::core::evals
