#include "store/callimport.h"

#include "store/connection.h"
#include "store/recorder.h"

#include <QSet>

namespace switchboard::core::store {

Result<CallImportSummary> importCalls(const WorkspaceLocation &location, Connection &connection, std::vector<RecordedCall> calls)
{
    constexpr std::size_t kChunk = 500;
    QSet<QString> present;
    for (std::size_t from = 0; from < calls.size(); from += kChunk) {
        const std::size_t to = std::min(calls.size(), from + kChunk);
        QVariantList ids;
        QStringList marks;
        for (std::size_t i = from; i < to; ++i) {
            ids << calls[i].record.id;
            marks << QStringLiteral("?");
        }
        auto found = connection.exec(QStringLiteral("SELECT id FROM calls WHERE id IN (%1)").arg(marks.join(u',')), ids);
        if (!found)
            return std::unexpected(found.error());
        while (found->next())
            present.insert(found->value(0).toString());
    }
    CallImportSummary summary;
    auto recorder = Recorder::start(location);
    if (!recorder)
        return std::unexpected(recorder.error());
    QSet<QString> seen; // the same call twice in one file goes in once
    for (RecordedCall &call : calls) {
        if (present.contains(call.record.id) || seen.contains(call.record.id)) {
            ++summary.alreadyThere;
            continue;
        }
        seen.insert(call.record.id);
        (*recorder)->record(std::move(call));
        ++summary.added;
    }
    if (!(*recorder)->flush())
        return fail(ErrorCode::StoreFailure, QStringLiteral("The imported calls were not all written in time: %1").arg((*recorder)->stats().lastError));
    if (const Recorder::Stats stats = (*recorder)->stats(); stats.deadLettered > 0)
        return fail(ErrorCode::StoreFailure, QStringLiteral("%1 imported call(s) could not be written and went to the dead-letter file: %2")
                                                 .arg(stats.deadLettered)
                                                 .arg(stats.lastError));
    return summary;
}

} // namespace switchboard::core::store
