#include "gateway/admission.h"

#include "execute/responsecache.h"
#include "prompts/promptreference.h"

#include <nlohmann/json.hpp>

namespace switchboard::core::gateway {
namespace {

QByteArray presentedSecret(const http::HttpRequest &request)
{
    const QByteArray authorization = request.header("authorization").trimmed();
    if (authorization.size() > 7 && authorization.first(7).toLower() == "bearer ")
        return authorization.mid(7).trimmed();
    return request.header("x-api-key").trimmed();
}

// Caller metadata may come in headers as well as in the body's "switchboard" object.
void readMetadataHeaders(const http::HttpRequest &request, IngressRequest &ingress)
{
    const auto fill = [&](QString &field, const char *header) {
        if (field.isEmpty())
            field = QString::fromUtf8(request.header(header)).trimmed();
    };
    fill(ingress.feature, "x-switchboard-feature");
    fill(ingress.userId, "x-switchboard-user");
    fill(ingress.userTier, "x-switchboard-user-tier");
    fill(ingress.promptReference, "x-switchboard-prompt");
    if (ingress.tags.isEmpty()) {
        for (const QByteArray &tag : request.header("x-switchboard-tags").split(',')) {
            if (!tag.trimmed().isEmpty())
                ingress.tags.push_back(QString::fromUtf8(tag.trimmed()));
        }
    }
}

// The rendered prompt is the base; what the caller sent explicitly wins, and the caller's
// messages follow the prompt's.
ChatRequest mergeWithPrompt(ChatRequest rendered, const ChatRequest &caller)
{
    if (rendered.model.isEmpty())
        rendered.model = caller.model;
    rendered.messages.insert(rendered.messages.end(), caller.messages.begin(), caller.messages.end());
    if (caller.temperature)
        rendered.temperature = caller.temperature;
    if (caller.topP)
        rendered.topP = caller.topP;
    if (caller.maxOutputTokens)
        rendered.maxOutputTokens = caller.maxOutputTokens;
    if (caller.seed)
        rendered.seed = caller.seed;
    if (!caller.stop.isEmpty())
        rendered.stop = caller.stop;
    if (!caller.tools.empty())
        rendered.tools = caller.tools;
    rendered.stream = caller.stream;
    for (const auto &[key, value] : caller.extra.items())
        rendered.extra[key] = value;
    return rendered;
}

std::optional<GatewayError> renderPrompt(const GatewayConfig &config, Admission &admission)
{
    IngressRequest &ingress = admission.ingress;
    auto reference = prompts::PromptReference::parse(ingress.promptReference);
    if (!reference)
        return GatewayError::invalidRequest(QStringLiteral("switchboard.prompt: %1").arg(reference.error().message));
    const auto prompt = config.prompts.find(reference->name);
    if (prompt == config.prompts.end())
        return GatewayError::notFound(QStringLiteral("The workspace has no prompt \"%1\"; check the name on the Prompts page.")
                                          .arg(reference->name),
                                      QStringLiteral("prompt_not_found"));
    auto rendered = prompts::renderReference(prompt->second, *reference, ingress.variables);
    if (!rendered) {
        if (rendered.error().code == ErrorCode::NotFound)
            return GatewayError::notFound(rendered.error().message, QStringLiteral("prompt_not_found"));
        return GatewayError::invalidRequest(rendered.error().message, QStringLiteral("invalid_prompt_variables"));
    }
    if (!rendered->provider.isEmpty())
        rendered->request.model = rendered->provider + u'/' + rendered->request.model;
    ingress.request = mergeWithPrompt(std::move(rendered->request), ingress.request);
    admission.spec.promptName = rendered->name;
    admission.spec.promptVersion = static_cast<int>(rendered->version);
    admission.spec.variablesJson = QByteArray::fromStdString(ingress.variables.dump());
    return std::nullopt;
}

qint64 mostCost(const GatewayConfig &config, const std::vector<execute::Target> &targets, qint64 input, qint64 output,
                qint64 nowMs)
{
    qint64 most = 0;
    for (const execute::Target &target : targets) {
        if (const auto price = config.prices.priceFor(target.provider.kind, target.model, nowMs)) {
            Usage usage;
            usage.inputTokens = input;
            usage.outputTokens = output;
            most = std::max(most, pricing::costMicros(usage, *price));
        }
    }
    return most;
}

QString modelNotFoundMessage(const QString &model)
{
    return QStringLiteral("The model \"%1\" is neither an alias pinned in this workspace nor a provider/model name. "
                          "GET /v1/models lists the aliases; pin one on the Models & Pins page.")
        .arg(model);
}

} // namespace

qint64 estimateInputTokens(const ChatRequest &request)
{
    qint64 characters = 0;
    for (const ChatMessage &message : request.messages) {
        characters += 16; // role and framing, about four tokens
        for (const ContentPart &part : message.content)
            characters += part.kind == ContentPart::Kind::Text ? part.text.size() : 340 * 4; // an image: ~340 tokens
        for (const ToolCall &call : message.toolCalls)
            characters += call.name.size() + call.argumentsJson.size();
    }
    for (const ToolDefinition &tool : request.tools)
        characters += tool.name.size() + tool.description.size() + static_cast<qint64>(tool.parameters.dump().size());
    return (characters + 3) / 4;
}

std::expected<GatewayKey, GatewayError> authenticate(const GatewayConfig &config, const http::HttpRequest &request)
{
    const QByteArray secret = presentedSecret(request);
    if (secret.isEmpty())
        return std::unexpected(GatewayError::authentication(QStringLiteral(
            "No gateway key: send one as \"Authorization: Bearer sbk-...\" or \"x-api-key\". Create keys on the Settings page "
            "or with switchboard-cli keys create.")));
    const auto key = config.keys.constFind(hashGatewaySecret(secret));
    if (key == config.keys.constEnd())
        return std::unexpected(GatewayError::authentication(
            QStringLiteral("This gateway key is not known or has been revoked; ask for a new key (prefix %1).")
                .arg(prefixOfGatewaySecret(secret))));
    return *key;
}

std::optional<GatewayError> admit(const GatewayConfig &config, const http::HttpRequest &request, const WireDialect &dialect,
                                  int randomBucket, qint64 nowMs, Admission &admission)
{
    const auto key = authenticate(config, request);
    if (!key)
        return key.error();
    admission.key = *key;
    execute::CallSpec &spec = admission.spec;
    spec.origin = CallOrigin::Gateway;
    spec.gatewayKeyId = key->id;
    spec.tenant = key->tenant;

    nlohmann::json body = nlohmann::json::parse(request.body.begin(), request.body.end(), nullptr, false);
    if (body.is_discarded() || !body.is_object()) {
        admission.rawBody = request.body;
        return GatewayError::invalidRequest(QStringLiteral("The request body is not a JSON object. Send Content-Type: "
                                                           "application/json with a body such as {\"model\": ..., \"messages\": [...]}."));
    }
    auto ingress = dialect.decode(body);
    if (!ingress) {
        admission.rawBody = request.body;
        return GatewayError::invalidRequest(ingress.error().message);
    }
    admission.ingress = std::move(*ingress);
    readMetadataHeaders(request, admission.ingress);
    IngressRequest &in = admission.ingress;
    spec.feature = in.feature;
    spec.userId = in.userId;
    spec.tags = in.tags;
    if (!in.promptReference.isEmpty()) {
        if (auto problem = renderPrompt(config, admission))
            return problem;
    }
    if (in.request.model.isEmpty())
        return GatewayError::invalidRequest(QStringLiteral("Name a model: an alias such as \"chat-fast\", or provider/model."));
    if (!key->allows(in.request.model))
        return GatewayError::permissionDenied(QStringLiteral("The key \"%1\" may not call \"%2\"; it may call: %3.")
                                                  .arg(key->name, in.request.model, key->allowedAliases.join(QLatin1String(", "))));

    admission.estimatedInputTokens = estimateInputTokens(in.request);
    routing::RouteInput route;
    route.gatewayKey = key->name;
    route.tenant = key->tenant;
    route.feature = in.feature;
    route.userId = in.userId;
    route.userTier = in.userTier;
    route.promptName = spec.promptName;
    route.promptLabel = in.promptReference.isEmpty() ? QString() : prompts::PromptReference::parse(in.promptReference)->label;
    route.model = in.request.model;
    route.tags = in.tags;
    route.estimatedInputTokens = admission.estimatedInputTokens;
    admission.decision = routing::route(config.rules, route, randomBucket);
    const routing::RouteDecision &decision = admission.decision;
    spec.ruleSetVersion = config.ruleSetVersion;
    spec.ruleName = decision.ruleName;

    const auto primary = config.resolve(decision.target);
    if (!primary)
        return GatewayError::notFound(modelNotFoundMessage(decision.target), QStringLiteral("model_not_found"));
    spec.targets.push_back(*primary);
    for (const QString &fallback : decision.fallbacks) {
        if (const auto target = config.resolve(fallback))
            spec.targets.push_back(*target);
    }
    if (!decision.shadow.isEmpty())
        admission.shadow = config.resolve(decision.shadow);
    if (decision.maxOutputTokens)
        in.request.maxOutputTokens = std::min(in.request.maxOutputTokens.value_or(*decision.maxOutputTokens), *decision.maxOutputTokens);
    if (decision.timeoutMs)
        spec.deadlineMs = *decision.timeoutMs;
    admission.outputAllowance = in.request.maxOutputTokens.value_or(kDefaultOutputAllowance);
    spec.request = in.request;
    if (decision.cache.mode == routing::CachePolicy::Mode::Exact) {
        admission.cacheKey = execute::ResponseCache::keyFor(spec.request, spec.targets.front());
        admission.cacheTtlMs = decision.cache.ttlSeconds * 1000;
    }
    admission.reserveMicros = mostCost(config, spec.targets, admission.estimatedInputTokens, admission.outputAllowance, nowMs);
    return std::nullopt;
}

} // namespace switchboard::core::gateway
