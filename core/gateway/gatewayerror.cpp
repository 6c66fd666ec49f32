#include "gateway/gatewayerror.h"

namespace switchboard::core::gateway {
namespace {

GatewayError make(GatewayError::Kind kind, int status, FailureCategory category, QString message, QString code = {})
{
    GatewayError error;
    error.kind = kind;
    error.httpStatus = status;
    error.category = category;
    error.message = std::move(message);
    error.code = std::move(code);
    return error;
}

} // namespace

GatewayError GatewayError::invalidRequest(QString message, QString code)
{
    return make(Kind::InvalidRequest, 400, FailureCategory::BadRequest, std::move(message), std::move(code));
}

GatewayError GatewayError::authentication(QString message)
{
    return make(Kind::Authentication, 401, FailureCategory::Auth, std::move(message), QStringLiteral("invalid_api_key"));
}

GatewayError GatewayError::permissionDenied(QString message)
{
    return make(Kind::PermissionDenied, 403, FailureCategory::Auth, std::move(message));
}

GatewayError GatewayError::notFound(QString message, QString code)
{
    return make(Kind::NotFound, 404, FailureCategory::BadRequest, std::move(message), std::move(code));
}

GatewayError GatewayError::tooLarge(QString message)
{
    return make(Kind::TooLarge, 413, FailureCategory::BadRequest, std::move(message));
}

GatewayError GatewayError::rateLimited(QString message, qint64 retryAfterMs)
{
    // Filed as budget_exceeded: rate_limited is kept for 429s from providers.
    GatewayError error = make(Kind::RateLimited, 429, FailureCategory::BudgetExceeded, std::move(message),
                              QStringLiteral("rate_limit_exceeded"));
    error.retryAfterMs = retryAfterMs;
    return error;
}

GatewayError GatewayError::budgetExceeded(QString message, qint64 retryAfterMs)
{
    GatewayError error = make(Kind::BudgetExceeded, 429, FailureCategory::BudgetExceeded, std::move(message),
                              QStringLiteral("budget_exceeded"));
    error.retryAfterMs = retryAfterMs;
    return error;
}

GatewayError GatewayError::internal(QString message)
{
    return make(Kind::Internal, 500, FailureCategory::ServerError, std::move(message));
}

} // namespace switchboard::core::gateway
