#pragma once

#include <QString>

namespace switchboard::core {

// A new call id: 26 characters of Crockford base32, 48 bits of UTC milliseconds followed by
// 80 random bits (the ULID layout). Ids sort by time, are unique across gateways writing one
// store, and increase strictly within a process even inside one millisecond.
QString newCallId();
QString callIdAt(qint64 utcMs);

} // namespace switchboard::core
