#pragma once

#include "model/callrecord.h"

#include <QByteArray>
#include <QMetaType>

#include <vector>

namespace switchboard::core::store {

// One attempt's row in call_attempts.
struct AttemptRow
{
    int seq = 0;
    QString provider;
    QString model;
    qint64 startedMs = 0;
    qint64 latencyUs = 0;
    int httpStatus = 0;
    std::optional<FailureCategory> failure;
    QString message;
    bool billed = false;

    friend bool operator==(const AttemptRow &, const AttemptRow &) = default;
};

// Everything the request log keeps of one call: the narrow row, the payloads (already
// redacted by policy; never a key) and the attempts.
struct RecordedCall
{
    CallRecord record;
    QString redaction = QStringLiteral("full"); // full, redacted, metadata
    QByteArray requestJson;
    QByteArray responseJson;
    QByteArray variablesJson;
    std::vector<qint64> chunkOffsetsMs;
    std::vector<AttemptRow> attempts;

    friend bool operator==(const RecordedCall &, const RecordedCall &) = default;
};

// Chunk arrival offsets as stored: varint-coded gaps in milliseconds.
QByteArray encodeChunkOffsets(const std::vector<qint64> &offsetsMs);
std::vector<qint64> decodeChunkOffsets(QByteArrayView bytes);

} // namespace switchboard::core::store

Q_DECLARE_METATYPE(switchboard::core::store::RecordedCall)
