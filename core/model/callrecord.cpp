#include "model/callrecord.h"

#include "model/enumnames.h"

namespace switchboard::core {
namespace {

constexpr EnumNames<CallOrigin, 5> kOrigins { {
    { CallOrigin::Gateway, "gateway" },
    { CallOrigin::Playground, "playground" },
    { CallOrigin::Replay, "replay" },
    { CallOrigin::Eval, "eval" },
    { CallOrigin::Shadow, "shadow" },
} };

constexpr EnumNames<CallStatus, 3> kStatuses { {
    { CallStatus::Ok, "ok" },
    { CallStatus::Failed, "failed" },
    { CallStatus::Partial, "partial" },
} };

} // namespace

QString nameOf(CallOrigin origin) { return enumName(kOrigins, origin); }
std::optional<CallOrigin> callOriginFromString(QStringView name) { return enumValue(kOrigins, name); }
QString nameOf(CallStatus status) { return enumName(kStatuses, status); }
std::optional<CallStatus> callStatusFromString(QStringView name) { return enumValue(kStatuses, name); }

} // namespace switchboard::core
