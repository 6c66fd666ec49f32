#pragma once

#include "model/failurecategory.h"

#include <QString>

#include <optional>

namespace switchboard::core::gateway {

// Why the gateway answers a caller with an error, before or instead of a provider's answer.
// Each wire format writes it as its own error body, so that an official SDK raises the
// exception type it raises for the provider itself.
struct GatewayError
{
    enum class Kind {
        InvalidRequest,  // 400
        Authentication,  // 401
        PermissionDenied, // 403
        NotFound,        // 404
        TooLarge,        // 413
        RateLimited,     // 429, with Retry-After
        BudgetExceeded,  // 429, with Retry-After until the budget's period ends
        Upstream,        // the provider's failure, passed on with its own status
        Timeout,         // 504
        Internal,        // 500
    };

    Kind kind = Kind::Internal;
    QString message; // says what is wrong and what to do
    int httpStatus = 500;
    std::optional<qint64> retryAfterMs;
    QString code; // a machine-readable code where the wire format has one: "model_not_found"
    FailureCategory category = FailureCategory::ServerError; // what the request log files it under

    static GatewayError invalidRequest(QString message, QString code = {});
    static GatewayError authentication(QString message);
    static GatewayError permissionDenied(QString message);
    static GatewayError notFound(QString message, QString code = {});
    static GatewayError tooLarge(QString message);
    static GatewayError rateLimited(QString message, qint64 retryAfterMs);
    static GatewayError budgetExceeded(QString message, qint64 retryAfterMs);
    static GatewayError internal(QString message);
};

} // namespace switchboard::core::gateway
