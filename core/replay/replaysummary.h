#pragma once

#include "model/callrecord.h"
#include "model/chatresponse.h"

#include <QByteArray>
#include <QMetaType>

#include <optional>
#include <vector>

namespace switchboard::core::replay {

// What a call answered, as replays are compared: the first choice's text, then each tool
// call as name(arguments). Empty when there was no answer.
QString outputOf(const ChatResponse &response);
// The same from a logged response (OpenAI form); empty when it cannot be read.
QString outputOf(const QByteArray &responseJson);

// One replay as it finished: the call the log recorded and what it answered.
struct ReplayResult
{
    int run = 0; // 1..N, in the order they were started
    CallRecord record;
    QString output;

    friend bool operator==(const ReplayResult &, const ReplayResult &) = default;
};

struct Spread
{
    qint64 min = 0;
    qint64 median = 0;
    qint64 max = 0;

    friend bool operator==(const Spread &, const Spread &) = default;
};

// One output the replays gave, and how many gave it.
struct DistinctOutput
{
    QString output;
    int count = 0;
    bool original = false; // the same as the source call's

    friend bool operator==(const DistinctOutput &, const DistinctOutput &) = default;
};

// Across N replays: how many reproduced the original, how many distinct answers came back
// (most frequent first), and the spread of latency and cost of those that answered.
struct ReplaySummary
{
    int runs = 0;
    int answered = 0; // status ok
    int identical = 0;
    std::vector<DistinctOutput> outputs;
    std::optional<Spread> latencyUs;
    std::optional<Spread> costMicros;

    friend bool operator==(const ReplaySummary &, const ReplaySummary &) = default;
};

ReplaySummary summarize(const QString &originalOutput, const std::vector<ReplayResult> &results);

} // namespace switchboard::core::replay

Q_DECLARE_METATYPE(switchboard::core::replay::ReplayResult)
Q_DECLARE_METATYPE(switchboard::core::replay::ReplaySummary)
