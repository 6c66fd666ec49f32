#include "store/evalrunrepository.h"

#include "store/connection.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace switchboard::core::store {
namespace {

using nlohmann::json;

std::string utf8(const QString &text)
{
    return text.toStdString();
}

QString qstring(const json &object, const char *key)
{
    return object.is_object() && object.contains(key) && object[key].is_string()
               ? QString::fromStdString(object[key].get<std::string>())
               : QString();
}

qint64 number(const json &object, const char *key)
{
    return object.is_object() && object.contains(key) && object[key].is_number() ? object[key].get<qint64>() : 0;
}

// What the run row keeps in summary_json: what was resolved when it started, and the
// percentiles as of its last status change.
QString summaryJson(const evals::EvalRun &run)
{
    return QString::fromStdString(json { { "resolved_alias", utf8(run.resolvedAlias) },
                                         { "cases", run.cases },
                                         { "concurrency", run.spec.concurrency },
                                         { "latency_p50_ms", run.latencyP50Ms },
                                         { "latency_p95_ms", run.latencyP95Ms } }
                                      .dump());
}

constexpr char kRunColumns[] =
    "SELECT r.id, d.name, r.dataset_version, r.prompt_name, r.prompt_version, r.alias, r.repeats, r.status, "
    "r.started_ms, r.finished_ms, r.summary_json, r.judge, r.message, COUNT(x.item_id), COALESCE(SUM(x.passed), 0), "
    "COALESCE(SUM(CASE WHEN x.error <> '' THEN 1 ELSE 0 END), 0), COALESCE(SUM(x.cost_micros), 0) "
    "FROM eval_runs r JOIN datasets d ON d.id = r.dataset_id LEFT JOIN eval_results x ON x.run_id = r.id ";

evals::EvalRun runFrom(const QSqlQuery &row)
{
    evals::EvalRun run;
    run.id = row.value(0).toLongLong();
    run.spec.dataset = row.value(1).toString();
    run.datasetVersion = row.value(2).toLongLong();
    run.spec.promptName = row.value(3).toString();
    run.spec.promptVersion = row.value(4).toLongLong();
    run.spec.alias = row.value(5).toString();
    run.spec.repeats = row.value(6).toInt();
    run.status = evals::evalRunStatusFromString(row.value(7).toString()).value_or(evals::EvalRunStatus::Failed);
    run.startedMs = row.value(8).toLongLong();
    run.finishedMs = row.value(9).toLongLong();
    const json summary = json::parse(row.value(10).toString().toStdString(), nullptr, false);
    run.resolvedAlias = qstring(summary, "resolved_alias");
    run.cases = static_cast<int>(number(summary, "cases"));
    run.spec.concurrency = std::max(1, static_cast<int>(number(summary, "concurrency")));
    run.latencyP50Ms = number(summary, "latency_p50_ms");
    run.latencyP95Ms = number(summary, "latency_p95_ms");
    run.spec.judge = row.value(11).toString();
    run.message = row.value(12).toString();
    run.done = row.value(13).toInt();
    run.passed = row.value(14).toInt();
    run.errored = row.value(15).toInt();
    run.costMicros = row.value(16).toLongLong();
    return run;
}

json verdictsJson(const std::vector<evals::AssertionVerdict> &verdicts)
{
    json out = json::array();
    for (const evals::AssertionVerdict &verdict : verdicts)
        out.push_back({ { "assertion", utf8(verdict.assertion) },
                        { "passed", verdict.passed },
                        { "score", verdict.score },
                        { "reason", utf8(verdict.reason) } });
    return out;
}

std::vector<evals::AssertionVerdict> verdictsFrom(const QString &text)
{
    std::vector<evals::AssertionVerdict> out;
    const json parsed = json::parse(text.toStdString(), nullptr, false);
    if (!parsed.is_array())
        return out;
    for (const json &entry : parsed) {
        evals::AssertionVerdict verdict;
        verdict.assertion = qstring(entry, "assertion");
        verdict.passed = entry.is_object() && entry.value("passed", false);
        verdict.score = entry.is_object() && entry.contains("score") && entry["score"].is_number() ? entry["score"].get<double>() : 0.0;
        verdict.reason = qstring(entry, "reason");
        out.push_back(std::move(verdict));
    }
    return out;
}

} // namespace

Result<evals::EvalRun> EvalRunRepository::create(const evals::EvalRun &run)
{
    evals::EvalRun created = run;
    Result<void> written = m_connection.writeTransaction([&]() -> Result<void> {
        auto dataset = m_connection.exec(QStringLiteral("SELECT id FROM datasets WHERE name = ?"), { run.spec.dataset });
        if (!dataset)
            return std::unexpected(dataset.error());
        if (!dataset->next())
            return fail(ErrorCode::NotFound, QStringLiteral("The workspace has no dataset \"%1\".").arg(run.spec.dataset));
        auto inserted = m_connection.exec(
            QStringLiteral("INSERT INTO eval_runs (dataset_id, dataset_version, prompt_name, prompt_version, alias, repeats, "
                           "status, started_ms, summary_json, judge) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"),
            { dataset->value(0), run.datasetVersion, run.spec.promptName, run.spec.promptVersion, run.spec.alias,
              run.spec.repeats, nameOf(evals::EvalRunStatus::Running), run.startedMs, summaryJson(run), run.spec.judge });
        if (!inserted)
            return std::unexpected(inserted.error());
        if (!inserted->next())
            return fail(ErrorCode::StoreFailure, QStringLiteral("The eval run was not saved; try again."));
        created.id = inserted->value(0).toLongLong();
        created.status = evals::EvalRunStatus::Running;
        return {};
    });
    if (!written)
        return std::unexpected(written.error());
    return created;
}

Result<void> EvalRunRepository::addResult(qint64 runId, const evals::EvalCaseResult &result)
{
    return m_connection.writeTransaction([&]() -> Result<void> {
        auto inserted = m_connection.exec(
            QStringLiteral("INSERT INTO eval_results (run_id, item_id, repeat_index, call_id, passed, output, assertions_json, "
                           "latency_ms, cost_micros, output_tokens, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
            { runId, result.itemId, result.repeat, result.callId, result.passed ? 1 : 0, result.output,
              QString::fromStdString(verdictsJson(result.verdicts).dump()), result.latencyMs, result.costMicros,
              result.outputTokens, result.error });
        if (!inserted)
            return std::unexpected(inserted.error());
        return {};
    });
}

Result<void> EvalRunRepository::setStatus(qint64 runId, evals::EvalRunStatus status, const QString &message, qint64 atMs)
{
    auto run = load(runId);
    if (!run)
        return std::unexpected(run.error());
    if (!*run)
        return fail(ErrorCode::NotFound, QStringLiteral("The workspace has no eval run %1.").arg(runId));
    const bool ended = status != evals::EvalRunStatus::Running;
    auto updated = m_connection.exec(
        QStringLiteral("UPDATE eval_runs SET status = ?, message = ?, finished_ms = ?, summary_json = ? WHERE id = ?"),
        { nameOf(status), message, ended ? nullableValue(atMs) : nullableValue(std::nullopt), summaryJson(**run), runId });
    if (!updated)
        return std::unexpected(updated.error());
    return {};
}

Result<std::vector<evals::EvalRun>> EvalRunRepository::list(const QString &promptName, int limit)
{
    const QString where = promptName.isEmpty() ? QString() : QStringLiteral("WHERE r.prompt_name = ? ");
    QVariantList values;
    if (!promptName.isEmpty())
        values << promptName;
    values << limit;
    auto rows = m_connection.exec(QLatin1String(kRunColumns) + where
                                      + QStringLiteral("GROUP BY r.id, d.name ORDER BY r.id DESC LIMIT ?"),
                                  values);
    if (!rows)
        return std::unexpected(rows.error());
    std::vector<evals::EvalRun> out;
    while (rows->next())
        out.push_back(runFrom(*rows));
    if (auto read = m_connection.readCompleted(*rows); !read)
        return std::unexpected(read.error());
    return out;
}

Result<std::optional<evals::EvalRun>> EvalRunRepository::load(qint64 runId)
{
    auto rows = m_connection.exec(QLatin1String(kRunColumns) + QStringLiteral("WHERE r.id = ? GROUP BY r.id, d.name"), { runId });
    if (!rows)
        return std::unexpected(rows.error());
    if (!rows->next())
        return std::optional<evals::EvalRun>();
    evals::EvalRun run = runFrom(*rows);
    auto cases = results(runId);
    if (!cases)
        return std::unexpected(cases.error());
    evals::tally(run, *cases);
    return std::optional<evals::EvalRun>(std::move(run));
}

Result<std::vector<evals::EvalCaseResult>> EvalRunRepository::results(qint64 runId)
{
    auto rows = m_connection.exec(QStringLiteral("SELECT item_id, repeat_index, call_id, passed, output, assertions_json, "
                                                 "latency_ms, cost_micros, output_tokens, error FROM eval_results "
                                                 "WHERE run_id = ? ORDER BY item_id, repeat_index"),
                                  { runId });
    if (!rows)
        return std::unexpected(rows.error());
    std::vector<evals::EvalCaseResult> out;
    while (rows->next()) {
        evals::EvalCaseResult result;
        result.itemId = rows->value(0).toLongLong();
        result.repeat = rows->value(1).toInt();
        result.callId = rows->value(2).toString();
        result.passed = rows->value(3).toInt() != 0;
        result.output = rows->value(4).toString();
        result.verdicts = verdictsFrom(rows->value(5).toString());
        result.latencyMs = rows->value(6).toLongLong();
        result.costMicros = rows->value(7).toLongLong();
        result.outputTokens = rows->value(8).toLongLong();
        result.error = rows->value(9).toString();
        out.push_back(std::move(result));
    }
    if (auto read = m_connection.readCompleted(*rows); !read)
        return std::unexpected(read.error());
    return out;
}

Result<QSet<std::pair<qint64, int>>> EvalRunRepository::doneCases(qint64 runId)
{
    auto rows = m_connection.exec(QStringLiteral("SELECT item_id, repeat_index FROM eval_results WHERE run_id = ?"), { runId });
    if (!rows)
        return std::unexpected(rows.error());
    QSet<std::pair<qint64, int>> out;
    while (rows->next())
        out.insert({ rows->value(0).toLongLong(), rows->value(1).toInt() });
    if (auto read = m_connection.readCompleted(*rows); !read)
        return std::unexpected(read.error());
    return out;
}

} // namespace switchboard::core::store
