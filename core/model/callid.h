#pragma once

#include <QByteArrayView>
#include <QString>

namespace switchboard::core {

// A new call id: 26 characters of Crockford base32, 48 bits of UTC milliseconds followed by
// 80 random bits (the ULID layout). Ids sort by time, are unique across gateways writing one
// store, and increase strictly within a process, across threads and inside one millisecond.
QString newCallId();
// An id for a call at a given time (imported or generated history): sorts by that time,
// unique by its random bits, but not ordered against other ids of the same millisecond.
QString callIdAt(qint64 utcMs);
// The same with the 80 bits taken from a hash of `seed` (an imported call's source line or
// span ids): importing the same history twice gives the same ids, so it is not logged twice.
QString callIdAt(qint64 utcMs, QByteArrayView seed);

} // namespace switchboard::core
