#include "providers/providerfailure.h"

#include "providers/jsonvalue.h"

#include <QRegularExpression>

#include <cmath>

namespace switchboard::core::providers {
namespace {

using nlohmann::json;

constexpr qsizetype kQuotedBodyChars = 200;

struct ErrorObject
{
    QString type;    // OpenAI error.type / Anthropic error.type / Gemini error.status
    QString code;    // OpenAI error.code
    QString message;
};

std::optional<ErrorObject> readErrorObject(QByteArrayView body)
{
    const json parsed = json::parse(body.begin(), body.end(), nullptr, false);
    if (parsed.is_discarded() || !parsed.is_object())
        return std::nullopt;
    const json &error = memberAt(parsed, "error");
    if (error.is_object()) {
        ErrorObject out;
        out.type = stringAt(error, "type");
        if (out.type.isEmpty())
            out.type = stringAt(error, "status"); // Gemini
        out.code = stringAt(error, "code");
        out.message = stringAt(error, "message");
        return out;
    }
    if (error.is_string()) // some OpenAI-compatible servers: {"error": "model not found"}
        return ErrorObject { {}, {}, QString::fromStdString(error.get<std::string>()) };
    if (const QString message = stringAt(parsed, "message"); !message.isEmpty()) // vLLM
        return ErrorObject { stringAt(parsed, "type"), {}, message };
    if (const QString detail = stringAt(parsed, "detail"); !detail.isEmpty()) // FastAPI servers
        return ErrorObject { {}, {}, detail };
    return std::nullopt;
}

QString headerValue(const HttpHeaders &headers, QByteArrayView name)
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return QString::fromLatin1(value);
    }
    return {};
}

bool looksLikeHtml(QByteArrayView body, const QString &contentType)
{
    if (contentType.contains(QLatin1String("text/html"), Qt::CaseInsensitive))
        return true;
    const QByteArray head = body.first(std::min<qsizetype>(body.size(), 512)).toByteArray().trimmed().toLower();
    return head.startsWith("<!doctype html") || head.startsWith("<html") || head.contains("<body");
}

QString htmlTitle(QByteArrayView body)
{
    static const QRegularExpression title(QStringLiteral("<title[^>]*>([^<]*)</title>"),
                                          QRegularExpression::CaseInsensitiveOption);
    const auto match = title.match(QString::fromUtf8(body.first(std::min<qsizetype>(body.size(), 4096))));
    return match.hasMatch() ? match.captured(1).simplified() : QString();
}

FailureCategory categoryForStatus(int status)
{
    switch (status) {
    case 400: case 404: case 405: case 409: case 413: case 415: case 422: return FailureCategory::BadRequest;
    case 401: case 403: return FailureCategory::Auth;
    case 408: case 504: return FailureCategory::Timeout;
    case 429: return FailureCategory::RateLimited;
    case 503: case 529: return FailureCategory::Overloaded;
    default: return status >= 500 ? FailureCategory::ServerError : FailureCategory::BadRequest;
    }
}

// The error object can say more than the status: a 400 that is really a context overflow or
// a content filter, a 500 that is really an overload.
std::optional<FailureCategory> categoryForErrorObject(const ErrorObject &error)
{
    const QString type = error.type.toLower();
    const QString code = error.code.toLower();
    const QString message = error.message.toLower();
    if (code == QLatin1String("context_length_exceeded") || message.contains(QLatin1String("prompt is too long"))
        || message.contains(QLatin1String("maximum context length"))
        || message.contains(QLatin1String("exceeds the maximum number of tokens")))
        return FailureCategory::ContextLength;
    if (code == QLatin1String("content_filter") || code == QLatin1String("content_policy_violation")
        || message.contains(QLatin1String("content management policy")))
        return FailureCategory::ContentFilter;
    if (type == QLatin1String("overloaded_error") || type == QLatin1String("unavailable"))
        return FailureCategory::Overloaded;
    if (type == QLatin1String("rate_limit_error") || type == QLatin1String("resource_exhausted")
        || code == QLatin1String("rate_limit_exceeded"))
        return FailureCategory::RateLimited;
    if (type == QLatin1String("authentication_error") || type == QLatin1String("permission_error")
        || type == QLatin1String("unauthenticated") || type == QLatin1String("permission_denied")
        || code == QLatin1String("invalid_api_key"))
        return FailureCategory::Auth;
    if (type == QLatin1String("deadline_exceeded"))
        return FailureCategory::Timeout;
    return std::nullopt;
}

QString adviceFor(FailureCategory category)
{
    switch (category) {
    case FailureCategory::Auth: return QStringLiteral("Check the provider's API key in Settings.");
    case FailureCategory::RateLimited: return QStringLiteral("The provider is rate limiting this key; it is retried after the delay it asks for.");
    case FailureCategory::Overloaded: return QStringLiteral("The provider is overloaded; it is retried, or a fallback serves the call.");
    case FailureCategory::ContextLength: return QStringLiteral("Shorten the prompt or route long inputs to a model with a larger context window.");
    case FailureCategory::ContentFilter: return QStringLiteral("The provider's content filter blocked the request.");
    case FailureCategory::BadRequest: return QStringLiteral("The provider rejected the request; check the model name and parameters.");
    case FailureCategory::Timeout: return QStringLiteral("The provider or a proxy timed out; it is retried.");
    default: return QStringLiteral("It is retried where the routing plan allows.");
    }
}

// RFC 9110 section 5.6.7: IMF-fixdate, and the obsolete RFC 850 and asctime forms that
// recipients must still accept.
QDateTime parseHttpDate(QString text)
{
    text = text.simplified();
    if (text.endsWith(QLatin1String(" GMT")))
        text.chop(4);
    // The weekday is redundant; dropping it also keeps a two-digit year from failing the
    // weekday check in the wrong century.
    text = text.section(QLatin1Char(' '), 1);
    for (const char *format : { "dd MMM yyyy hh:mm:ss", "dd-MMM-yy hh:mm:ss", "MMM d hh:mm:ss yyyy" }) {
        QDateTime date = QDateTime::fromString(text, QString::fromLatin1(format));
        if (!date.isValid())
            continue;
        if (date.date().year() < 1970) // two-digit RFC 850 years
            date = date.addYears(100);
        date.setTimeSpec(Qt::UTC);
        return date;
    }
    return {};
}

} // namespace

bool isRetryable(FailureCategory category)
{
    switch (category) {
    case FailureCategory::Timeout:
    case FailureCategory::ConnectError:
    case FailureCategory::RateLimited:
    case FailureCategory::Overloaded:
    case FailureCategory::ServerError:
        return true;
    default:
        return false;
    }
}

std::optional<qint64> parseRetryAfterMs(QByteArrayView value, const QDateTime &now)
{
    const QByteArray trimmed = value.toByteArray().trimmed();
    if (trimmed.isEmpty())
        return std::nullopt;
    bool ok = false;
    const double seconds = trimmed.toDouble(&ok);
    if (ok) {
        if (!std::isfinite(seconds) || seconds < 0)
            return std::nullopt;
        return static_cast<qint64>(std::llround(seconds * 1000.0));
    }
    const QDateTime date = parseHttpDate(QString::fromLatin1(trimmed));
    if (!date.isValid())
        return std::nullopt;
    return std::max<qint64>(0, now.msecsTo(date));
}

std::optional<qint64> retryAfterFromHeaders(const HttpHeaders &headers, const QDateTime &now)
{
    if (const QString ms = headerValue(headers, "retry-after-ms"); !ms.isEmpty()) {
        bool ok = false;
        const double value = ms.toDouble(&ok);
        if (ok && std::isfinite(value) && value >= 0)
            return static_cast<qint64>(std::llround(value));
    }
    const QString value = headerValue(headers, "retry-after");
    if (value.isEmpty())
        return std::nullopt;
    return parseRetryAfterMs(value.toLatin1(), now);
}

ProviderFailure classifyHttpError(WireFormat format, int httpStatus, const HttpHeaders &headers,
                                  QByteArrayView body, const QDateTime &now)
{
    Q_UNUSED(format); // the three formats' error objects are read by one reader
    ProviderFailure failure;
    failure.httpStatus = httpStatus;
    failure.category = categoryForStatus(httpStatus);
    failure.retryAfterMs = retryAfterFromHeaders(headers, now);

    const QString contentType = headerValue(headers, "content-type");
    if (const auto error = readErrorObject(body)) {
        failure.providerCode = !error->code.isEmpty() ? error->code : error->type;
        if (const auto refined = categoryForErrorObject(*error))
            failure.category = *refined;
        failure.message = QStringLiteral("HTTP %1 %2: %3 %4")
                              .arg(httpStatus)
                              .arg(failure.providerCode.isEmpty() ? QString() : QStringLiteral("(%1)").arg(failure.providerCode),
                                   error->message.left(500), adviceFor(failure.category))
                              .simplified();
    } else if (looksLikeHtml(body, contentType)) {
        const QString title = htmlTitle(body);
        failure.message = QStringLiteral("HTTP %1: the provider, or a proxy in front of it, answered "
                                         "with an HTML page instead of JSON%2. %3")
                              .arg(httpStatus)
                              .arg(title.isEmpty() ? QString() : QStringLiteral(" (\"%1\")").arg(title),
                                   adviceFor(failure.category));
    } else {
        const QString text = QString::fromUtf8(body.first(std::min(body.size(), kQuotedBodyChars))).simplified();
        failure.message = QStringLiteral("HTTP %1%2. %3")
                              .arg(httpStatus)
                              .arg(text.isEmpty() ? QStringLiteral(" with an empty body") : QStringLiteral(": %1").arg(text),
                                   adviceFor(failure.category));
    }
    // insufficient_quota is a 429 that no wait will cure: the account is out of credit.
    failure.retryable = isRetryable(failure.category) && failure.providerCode != QLatin1String("insufficient_quota");
    if (failure.providerCode == QLatin1String("insufficient_quota"))
        failure.message += QStringLiteral(" The account has no quota left: add credit with the provider.");
    return failure;
}

ProviderFailure classifyStreamError(WireFormat format, const QString &errorType, const QString &message)
{
    Q_UNUSED(format);
    ProviderFailure failure;
    failure.providerCode = errorType;
    failure.category = categoryForErrorObject(ErrorObject { errorType, {}, message })
                           .value_or(FailureCategory::ServerError);
    failure.retryable = isRetryable(failure.category);
    failure.message = QStringLiteral("The provider sent an error in the middle of its answer (%1): %2 %3")
                          .arg(errorType, message.left(500), adviceFor(failure.category));
    return failure;
}

} // namespace switchboard::core::providers
