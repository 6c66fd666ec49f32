#include "store/encodedcall.h"

#include "store/callrepository.h"

namespace switchboard::core::store {

BoundValue BoundValue::from(const QVariant &value)
{
    switch (value.typeId()) {
    case QMetaType::UnknownType: return {};
    case QMetaType::QString: return text(value.toString().toUtf8());
    case QMetaType::QByteArray: return { Kind::Blob, 0, value.toByteArray() };
    case QMetaType::Bool: return { Kind::Integer, value.toBool() ? 1 : 0, {} };
    default: return { Kind::Integer, value.toLongLong(), {} };
    }
}

BoundValue BoundValue::text(const QByteArray &utf8)
{
    return { Kind::Text, 0, utf8.isNull() ? QByteArray("") : utf8 };
}

EncodedCall encodeForWriting(RecordedCall call)
{
    EncodedCall encoded;
    const QVariantList values = CallRepository::insertValues(call.record);
    encoded.callRow.reserve(static_cast<std::size_t>(values.size()));
    for (const QVariant &value : values)
        encoded.callRow.push_back(BoundValue::from(value));

    const BoundValue id = encoded.callRow.front();
    const auto nullableText = [](const QByteArray &utf8) { return utf8.isNull() ? BoundValue {} : BoundValue::text(utf8); };
    encoded.payloadRow = { id,
                           BoundValue::text(call.redaction.toUtf8()),
                           nullableText(call.requestJson),
                           nullableText(call.responseJson),
                           nullableText(call.variablesJson),
                           call.chunkOffsetsMs.empty()
                               ? BoundValue {}
                               : BoundValue { BoundValue::Kind::Blob, 0, encodeChunkOffsets(call.chunkOffsetsMs) } };

    encoded.attemptRows.reserve(call.attempts.size());
    for (const AttemptRow &attempt : call.attempts) {
        encoded.attemptRows.push_back({ id,
                                        { BoundValue::Kind::Integer, attempt.seq, {} },
                                        BoundValue::text(attempt.provider.toUtf8()),
                                        BoundValue::text(attempt.model.toUtf8()),
                                        { BoundValue::Kind::Integer, attempt.startedMs, {} },
                                        { BoundValue::Kind::Integer, attempt.latencyUs, {} },
                                        attempt.httpStatus ? BoundValue { BoundValue::Kind::Integer, attempt.httpStatus, {} }
                                                           : BoundValue {},
                                        attempt.failure ? BoundValue::text(nameOf(*attempt.failure).toUtf8()) : BoundValue {},
                                        BoundValue::text(attempt.message.toUtf8()),
                                        { BoundValue::Kind::Integer, attempt.billed ? 1 : 0, {} } });
    }
    encoded.call = std::move(call);
    return encoded;
}

} // namespace switchboard::core::store
