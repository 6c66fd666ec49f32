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

QString toString(CallOrigin origin) { return nameOf(kOrigins, origin); }
std::optional<CallOrigin> callOriginFromString(QStringView name) { return valueOf(kOrigins, name); }
QString toString(CallStatus status) { return nameOf(kStatuses, status); }
std::optional<CallStatus> callStatusFromString(QStringView name) { return valueOf(kStatuses, name); }

} // namespace switchboard::core
