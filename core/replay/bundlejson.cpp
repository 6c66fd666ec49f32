// The reproduction bundle's file: one JSON document, payloads kept as the exact strings the
// log stored, so that a call replayed from an imported bundle sends the very same bytes.
#include "replay/reprobundle.h"

#include "prompts/promptfile.h"

namespace switchboard::core::replay {
namespace {

using nlohmann::json;

constexpr const char *kFormatName = "switchboard.reproduction";

std::string text(const QString &value)
{
    return value.toStdString();
}

QString textAt(const json &object, const char *key)
{
    const auto found = object.find(key);
    return found != object.end() && found->is_string() ? QString::fromStdString(found->get<std::string>()) : QString();
}

qint64 numberAt(const json &object, const char *key)
{
    const auto found = object.find(key);
    return found != object.end() && found->is_number_integer() ? found->get<qint64>() : 0;
}

bool flagAt(const json &object, const char *key)
{
    const auto found = object.find(key);
    return found != object.end() && found->is_boolean() && found->get<bool>();
}

json callToJson(const store::RecordedCall &call)
{
    const CallRecord &r = call.record;
    json tags = json::array();
    for (const QString &tag : r.tags)
        tags.push_back(text(tag));
    json attempts = json::array();
    for (const store::AttemptRow &a : call.attempts)
        attempts.push_back({ { "seq", a.seq }, { "provider", text(a.provider) }, { "model", text(a.model) },
                             { "started_ms", a.startedMs }, { "latency_us", a.latencyUs }, { "http_status", a.httpStatus },
                             { "failure", a.failure ? text(nameOf(*a.failure)) : "" }, { "message", text(a.message) },
                             { "billed", a.billed } });
    return { { "id", text(r.id) }, { "started_ms", r.startedMs }, { "origin", text(nameOf(r.origin)) },
             { "parent_id", text(r.parentId) }, { "tenant", text(r.tenant) }, { "feature", text(r.feature) },
             { "user", text(r.userId) }, { "tags", tags }, { "prompt_name", text(r.promptName) },
             { "prompt_version", r.promptVersion }, { "rule_set_version", r.ruleSetVersion }, { "rule_name", text(r.ruleName) },
             { "alias", text(r.alias) }, { "provider", text(r.provider) }, { "model", text(r.model) },
             { "status", text(nameOf(r.status)) }, { "failure", r.failure ? text(nameOf(*r.failure)) : "" },
             { "error", text(r.errorMessage) }, { "latency_us", r.latencyUs },
             { "ttft_us", r.ttftUs ? json(*r.ttftUs) : json() }, { "input_tokens", r.inputTokens },
             { "output_tokens", r.outputTokens }, { "cached_input_tokens", r.cachedInputTokens },
             { "tokens_estimated", r.tokensEstimated }, { "cost_micros", r.costMicros }, { "cache_hit", r.cacheHit },
             { "attempts", r.attempts }, { "streamed", r.streamed }, { "redaction", text(call.redaction) },
             { "request_json", call.requestJson.toStdString() }, { "response_json", call.responseJson.toStdString() },
             { "variables_json", call.variablesJson.toStdString() }, { "chunk_offsets_ms", call.chunkOffsetsMs },
             { "attempt_log", attempts } };
}

Result<store::RecordedCall> callFromJson(const json &object, std::size_t index)
{
    const auto problem = [index](const QString &what) {
        return fail(ErrorCode::InvalidArgument, QStringLiteral("calls[%1]: %2").arg(index).arg(what));
    };
    if (!object.is_object())
        return problem(QStringLiteral("expected an object"));
    store::RecordedCall call;
    CallRecord &r = call.record;
    r.id = textAt(object, "id");
    if (r.id.isEmpty())
        return problem(QStringLiteral("has no id"));
    r.startedMs = numberAt(object, "started_ms");
    const auto origin = callOriginFromString(textAt(object, "origin"));
    const auto status = callStatusFromString(textAt(object, "status"));
    if (!origin || !status)
        return problem(QStringLiteral("origin and status must be names the log uses (gateway, replay, ...; ok, failed, partial)"));
    r.origin = *origin;
    r.status = *status;
    r.parentId = textAt(object, "parent_id");
    r.tenant = textAt(object, "tenant");
    r.feature = textAt(object, "feature");
    r.userId = textAt(object, "user");
    for (const json &tag : object.value("tags", json::array()))
        if (tag.is_string())
            r.tags << QString::fromStdString(tag.get<std::string>());
    r.promptName = textAt(object, "prompt_name");
    r.promptVersion = static_cast<int>(numberAt(object, "prompt_version"));
    r.ruleSetVersion = static_cast<int>(numberAt(object, "rule_set_version"));
    r.ruleName = textAt(object, "rule_name");
    r.alias = textAt(object, "alias");
    r.provider = textAt(object, "provider");
    r.model = textAt(object, "model");
    r.failure = failureCategoryFromString(textAt(object, "failure"));
    r.errorMessage = textAt(object, "error");
    r.latencyUs = numberAt(object, "latency_us");
    if (object.contains("ttft_us") && object["ttft_us"].is_number_integer())
        r.ttftUs = object["ttft_us"].get<qint64>();
    r.inputTokens = numberAt(object, "input_tokens");
    r.outputTokens = numberAt(object, "output_tokens");
    r.cachedInputTokens = numberAt(object, "cached_input_tokens");
    r.tokensEstimated = flagAt(object, "tokens_estimated");
    r.costMicros = numberAt(object, "cost_micros");
    r.cacheHit = flagAt(object, "cache_hit");
    r.attempts = static_cast<int>(numberAt(object, "attempts"));
    r.streamed = flagAt(object, "streamed");
    call.redaction = textAt(object, "redaction");
    if (call.redaction.isEmpty())
        call.redaction = QStringLiteral("full");
    call.requestJson = textAt(object, "request_json").toUtf8();
    call.responseJson = textAt(object, "response_json").toUtf8();
    call.variablesJson = textAt(object, "variables_json").toUtf8();
    for (const json &offset : object.value("chunk_offsets_ms", json::array()))
        if (offset.is_number_integer())
            call.chunkOffsetsMs.push_back(offset.get<qint64>());
    for (const json &a : object.value("attempt_log", json::array())) {
        if (!a.is_object())
            continue;
        store::AttemptRow attempt;
        attempt.seq = static_cast<int>(numberAt(a, "seq"));
        attempt.provider = textAt(a, "provider");
        attempt.model = textAt(a, "model");
        attempt.startedMs = numberAt(a, "started_ms");
        attempt.latencyUs = numberAt(a, "latency_us");
        attempt.httpStatus = static_cast<int>(numberAt(a, "http_status"));
        attempt.failure = failureCategoryFromString(textAt(a, "failure"));
        attempt.message = textAt(a, "message");
        attempt.billed = flagAt(a, "billed");
        call.attempts.push_back(std::move(attempt));
    }
    return call;
}

json providerToJson(const ProviderConfig &provider)
{
    return { { "name", text(provider.name) }, { "kind", text(nameOf(provider.kind)) }, { "base_url", text(provider.baseUrl) },
             { "key_source", text(nameOf(provider.keySource)) }, { "key_env_var", text(provider.keyEnvVar) },
             { "settings", json::parse(provider.settingsJson.toStdString(), nullptr, false) } };
}

Result<ProviderConfig> providerFromJson(const json &object)
{
    ProviderConfig provider;
    provider.name = textAt(object, "name");
    const auto kind = providerKindFromString(textAt(object, "kind"));
    const auto keySource = keySourceFromString(textAt(object, "key_source"));
    if (provider.name.isEmpty() || !kind || !keySource)
        return fail(ErrorCode::InvalidArgument,
                    QStringLiteral("providers: each needs a name, a kind (openai, anthropic, ...) and a key_source"));
    provider.kind = *kind;
    provider.keySource = *keySource;
    provider.baseUrl = textAt(object, "base_url");
    provider.keyEnvVar = textAt(object, "key_env_var");
    const json settings = object.value("settings", json::object());
    provider.settingsJson = QString::fromStdString(settings.is_object() ? settings.dump() : std::string("{}"));
    return provider;
}

} // namespace

QByteArray toBytes(const ReproBundle &bundle)
{
    json calls = json::array();
    for (const store::RecordedCall &call : bundle.calls)
        calls.push_back(callToJson(call));
    json providers = json::array();
    for (const ProviderConfig &provider : bundle.providers)
        providers.push_back(providerToJson(provider));
    json pins = json::array();
    for (const BundledPin &pin : bundle.pins)
        pins.push_back({ { "alias", text(pin.alias) }, { "provider", text(pin.provider) }, { "model", text(pin.model) } });
    json ruleSets = json::array();
    for (const BundledRuleSet &ruleSet : bundle.ruleSets)
        ruleSets.push_back({ { "version", ruleSet.version }, { "rules", ruleSet.rules } });
    const json document { { "format", kFormatName },
                          { "version", ReproBundle::kFormat },
                          { "exported_ms", bundle.exportedMs },
                          { "exported_by", text(bundle.exportedBy) },
                          { "product_version", text(bundle.productVersion) },
                          { "calls", calls },
                          { "providers", providers },
                          { "pins", pins },
                          { "prompts", prompts::exportPrompts(bundle.prompts) },
                          { "rule_sets", ruleSets } };
    return QByteArray::fromStdString(document.dump(2)) + '\n';
}

Result<ReproBundle> bundleFromBytes(const QByteArray &bytes)
{
    const json document = json::parse(bytes.begin(), bytes.end(), nullptr, false);
    if (document.is_discarded() || !document.is_object())
        return fail(ErrorCode::InvalidArgument,
                    QStringLiteral("The file is not JSON. Choose a reproduction bundle exported from the Requests page or "
                                   "with 'switchboard-cli bundle export'."));
    if (textAt(document, "format") != QLatin1String(kFormatName))
        return fail(ErrorCode::InvalidArgument, QStringLiteral("The file is not a reproduction bundle (its \"format\" is not "
                                                               "\"%1\").")
                                                    .arg(QLatin1String(kFormatName)));
    if (numberAt(document, "version") != ReproBundle::kFormat)
        return fail(ErrorCode::NewerSchema, QStringLiteral("The bundle is format version %1; this Switchboard reads version %2. "
                                                           "Import it with the version that made it (%3).")
                                                .arg(numberAt(document, "version"))
                                                .arg(ReproBundle::kFormat)
                                                .arg(textAt(document, "product_version")));
    ReproBundle bundle;
    bundle.exportedMs = numberAt(document, "exported_ms");
    bundle.exportedBy = textAt(document, "exported_by");
    bundle.productVersion = textAt(document, "product_version");
    const json calls = document.value("calls", json::array());
    for (std::size_t i = 0; i < calls.size(); ++i) {
        auto call = callFromJson(calls[i], i);
        if (!call)
            return std::unexpected(call.error());
        bundle.calls.push_back(std::move(*call));
    }
    if (bundle.calls.empty())
        return fail(ErrorCode::InvalidArgument, QStringLiteral("The bundle holds no calls."));
    for (const json &provider : document.value("providers", json::array())) {
        auto read = providerFromJson(provider);
        if (!read)
            return std::unexpected(read.error());
        bundle.providers.push_back(std::move(*read));
    }
    for (const json &pin : document.value("pins", json::array()))
        bundle.pins.push_back({ textAt(pin, "alias"), textAt(pin, "provider"), textAt(pin, "model") });
    if (const auto found = document.find("prompts"); found != document.end()) {
        auto prompts = prompts::readPromptFile(QByteArray::fromStdString(found->dump()));
        if (!prompts)
            return fail(prompts.error().code, QStringLiteral("prompts: %1").arg(prompts.error().message));
        bundle.prompts = std::move(*prompts);
    }
    for (const json &ruleSet : document.value("rule_sets", json::array()))
        bundle.ruleSets.push_back({ numberAt(ruleSet, "version"), ruleSet.value("rules", json()) });
    return bundle;
}

} // namespace switchboard::core::replay
