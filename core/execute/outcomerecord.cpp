#include "execute/outcomerecord.h"

namespace switchboard::core::execute {

store::RecordedCall recordOf(const CallOutcome &outcome)
{
    store::RecordedCall call;
    call.record = outcome.record;
    call.requestJson = outcome.requestJson;
    call.responseJson = outcome.responseJson;
    call.variablesJson = outcome.variablesJson;
    call.chunkOffsetsMs = outcome.chunkOffsetsMs;
    call.attempts.reserve(outcome.attempts.size());
    for (const AttemptRecord &attempt : outcome.attempts)
        call.attempts.push_back(attempt); // the stored part of it
    return call;
}

} // namespace switchboard::core::execute
