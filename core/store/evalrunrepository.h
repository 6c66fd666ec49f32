#pragma once

#include "evals/evalrun.h"
#include "model/error.h"

#include <QSet>

#include <optional>
#include <utility>
#include <vector>

namespace switchboard::core::store {

class Connection;

// Eval runs and their cases. A run keeps the dataset version it ran on; its cases are written
// one by one as they finish, so a cancelled run (or a program that stopped) keeps what it
// did and resumes with the rest.
class EvalRunRepository final
{
public:
    explicit EvalRunRepository(Connection &connection) : m_connection(connection) { }

    // A new run, running; returns it with its id.
    Result<evals::EvalRun> create(const evals::EvalRun &run);
    Result<void> addResult(qint64 runId, const evals::EvalCaseResult &result);
    // Running again (resume), or ended: cancelled, finished or failed, with why.
    Result<void> setStatus(qint64 runId, evals::EvalRunStatus status, const QString &message, qint64 atMs);

    // Newest first; of one prompt when named. Percentiles are those of the run's last status change.
    Result<std::vector<evals::EvalRun>> list(const QString &promptName = {}, int limit = 200);
    // With every figure worked out from its cases.
    Result<std::optional<evals::EvalRun>> load(qint64 runId);
    // By item, then repeat.
    Result<std::vector<evals::EvalCaseResult>> results(qint64 runId);
    // The (item, repeat) cases a run has done.
    Result<QSet<std::pair<qint64, int>>> doneCases(qint64 runId);

private:
    Connection &m_connection;
};

} // namespace switchboard::core::store
