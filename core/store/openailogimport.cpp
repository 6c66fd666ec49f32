// OpenAI-format request/response logs as calls: store/importedcalls.h says what is read.
#include "store/importedcalls.h"

#include "model/callid.h"
#include "providers/openaiwire.h"
#include "providers/providerfailure.h"

#include <QDateTime>

namespace switchboard::core::store {
namespace {

using nlohmann::json;

// Epoch seconds or milliseconds, or an ISO 8601 time; nothing when it is neither.
std::optional<qint64> timeOf(const json &value)
{
    if (value.is_number()) {
        const double number = value.get<double>();
        return static_cast<qint64>(number < 1e11 ? number * 1000.0 : number); // seconds until the year 5138
    }
    if (value.is_string()) {
        const QDateTime parsed = QDateTime::fromString(QString::fromStdString(value.get<std::string>()), Qt::ISODateWithMs);
        if (parsed.isValid())
            return parsed.toMSecsSinceEpoch();
    }
    return std::nullopt;
}

QString text(const json &object, const char *key)
{
    return object.is_object() && object.contains(key) && object[key].is_string() ? QString::fromStdString(object[key].get<std::string>())
                                                                                 : QString();
}

} // namespace

Result<ImportedCalls> parseOpenAiLog(QByteArrayView bytes, const pricing::PriceBook &prices, const QString &provider)
{
    ImportedCalls out;
    const QString providerName = provider.isEmpty() ? QStringLiteral("openai") : provider;
    const ProviderKind kind = providerKindFromString(providerName).value_or(ProviderKind::OpenAi);
    int lineNumber = 0;
    bool unpriced = false;
    for (const QByteArrayView line : QByteArray(bytes.data(), bytes.size()).split('\n')) {
        ++lineNumber;
        if (line.trimmed().isEmpty())
            continue;
        const QString where = QStringLiteral("Line %1").arg(lineNumber);
        const json entry = json::parse(line.begin(), line.end(), nullptr, false);
        if (!entry.is_object() || !entry.contains("request") || !entry["request"].is_object())
            return fail(ErrorCode::InvalidArgument, where + QStringLiteral(": not a logged call. Each line is {\"request\": {...}, "
                                                                           "\"response\": {...}} in the OpenAI chat format."));
        const json &request = entry["request"];
        const json response = entry.value("response", json());
        RecordedCall call;
        CallRecord &record = call.record;
        const std::optional<qint64> started = entry.contains("timestamp") ? timeOf(entry["timestamp"])
                                            : entry.contains("started_at") ? timeOf(entry["started_at"])
                                            : response.is_object() && response.contains("created") ? timeOf(response["created"])
                                                                                                    : std::nullopt;
        if (!started)
            return fail(ErrorCode::InvalidArgument, where + QStringLiteral(": no time: give \"timestamp\" (ISO 8601 or epoch) or a "
                                                                           "response with \"created\"."));
        record.id = callIdAt(*started, line);
        record.startedMs = *started;
        record.origin = CallOrigin::Gateway;
        record.tags = { QStringLiteral("imported"), QStringLiteral("import:openai-log") };
        record.alias = text(request, "model");
        record.provider = text(entry, "provider").isEmpty() ? providerName : text(entry, "provider");
        record.model = text(response, "model").isEmpty() ? record.alias : text(response, "model");
        const json metadata = entry.value("metadata", json::object());
        record.tenant = text(metadata, "tenant");
        record.feature = text(metadata, "feature");
        record.userId = text(metadata, "user").isEmpty() ? text(request, "user") : text(metadata, "user");
        if (metadata.is_object() && metadata.contains("tags") && metadata["tags"].is_array())
            for (const json &tag : metadata["tags"])
                if (tag.is_string())
                    record.tags << QString::fromStdString(tag.get<std::string>());
        for (const char *key : { "latency_ms", "duration_ms" })
            if (entry.contains(key) && entry[key].is_number())
                record.latencyUs = static_cast<qint64>(entry[key].get<double>() * 1000.0);
        record.streamed = request.value("stream", false);
        call.requestJson = QByteArray::fromStdString(request.dump());

        const json error = entry.value("error", json());
        if (!error.is_null() || !response.is_object()) {
            const int status = error.is_object() && error.contains("status") && error["status"].is_number_integer() ? error["status"].get<int>() : 500;
            const QByteArray body = QByteArray::fromStdString(json { { "error", error.is_object() ? error : json::object() } }.dump());
            const providers::ProviderFailure failure = providers::classifyHttpError(providers::WireFormat::OpenAi, status, {}, body,
                                                                                    QDateTime::fromMSecsSinceEpoch(*started));
            record.status = CallStatus::Failed;
            record.failure = failure.category;
            record.errorMessage = text(error, "message").isEmpty() ? failure.message : text(error, "message");
            out.calls.push_back(std::move(call));
            continue;
        }
        auto decoded = providers::openai::decodeResponse(response);
        if (!decoded)
            return fail(ErrorCode::InvalidArgument, where + QStringLiteral(": the response cannot be read: %1").arg(decoded.error().message));
        call.responseJson = QByteArray::fromStdString(response.dump());
        if (const auto &usage = decoded->usage) {
            record.inputTokens = usage->inputTokens;
            record.outputTokens = usage->outputTokens;
            record.cachedInputTokens = usage->cachedInputTokens;
            if (const auto price = prices.priceFor(kind, record.model, *started))
                record.costMicros = pricing::costMicros(*usage, *price);
            else
                unpriced = true;
        }
        out.calls.push_back(std::move(call));
    }
    if (out.calls.empty())
        return fail(ErrorCode::InvalidArgument, QStringLiteral("The file has no calls: write one logged call per line."));
    if (unpriced)
        out.notes << QStringLiteral("Some models are not in the price table, so their imported calls cost nothing; the Prices "
                                    "page (or switchboard-cli prices) adds them for calls to come.");
    return out;
}

} // namespace switchboard::core::store
