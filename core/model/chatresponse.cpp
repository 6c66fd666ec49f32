#include "model/chatresponse.h"

#include "model/enumnames.h"

namespace switchboard::core {
namespace {

constexpr EnumNames<FinishReason, 6> kReasons { {
    { FinishReason::Stop, "stop" },
    { FinishReason::Length, "length" },
    { FinishReason::ToolCalls, "tool_calls" },
    { FinishReason::ContentFilter, "content_filter" },
    { FinishReason::Refusal, "refusal" },
    { FinishReason::Other, "other" },
} };

} // namespace

QString nameOf(FinishReason reason) { return enumName(kReasons, reason); }
std::optional<FinishReason> finishReasonFromString(QStringView name) { return enumValue(kReasons, name); }

} // namespace switchboard::core
