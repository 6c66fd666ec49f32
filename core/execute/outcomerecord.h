#pragma once

#include "execute/callspec.h"
#include "store/recordedcall.h"

namespace switchboard::core::execute {

// What the request log keeps of a finished call.
store::RecordedCall recordOf(const CallOutcome &outcome);

} // namespace switchboard::core::execute
