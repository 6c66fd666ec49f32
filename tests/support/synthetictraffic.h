#pragma once

#include "model/error.h"
#include "store/recordedcall.h"
#include "store/workspace.h"

#include <QtGlobal>

#include <functional>

namespace switchboard::core::store {
class Connection;
}

namespace switchboard::tests {

// Seeded, realistic-looking traffic for dashboards: calls spread evenly over [from, to), cut
// by 4 models (each with its own latency), 8 features, 20 tenants and 4 prompts (and none),
// log-normal latency and token counts, 4 % failures in five categories, and a share of
// replays and eval calls that dashboards must not count. Same seed, same calls.
class SyntheticTraffic final
{
public:
    SyntheticTraffic(quint64 seed, qint64 fromMs, qint64 toMs, qint64 total);

    // Call n of total (0-based); payloads are small and fixed.
    core::store::RecordedCall call(qint64 n) const;
    // Writes calls 0..total-1 as the recorder does (batches, rollups), each first passed to
    // `adjust` when given.
    core::Result<void> writeTo(core::store::Connection &connection,
                               const std::function<void(core::store::RecordedCall &)> &adjust = {}) const;
    // Creates the workspace and writes the calls to it, for a page suite's fixture.
    core::Result<core::store::WorkspaceSummary> writeToNew(const core::store::WorkspaceLocation &location,
                                                           const std::function<void(core::store::RecordedCall &)> &adjust = {}) const;

private:
    quint64 m_seed;
    qint64 m_fromMs;
    qint64 m_toMs;
    qint64 m_total;
};

} // namespace switchboard::tests
