#pragma once

#include <QString>

#include <array>
#include <optional>

namespace switchboard::core {

// Why a call (or one attempt of it) failed. One closed set, shared by the request log,
// charts, alerts and the retry policy; the names are stored and must never change.
enum class FailureCategory {
    Timeout,
    ConnectError,
    RateLimited,    // 429 from the provider
    Overloaded,     // 529 or 503
    ServerError,    // other 5xx, or a body that is not what the wire format promises
    Auth,           // 401, 403
    BadRequest,     // 400, 404, 422
    ContextLength,
    ContentFilter,
    Refusal,
    Truncated,      // finish reason "length"
    InvalidOutput,  // the output does not match the requested schema
    EmptyOutput,
    BudgetExceeded, // refused by our own budget or rate limit
    Cancelled,
};

inline constexpr std::array kAllFailureCategories {
    FailureCategory::Timeout,       FailureCategory::ConnectError,  FailureCategory::RateLimited,
    FailureCategory::Overloaded,    FailureCategory::ServerError,   FailureCategory::Auth,
    FailureCategory::BadRequest,    FailureCategory::ContextLength, FailureCategory::ContentFilter,
    FailureCategory::Refusal,       FailureCategory::Truncated,     FailureCategory::InvalidOutput,
    FailureCategory::EmptyOutput,   FailureCategory::BudgetExceeded, FailureCategory::Cancelled,
};

// The stored name, e.g. "rate_limited".
QString nameOf(FailureCategory category);
std::optional<FailureCategory> failureCategoryFromString(QStringView name);
// What a person reads in a table or a chart legend, e.g. "Rate limited".
QString displayName(FailureCategory category);

} // namespace switchboard::core
