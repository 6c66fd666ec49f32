#include "gateway/genaispan.h"

#include "model/productinfo.h"

namespace switchboard::core::gateway {
namespace {

using nlohmann::json;

constexpr int kSpanKindClient = 3;
constexpr int kStatusError = 2;

json attribute(const char *key, const QString &value)
{
    return { { "key", key }, { "value", { { "stringValue", value.toStdString() } } } };
}

// OTLP/JSON writes 64-bit integers as strings.
json attribute(const char *key, qint64 value)
{
    return { { "key", key }, { "value", { { "intValue", std::to_string(value) } } } };
}

json attribute(const char *key, double value)
{
    return { { "key", key }, { "value", { { "doubleValue", value } } } };
}

json attribute(const char *key, bool value)
{
    return { { "key", key }, { "value", { { "boolValue", value } } } };
}

std::string nanos(qint64 ms, qint64 extraUs = 0)
{
    return std::to_string(ms * 1'000'000 + extraUs * 1'000);
}

} // namespace

json genAiSpan(const CallRecord &record, const TraceContext &trace, const QString &providerKind)
{
    const QString asked = record.alias.isEmpty() ? record.model : record.alias;
    json attributes = json::array({
        attribute("gen_ai.operation.name", QStringLiteral("chat")),
        attribute("gen_ai.provider.name", providerKind.isEmpty() ? record.provider : providerKind),
        attribute("gen_ai.request.model", asked),
        attribute("gen_ai.usage.input_tokens", record.inputTokens),
        attribute("gen_ai.usage.output_tokens", record.outputTokens),
        attribute("switchboard.call.id", record.id),
        attribute("switchboard.origin", nameOf(record.origin)),
        attribute("switchboard.status", nameOf(record.status)),
        attribute("switchboard.cost_usd", static_cast<double>(record.costMicros) / 1e6),
        attribute("switchboard.cache_hit", record.cacheHit),
        attribute("switchboard.attempts", static_cast<qint64>(record.attempts)),
    });
    if (!record.model.isEmpty())
        attributes.push_back(attribute("gen_ai.response.model", record.model));
    if (!record.provider.isEmpty())
        attributes.push_back(attribute("switchboard.provider", record.provider));
    if (record.ttftUs)
        attributes.push_back(attribute("switchboard.time_to_first_token_ms", static_cast<double>(*record.ttftUs) / 1000.0));
    const std::pair<const char *, QString> labels[] = {
        { "switchboard.tenant", record.tenant },     { "switchboard.feature", record.feature },
        { "switchboard.rule", record.ruleName },     { "switchboard.prompt.name", record.promptName },
    };
    for (const auto &[key, value] : labels)
        if (!value.isEmpty())
            attributes.push_back(attribute(key, value));
    if (record.promptVersion > 0)
        attributes.push_back(attribute("switchboard.prompt.version", static_cast<qint64>(record.promptVersion)));
    json span { { "traceId", trace.traceId.toStdString() },
                { "spanId", trace.spanId.toStdString() },
                { "name", QStringLiteral("chat %1").arg(asked).toStdString() },
                { "kind", kSpanKindClient },
                { "startTimeUnixNano", nanos(record.startedMs) },
                { "endTimeUnixNano", nanos(record.startedMs, record.latencyUs) },
                { "attributes", attributes },
                { "status", json::object() } };
    if (!trace.parentSpanId.isEmpty())
        span["parentSpanId"] = trace.parentSpanId.toStdString();
    if (record.status != CallStatus::Ok) {
        const QString type = record.failure ? nameOf(*record.failure) : nameOf(record.status);
        span["attributes"].push_back(attribute("error.type", type));
        span["status"] = { { "code", kStatusError }, { "message", (record.errorMessage.isEmpty() ? type : record.errorMessage).toStdString() } };
    }
    return span;
}

json otlpTraceRequest(const json &spans, const QString &serviceName)
{
    const json resource { { "attributes",
                            json::array({ attribute("service.name", serviceName),
                                          attribute("service.version", productVersion()) }) } };
    const json scope { { "name", "switchboard-gateway" }, { "version", productVersion().toStdString() } };
    return { { "resourceSpans", json::array({ { { "resource", resource },
                                                { "scopeSpans", json::array({ { { "scope", scope }, { "spans", spans } } }) } } }) } };
}

} // namespace switchboard::core::gateway
