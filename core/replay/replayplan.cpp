#include "replay/replayplan.h"

#include "prompts/promptreference.h"
#include "providers/openaiwire.h"
#include "routing/pinresolver.h"

namespace switchboard::core::replay {
namespace {

Result<ChatRequest> loggedRequest(const store::RecordedCall &source)
{
    if (source.redaction != QLatin1String("full"))
        return fail(ErrorCode::Unsupported,
                    QStringLiteral("Call %1 was stored %2 by the workspace's redaction policy, so its request cannot be "
                                   "sent again. Replay a call recorded in full.")
                        .arg(source.record.id, source.redaction));
    if (source.requestJson.isEmpty())
        return fail(ErrorCode::Unsupported,
                    QStringLiteral("Call %1 has no logged request to replay.").arg(source.record.id));
    const auto body = nlohmann::json::parse(source.requestJson.begin(), source.requestJson.end(), nullptr, false);
    auto request = body.is_discarded() ? Result<ChatRequest>(fail(ErrorCode::InvalidArgument, QStringLiteral("not JSON")))
                                       : providers::openai::decodeRequest(body);
    if (!request)
        return fail(ErrorCode::Unsupported,
                    QStringLiteral("Call %1 was refused before its request could be read (%2); the log keeps the body "
                                   "as it arrived, and there is no request to send again.")
                        .arg(source.record.id, request.error().message));
    return request;
}

// What a call that rendered a prompt asked for itself rather than through the prompt: the
// messages after the prompt's, and any parameter that differs from the prompt's. Found by
// rendering the version it used again with the variables it logged.
struct CallerPart
{
    ChatRequest logged;
    ChatRequest promptBefore; // the version the call used, rendered again
    std::vector<ChatMessage> ownMessages;
};

template <typename T>
void keepCallers(T &into, const T &logged, const T &before)
{
    if (!(logged == before))
        into = logged;
}

QString modelOf(const prompts::RenderedPrompt &rendered)
{
    return rendered.provider.isEmpty() ? rendered.request.model : rendered.provider + u'/' + rendered.request.model;
}

Result<void> rerender(const store::RecordedCall &source, const ReplayChange &change, store::Connection &connection,
                      ReplayPlan &plan)
{
    const CallRecord &call = source.record;
    if (call.promptName.isEmpty() || call.promptVersion <= 0)
        return fail(ErrorCode::Unsupported,
                    QStringLiteral("Call %1 did not render a prompt, so it logged no variables to render another version "
                                   "with. Change its model or temperature instead.")
                        .arg(call.id));
    if (source.variablesJson.isEmpty())
        return fail(ErrorCode::Unsupported,
                    QStringLiteral("Call %1 rendered %2@%3 but its variables were not logged, so another version cannot be "
                                   "rendered for it.")
                        .arg(call.id, call.promptName)
                        .arg(call.promptVersion));
    const auto variables = nlohmann::json::parse(source.variablesJson.begin(), source.variablesJson.end(), nullptr, false);
    if (!variables.is_object())
        return fail(ErrorCode::Unsupported,
                    QStringLiteral("Call %1's logged variables are not a JSON object.").arg(call.id));
    const QString referenceText = change.prompt.startsWith(u'@') ? call.promptName + change.prompt : change.prompt;
    auto reference = prompts::PromptReference::parse(referenceText);
    if (!reference)
        return std::unexpected(reference.error());

    auto before = prompts::renderReference(connection, { call.promptName, {}, call.promptVersion }, variables);
    if (!before)
        return fail(before.error().code, QStringLiteral("The version the call used, %1@%2, no longer renders: %3")
                                             .arg(call.promptName)
                                             .arg(call.promptVersion)
                                             .arg(before.error().message));
    auto after = prompts::renderReference(connection, *reference, variables);
    if (!after)
        return fail(after.error().code, QStringLiteral("%1 does not render with the call's logged variables: %2")
                                            .arg(reference->toString(), after.error().message));

    const ChatRequest &logged = plan.request;
    const std::vector<ChatMessage> &promptMessages = before->request.messages;
    std::vector<ChatMessage> own;
    if (logged.messages.size() >= promptMessages.size()
        && std::equal(promptMessages.begin(), promptMessages.end(), logged.messages.begin())) {
        own.assign(logged.messages.begin() + static_cast<std::ptrdiff_t>(promptMessages.size()), logged.messages.end());
    } else {
        plan.assumptions << QStringLiteral("The logged messages do not begin with those of %1@%2 rendered again, so the "
                                           "caller's own messages could not be told apart; the replay sends those of %3 "
                                           "alone.")
                                .arg(call.promptName)
                                .arg(call.promptVersion)
                                .arg(reference->toString());
    }

    ChatRequest request = after->request;
    request.model = modelOf(*after);
    keepCallers(request.model, logged.model, modelOf(*before));
    request.messages.insert(request.messages.end(), own.begin(), own.end());
    keepCallers(request.temperature, logged.temperature, before->request.temperature);
    keepCallers(request.topP, logged.topP, before->request.topP);
    keepCallers(request.maxOutputTokens, logged.maxOutputTokens, before->request.maxOutputTokens);
    keepCallers(request.seed, logged.seed, before->request.seed);
    keepCallers(request.stop, logged.stop, before->request.stop);
    keepCallers(request.tools, logged.tools, before->request.tools);
    keepCallers(request.toolChoice, logged.toolChoice, before->request.toolChoice);
    keepCallers(request.responseFormat, logged.responseFormat, before->request.responseFormat);
    request.stream = logged.stream;
    request.extra = logged.extra;

    plan.request = std::move(request);
    plan.promptName = after->name;
    plan.promptVersion = static_cast<int>(after->version);
    return {};
}

} // namespace

QString ReplayChange::describe() const
{
    QStringList parts;
    if (!model.isEmpty())
        parts << QStringLiteral("model %1").arg(model);
    if (!prompt.isEmpty())
        parts << QStringLiteral("prompt %1").arg(prompt);
    if (temperature)
        parts << QStringLiteral("temperature %1").arg(*temperature);
    return parts.isEmpty() ? QStringLiteral("exact") : parts.join(QLatin1String(", "));
}

Result<ReplayPlan> planReplay(const store::RecordedCall &source, const ReplayChange &change, store::Connection &connection)
{
    const CallRecord &call = source.record;
    auto request = loggedRequest(source);
    if (!request)
        return std::unexpected(request.error());
    ReplayPlan plan;
    plan.request = std::move(*request);
    plan.provider = call.provider;
    plan.model = call.model;
    plan.promptName = call.promptName;
    plan.promptVersion = call.promptVersion;
    plan.variablesJson = source.variablesJson;
    plan.sourceId = call.id;
    plan.tenant = call.tenant;
    plan.feature = call.feature;
    plan.userId = call.userId;
    plan.tags = call.tags;
    plan.change = change.describe();

    const QString modelBefore = plan.request.model;
    if (!change.prompt.isEmpty()) {
        if (auto rendered = rerender(source, change, connection, plan); !rendered)
            return std::unexpected(rendered.error());
    }
    if (change.temperature)
        plan.request.temperature = change.temperature;
    if (!change.model.isEmpty())
        plan.request.model = change.model;

    // The same model asked for goes to the very snapshot that answered, whatever the alias
    // is pinned to now; another one is resolved through today's pins.
    if (plan.request.model != modelBefore) {
        auto resolved = routing::PinResolver(connection).resolveName(plan.request.model);
        if (!resolved)
            return std::unexpected(resolved.error());
        plan.provider = resolved->provider.name;
        plan.model = resolved->model;
    } else if (call.provider.isEmpty() || call.model.isEmpty()) {
        return fail(ErrorCode::Unsupported,
                    QStringLiteral("Call %1 never reached a provider (%2), so there is no snapshot to replay it on. "
                                   "Replay it with another model.")
                        .arg(call.id, call.errorMessage.isEmpty() ? QStringLiteral("refused") : call.errorMessage));
    }
    return plan;
}

} // namespace switchboard::core::replay
