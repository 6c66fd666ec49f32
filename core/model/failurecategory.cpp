#include "model/failurecategory.h"

#include <QCoreApplication>

namespace switchboard::core {
namespace {

struct CategoryNames
{
    FailureCategory category;
    const char *stored;
    const char *display;
};

constexpr std::array<CategoryNames, kAllFailureCategories.size()> kNames { {
    { FailureCategory::Timeout, "timeout", QT_TRANSLATE_NOOP("FailureCategory", "Timeout") },
    { FailureCategory::ConnectError, "connect_error",
      QT_TRANSLATE_NOOP("FailureCategory", "Connection error") },
    { FailureCategory::RateLimited, "rate_limited",
      QT_TRANSLATE_NOOP("FailureCategory", "Rate limited") },
    { FailureCategory::Overloaded, "overloaded",
      QT_TRANSLATE_NOOP("FailureCategory", "Overloaded") },
    { FailureCategory::ServerError, "server_error",
      QT_TRANSLATE_NOOP("FailureCategory", "Server error") },
    { FailureCategory::Auth, "auth", QT_TRANSLATE_NOOP("FailureCategory", "Authentication") },
    { FailureCategory::BadRequest, "bad_request",
      QT_TRANSLATE_NOOP("FailureCategory", "Bad request") },
    { FailureCategory::ContextLength, "context_length",
      QT_TRANSLATE_NOOP("FailureCategory", "Context too long") },
    { FailureCategory::ContentFilter, "content_filter",
      QT_TRANSLATE_NOOP("FailureCategory", "Content filter") },
    { FailureCategory::Refusal, "refusal", QT_TRANSLATE_NOOP("FailureCategory", "Refusal") },
    { FailureCategory::Truncated, "truncated", QT_TRANSLATE_NOOP("FailureCategory", "Truncated") },
    { FailureCategory::InvalidOutput, "invalid_output",
      QT_TRANSLATE_NOOP("FailureCategory", "Invalid output") },
    { FailureCategory::EmptyOutput, "empty_output",
      QT_TRANSLATE_NOOP("FailureCategory", "Empty output") },
    { FailureCategory::BudgetExceeded, "budget_exceeded",
      QT_TRANSLATE_NOOP("FailureCategory", "Budget exceeded") },
    { FailureCategory::Cancelled, "cancelled", QT_TRANSLATE_NOOP("FailureCategory", "Cancelled") },
} };

const CategoryNames &namesOf(FailureCategory category)
{
    return kNames[static_cast<std::size_t>(category)];
}

} // namespace

QString nameOf(FailureCategory category)
{
    return QString::fromLatin1(namesOf(category).stored);
}

std::optional<FailureCategory> failureCategoryFromString(QStringView name)
{
    for (const CategoryNames &names : kNames) {
        if (name == QLatin1String(names.stored))
            return names.category;
    }
    return std::nullopt;
}

QString displayName(FailureCategory category)
{
    return QCoreApplication::translate("FailureCategory", namesOf(category).display);
}

} // namespace switchboard::core
