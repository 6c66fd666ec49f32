#pragma once

#include "model/callrecord.h"
#include "model/error.h"

#include <QStringList>

#include <vector>

namespace switchboard::core::store {
class Connection;
}

namespace switchboard::core::replay {

// Whose calls support is looking into, and when: a user (or a whole tenant) and a window.
struct TriageQuery
{
    QString userId;
    QString tenant;
    qint64 sinceMs = 0;
    qint64 untilMs = 0;
    int limit = 1000;
};

// One call on the timeline, with the targets it went through in order.
struct TriageEntry
{
    CallRecord call;
    QStringList targets; // provider/model of each attempt, repeated targets once
    bool fellBack() const { return targets.size() > 1; }
};

// What the window holds, counted.
struct TriageSummary
{
    int calls = 0;
    int failed = 0;
    int cacheHits = 0;
    int fallbacks = 0;
    int replays = 0;
    QStringList promptVersions; // "support/answer v2", as first seen
    QStringList models;
};

// The user's (or tenant's) calls in the window, oldest first, at most query.limit; fails
// naming what is missing when neither a user nor a tenant is given.
Result<std::vector<TriageEntry>> triageTimeline(store::Connection &connection, const TriageQuery &query);
TriageSummary summarize(const std::vector<TriageEntry> &timeline);

} // namespace switchboard::core::replay
