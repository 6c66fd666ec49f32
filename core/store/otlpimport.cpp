// OTLP JSON traces with GenAI spans as calls: store/importedcalls.h says what is read.
#include "store/importedcalls.h"

#include "model/callid.h"

#include <map>

namespace switchboard::core::store {
namespace {

using nlohmann::json;

// An attribute value as JSON: strings, numbers (OTLP/JSON writes 64-bit integers as strings),
// booleans, arrays.
json valueOf(const json &value)
{
    if (!value.is_object())
        return nullptr;
    if (value.contains("stringValue"))
        return value["stringValue"];
    if (value.contains("intValue"))
        return value["intValue"].is_string() ? json(std::stoll(value["intValue"].get<std::string>())) : value["intValue"];
    if (value.contains("doubleValue"))
        return value["doubleValue"];
    if (value.contains("boolValue"))
        return value["boolValue"];
    if (value.contains("arrayValue") && value["arrayValue"].contains("values")) {
        json out = json::array();
        for (const json &element : value["arrayValue"]["values"])
            out.push_back(valueOf(element));
        return out;
    }
    return nullptr;
}

std::map<std::string, json> attributesOf(const json &span)
{
    std::map<std::string, json> out;
    if (span.contains("attributes") && span["attributes"].is_array())
        for (const json &attribute : span["attributes"])
            if (attribute.is_object() && attribute.contains("key") && attribute["key"].is_string())
                out[attribute["key"].get<std::string>()] = valueOf(attribute.value("value", json()));
    return out;
}

QString textOf(const std::map<std::string, json> &attributes, std::initializer_list<const char *> keys)
{
    for (const char *key : keys)
        if (const auto found = attributes.find(key); found != attributes.end() && found->second.is_string())
            return QString::fromStdString(found->second.get<std::string>());
    return {};
}

std::optional<qint64> numberOf(const std::map<std::string, json> &attributes, std::initializer_list<const char *> keys)
{
    for (const char *key : keys) {
        const auto found = attributes.find(key);
        if (found == attributes.end())
            continue;
        if (found->second.is_number())
            return found->second.get<qint64>();
        if (found->second.is_string()) {
            bool ok = false;
            const qint64 value = QString::fromStdString(found->second.get<std::string>()).toLongLong(&ok);
            if (ok)
                return value;
        }
    }
    return std::nullopt;
}

qint64 nanosOf(const json &span, const char *key)
{
    if (!span.contains(key))
        return 0;
    const json &value = span[key];
    if (value.is_string())
        return std::stoll(value.get<std::string>());
    return value.is_number() ? value.get<qint64>() : 0;
}

// The conventions' messages ([{"role", "parts": [{"type": "text", "content"}]}]), as text
// messages in the OpenAI format; nothing when absent or not JSON.
json openAiMessages(const QString &conventionMessages)
{
    const json parsed = json::parse(conventionMessages.toStdString(), nullptr, false);
    if (!parsed.is_array())
        return nullptr;
    json out = json::array();
    for (const json &message : parsed) {
        if (!message.is_object())
            continue;
        std::string content;
        if (message.contains("parts") && message["parts"].is_array()) {
            for (const json &part : message["parts"])
                if (part.is_object() && part.value("type", std::string()) == "text" && part.contains("content") && part["content"].is_string())
                    content += part["content"].get<std::string>();
        } else if (message.contains("content") && message["content"].is_string()) {
            content = message["content"].get<std::string>();
        }
        out.push_back({ { "role", message.value("role", std::string("user")) }, { "content", content } });
    }
    return out;
}

bool isGenAi(const std::map<std::string, json> &attributes)
{
    for (const auto &[key, value] : attributes)
        if (key.starts_with("gen_ai."))
            return true;
    return false;
}

void addSpan(const json &span, const pricing::PriceBook &prices, ImportedCalls &out, bool &unpriced)
{
    const auto attributes = attributesOf(span);
    if (!isGenAi(attributes)) {
        ++out.skipped;
        return;
    }
    const qint64 startNs = nanosOf(span, "startTimeUnixNano");
    const qint64 endNs = nanosOf(span, "endTimeUnixNano");
    RecordedCall call;
    CallRecord &record = call.record;
    record.startedMs = startNs / 1'000'000;
    record.latencyUs = endNs > startNs ? (endNs - startNs) / 1'000 : 0;
    const QString traceId = QString::fromStdString(span.value("traceId", std::string()));
    const QString spanId = QString::fromStdString(span.value("spanId", std::string()));
    const QString ownId = textOf(attributes, { "switchboard.call.id" });
    record.id = ownId.size() == 26 ? ownId : callIdAt(record.startedMs, (traceId + u'/' + spanId).toUtf8());
    record.origin = CallOrigin::Gateway;
    record.tags = { QStringLiteral("imported"), QStringLiteral("import:otlp") };
    record.alias = textOf(attributes, { "gen_ai.request.model" });
    record.model = textOf(attributes, { "gen_ai.response.model" });
    if (record.model.isEmpty())
        record.model = record.alias;
    const QString providerName = textOf(attributes, { "gen_ai.provider.name", "gen_ai.system" });
    record.provider = textOf(attributes, { "switchboard.provider" });
    if (record.provider.isEmpty())
        record.provider = providerName;
    record.tenant = textOf(attributes, { "switchboard.tenant" });
    record.feature = textOf(attributes, { "switchboard.feature" });
    record.promptName = textOf(attributes, { "switchboard.prompt.name" });
    record.promptVersion = static_cast<int>(numberOf(attributes, { "switchboard.prompt.version" }).value_or(0));
    record.ruleName = textOf(attributes, { "switchboard.rule" });
    record.inputTokens = numberOf(attributes, { "gen_ai.usage.input_tokens", "gen_ai.usage.prompt_tokens" }).value_or(0);
    record.outputTokens = numberOf(attributes, { "gen_ai.usage.output_tokens", "gen_ai.usage.completion_tokens" }).value_or(0);
    const json status = span.value("status", json::object());
    const QString errorType = textOf(attributes, { "error.type" });
    if ((status.is_object() && status.value("code", 0) == 2) || !errorType.isEmpty()) {
        record.status = CallStatus::Failed;
        record.failure = failureCategoryFromString(errorType).value_or(FailureCategory::ServerError);
        record.errorMessage = status.is_object() && status.contains("message") ? QString::fromStdString(status.value("message", std::string()))
                                                                               : errorType;
    }
    if (const auto cost = attributes.find("switchboard.cost_usd"); cost != attributes.end() && cost->second.is_number()) {
        record.costMicros = static_cast<qint64>(cost->second.get<double>() * 1e6 + 0.5);
    } else if (record.status == CallStatus::Ok) {
        const ProviderKind kind = providerKindFromString(providerName).value_or(ProviderKind::OpenAiCompatible);
        if (const auto price = prices.priceFor(kind, record.model, record.startedMs))
            record.costMicros = pricing::costMicros(Usage { record.inputTokens, record.outputTokens, 0, 0, 0, false }, *price);
        else
            unpriced = true;
    }
    // Messages, when the span carries them (the conventions make that opt-in).
    const json input = openAiMessages(textOf(attributes, { "gen_ai.input.messages" }));
    const json output = openAiMessages(textOf(attributes, { "gen_ai.output.messages" }));
    if (input.is_array()) {
        call.requestJson = QByteArray::fromStdString(json { { "model", record.alias.toStdString() }, { "messages", input } }.dump());
        if (output.is_array() && !output.empty())
            call.responseJson = QByteArray::fromStdString(
                json { { "id", record.id.toStdString() },
                       { "object", "chat.completion" },
                       { "created", record.startedMs / 1000 },
                       { "model", record.model.toStdString() },
                       { "choices", json::array({ { { "index", 0 }, { "message", output.front() }, { "finish_reason", "stop" } } }) },
                       { "usage", { { "prompt_tokens", record.inputTokens }, { "completion_tokens", record.outputTokens },
                                    { "total_tokens", record.inputTokens + record.outputTokens } } } }
                    .dump());
    } else {
        call.redaction = QStringLiteral("metadata"); // the span held no payloads
    }
    out.calls.push_back(std::move(call));
}

} // namespace

Result<ImportedCalls> parseOtlpTraces(QByteArrayView bytes, const pricing::PriceBook &prices)
{
    ImportedCalls out;
    bool unpriced = false;
    // One request whole, or one per line.
    std::vector<json> requests;
    const json whole = json::parse(bytes.begin(), bytes.end(), nullptr, false);
    if (whole.is_object()) {
        requests.push_back(whole);
    } else {
        int lineNumber = 0;
        for (const QByteArrayView line : QByteArray(bytes.data(), bytes.size()).split('\n')) {
            ++lineNumber;
            if (line.trimmed().isEmpty())
                continue;
            json request = json::parse(line.begin(), line.end(), nullptr, false);
            if (!request.is_object())
                return fail(ErrorCode::InvalidArgument, QStringLiteral("Line %1 is not OTLP JSON: the file holds one trace export "
                                                                       "request, or one per line.").arg(lineNumber));
            requests.push_back(std::move(request));
        }
    }
    try {
        for (const json &request : requests) {
            if (!request.contains("resourceSpans") || !request["resourceSpans"].is_array())
                return fail(ErrorCode::InvalidArgument, QStringLiteral("This is not OTLP JSON traces: there is no \"resourceSpans\"."));
            for (const json &resource : request["resourceSpans"])
                for (const json &scope : resource.value("scopeSpans", json::array()))
                    for (const json &span : scope.value("spans", json::array()))
                        if (span.is_object())
                            addSpan(span, prices, out, unpriced);
        }
    } catch (const json::exception &error) {
        return fail(ErrorCode::InvalidArgument, QStringLiteral("The OTLP JSON is malformed: %1").arg(QString::fromUtf8(error.what())));
    } catch (const std::exception &error) { // a time or number that is not one
        return fail(ErrorCode::InvalidArgument, QStringLiteral("The OTLP JSON holds a value that is not a number: %1").arg(QString::fromUtf8(error.what())));
    }
    if (out.calls.empty())
        return fail(ErrorCode::InvalidArgument, QStringLiteral("The file has no GenAI spans (spans with gen_ai.* attributes); %1 other "
                                                               "span(s) were skipped.").arg(out.skipped));
    if (out.skipped > 0)
        out.notes << QStringLiteral("%1 span(s) without gen_ai.* attributes were skipped.").arg(out.skipped);
    if (unpriced)
        out.notes << QStringLiteral("Some models are not in the price table, so their imported calls cost nothing.");
    return out;
}

} // namespace switchboard::core::store
