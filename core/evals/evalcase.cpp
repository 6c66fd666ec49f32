#include "evals/evalcase.h"

#include "prompts/promptcontent.h"
#include "prompts/promptrenderer.h"
#include "providers/openaiwire.h"

namespace switchboard::core::evals {

using nlohmann::json;

Result<ChatRequest> caseRequest(const prompts::PromptContent &version, const DatasetItem &item, const QString &model)
{
    if (item.input.is_object() && item.input.contains("messages")) {
        auto decoded = providers::openai::decodeRequest(json { { "model", model.toStdString() }, { "messages", item.input["messages"] } });
        if (!decoded)
            return fail(ErrorCode::InvalidArgument, QStringLiteral("Its messages cannot be read: %1").arg(decoded.error().message));
        const prompts::ModelConfig &settings = version.model;
        decoded->temperature = settings.temperature;
        decoded->topP = settings.topP;
        decoded->maxOutputTokens = settings.maxOutputTokens;
        decoded->seed = settings.seed;
        decoded->stop = settings.stop;
        decoded->responseFormat = settings.responseFormat;
        decoded->tools = settings.tools;
        return decoded;
    }
    const json variables = item.input.is_object() ? item.input.value("variables", json::object()) : json::object();
    auto rendered = prompts::render(version, variables);
    if (!rendered)
        return fail(rendered.error().code, QStringLiteral("The version does not render with its variables: %1").arg(rendered.error().message));
    rendered->model = model;
    return rendered;
}

QString questionOf(const ChatRequest &request)
{
    for (auto message = request.messages.rbegin(); message != request.messages.rend(); ++message)
        if (message->role == Role::User)
            return message->plainText();
    return {};
}

Result<std::vector<Assertion>> assertionsOf(const DatasetItem &item)
{
    std::vector<Assertion> out;
    if (item.assertions.is_null())
        return out;
    if (!item.assertions.is_array())
        return fail(ErrorCode::InvalidArgument, QStringLiteral("Item %1's assertions are not a list.").arg(item.id));
    for (const json &entry : item.assertions) {
        auto assertion = parseAssertion(entry);
        if (!assertion)
            return fail(ErrorCode::InvalidArgument, QStringLiteral("Item %1: %2").arg(item.id).arg(assertion.error().message));
        out.push_back(std::move(*assertion));
    }
    return out;
}

} // namespace switchboard::core::evals
