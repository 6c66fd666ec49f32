#pragma once

#include "model/callrecord.h"
#include "model/error.h"
#include "resultcheck.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <vector>

namespace switchboard::tests {

// A call with every field set to something other than its default, so that a column the
// store forgets to write or read shows up as a difference. n varies the enums and the text.
core::CallRecord fullCall(const QString &id, qint64 startedMs, int n = 0);

// The calls' ids, in order.
QStringList idsOf(const std::vector<core::CallRecord> &calls);

// The fields in which two calls differ, e.g. "ttftUs: 1200 != (none)"; empty when equal.
QString differences(const core::CallRecord &expected, const core::CallRecord &actual);

QByteArray sha256Of(const QString &path);
// Overwrites length bytes of the file from offset with bytes drawn from a fixed seed.
bool overwriteWithGarbage(const QString &path, qint64 offset, qint64 length, quint32 seed = 42);

} // namespace switchboard::tests
