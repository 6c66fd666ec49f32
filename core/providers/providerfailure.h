#pragma once

#include "model/failurecategory.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QPair>
#include <QString>

#include <optional>

namespace switchboard::core::providers {

enum class WireFormat { OpenAi, Anthropic, Gemini };

using HttpHeaders = QList<QPair<QByteArray, QByteArray>>;

// Why one attempt at a provider failed, read from what the provider (or a proxy in front of
// it) sent back.
struct ProviderFailure
{
    FailureCategory category = FailureCategory::ServerError;
    QString message;      // what happened and what to do, in words a person reads
    int httpStatus = 0;   // 0 when no HTTP response arrived
    QString providerCode; // "rate_limit_error", "context_length_exceeded", "RESOURCE_EXHAUSTED"
    std::optional<qint64> retryAfterMs;
    bool retryable = false;

    friend bool operator==(const ProviderFailure &, const ProviderFailure &) = default;
};

// Whether another attempt (same target after backoff, or the next fallback) can help.
bool isRetryable(FailureCategory category);

// Retry-After as seconds ("120", "1.5") or an HTTP date; nullopt when absent or unreadable,
// so that the caller falls back to its own backoff. Dates in the past read as 0.
std::optional<qint64> parseRetryAfterMs(QByteArrayView value, const QDateTime &now);
// Reads retry-after-ms (OpenAI) or retry-after from a response's headers.
std::optional<qint64> retryAfterFromHeaders(const HttpHeaders &headers, const QDateTime &now);

// Classifies a response whose HTTP status is not 2xx, whatever its body holds: the wire
// format's error object, an HTML page from a proxy, plain text or nothing.
ProviderFailure classifyHttpError(WireFormat format, int httpStatus, const HttpHeaders &headers,
                                  QByteArrayView body, const QDateTime &now);

// Classifies an error object that arrived inside a 200 stream (Anthropic's "error" event,
// an OpenAI chunk with "error").
ProviderFailure classifyStreamError(WireFormat format, const QString &errorType,
                                    const QString &message);

} // namespace switchboard::core::providers
