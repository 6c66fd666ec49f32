#pragma once

// Lets QCOMPARE print the core's enums by their stored names (found by argument-dependent
// lookup, as Qt Test expects for types it does not know).

#include "model/callrecord.h"
#include "model/chatresponse.h"
#include "model/error.h"
#include "model/failurecategory.h"

#include <QTest>

namespace switchboard::core {

inline char *toString(const ErrorCode &code) { return QTest::toString(nameOf(code)); }
inline char *toString(const FailureCategory &category) { return QTest::toString(nameOf(category)); }
inline char *toString(const Role &role) { return QTest::toString(nameOf(role)); }
inline char *toString(const FinishReason &reason) { return QTest::toString(nameOf(reason)); }
inline char *toString(const CallStatus &status) { return QTest::toString(nameOf(status)); }
inline char *toString(const CallOrigin &origin) { return QTest::toString(nameOf(origin)); }

} // namespace switchboard::core
