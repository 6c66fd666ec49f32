#pragma once

#include "store/recordedcall.h"

#include <QByteArray>
#include <QVariant>

#include <vector>

namespace switchboard::core::store {

// One column value as SQLite takes it: text is already UTF-8.
struct BoundValue
{
    enum class Kind { Null, Integer, Text, Blob };

    Kind kind = Kind::Null;
    qint64 integer = 0;
    QByteArray bytes;

    // The rules of SqliteStatement::bind: a QString is text (a null one empty text, as text
    // columns are NOT NULL), a QByteArray a blob, an invalid QVariant null, the rest integers.
    static BoundValue from(const QVariant &value);
    static BoundValue text(const QByteArray &utf8);
};
using BoundRow = std::vector<BoundValue>;

// A recorded call turned into the rows it becomes, by the thread that records it, so that the
// recorder's writer thread only binds and steps. The call itself stays beside its rows for the
// rollups and, should every write fail, the dead-letter file.
struct EncodedCall
{
    RecordedCall call;
    BoundRow callRow;
    BoundRow payloadRow;
    std::vector<BoundRow> attemptRows;
};

EncodedCall encodeForWriting(RecordedCall call);

} // namespace switchboard::core::store
