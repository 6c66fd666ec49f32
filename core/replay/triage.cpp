#include "replay/triage.h"

#include "store/callfilter.h"
#include "store/callrepository.h"
#include "store/connection.h"

#include <QHash>

#include <algorithm>

namespace switchboard::core::replay {

Result<std::vector<TriageEntry>> triageTimeline(store::Connection &connection, const TriageQuery &query)
{
    if (query.userId.trimmed().isEmpty() && query.tenant.trimmed().isEmpty())
        return fail(ErrorCode::InvalidArgument, QStringLiteral("Name the user (or the tenant) whose calls to look into."));
    if (query.untilMs && query.untilMs <= query.sinceMs)
        return fail(ErrorCode::InvalidArgument, QStringLiteral("The window ends before it starts; pick an end after the start."));
    store::CallFilter filter;
    filter.userId = query.userId.trimmed();
    filter.tenant = query.tenant.trimmed();
    filter.sinceMs = query.sinceMs;
    if (query.untilMs)
        filter.untilMs = query.untilMs;
    auto calls = store::CallRepository(connection).page(query.limit, {}, filter, query.untilMs ? query.untilMs : query.sinceMs);
    if (!calls)
        return std::unexpected(calls.error());
    std::vector<TriageEntry> timeline;
    timeline.reserve(calls->size());
    QHash<QString, std::size_t> indexOf;
    for (auto it = calls->rbegin(); it != calls->rend(); ++it) { // oldest first
        indexOf.insert(it->id, timeline.size());
        timeline.push_back({ *it, {} });
    }
    if (timeline.empty())
        return timeline;
    // Each call's attempts, in one read.
    QStringList marks;
    QVariantList ids;
    for (const TriageEntry &entry : timeline) {
        marks << QStringLiteral("?");
        ids << entry.call.id;
    }
    auto attempts = connection.exec(QStringLiteral("SELECT call_id, provider, model FROM call_attempts WHERE call_id IN (%1) "
                                                   "ORDER BY call_id, seq")
                                        .arg(marks.join(u',')),
                                    ids);
    if (!attempts)
        return std::unexpected(attempts.error());
    while (attempts->next()) {
        const auto at = indexOf.constFind(attempts->value(0).toString());
        if (at == indexOf.cend())
            continue;
        const QString target = attempts->value(1).toString() + u'/' + attempts->value(2).toString();
        QStringList &targets = timeline[at.value()].targets;
        if (targets.isEmpty() || targets.back() != target)
            targets << target;
    }
    if (auto read = connection.readCompleted(*attempts); !read)
        return std::unexpected(read.error());
    return timeline;
}

TriageSummary summarize(const std::vector<TriageEntry> &timeline)
{
    TriageSummary summary;
    for (const TriageEntry &entry : timeline) {
        const CallRecord &call = entry.call;
        ++summary.calls;
        summary.failed += call.status != CallStatus::Ok;
        summary.cacheHits += call.cacheHit;
        summary.fallbacks += entry.fellBack();
        summary.replays += call.origin == CallOrigin::Replay;
        if (call.promptVersion) {
            const QString version = QStringLiteral("%1 v%2").arg(call.promptName).arg(call.promptVersion);
            if (!summary.promptVersions.contains(version))
                summary.promptVersions << version;
        }
        if (!call.model.isEmpty() && !summary.models.contains(call.model))
            summary.models << call.model;
    }
    return summary;
}

} // namespace switchboard::core::replay
