#include "store/labelgaterepository.h"

#include "evals/evalcomparison.h"
#include "store/auditlogrepository.h"
#include "store/connection.h"
#include "store/datasetrepository.h"
#include "store/evalrunrepository.h"

#include <QDateTime>

namespace switchboard::core::store {
namespace {

LabelGate gateFrom(const QSqlQuery &row)
{
    return { row.value(0).toString(), row.value(1).toString(), row.value(2).toString(), row.value(3).toDouble() };
}

} // namespace

Result<std::vector<LabelGate>> LabelGateRepository::list(const QString &promptName)
{
    auto rows = promptName.isEmpty()
                    ? m_connection.exec(QStringLiteral("SELECT prompt_name, label, dataset_name, threshold FROM label_gates "
                                                       "ORDER BY prompt_name, label"))
                    : m_connection.exec(QStringLiteral("SELECT prompt_name, label, dataset_name, threshold FROM label_gates "
                                                       "WHERE prompt_name = ? ORDER BY label"),
                                        { promptName });
    if (!rows)
        return std::unexpected(rows.error());
    std::vector<LabelGate> out;
    while (rows->next())
        out.push_back(gateFrom(*rows));
    if (auto read = m_connection.readCompleted(*rows); !read)
        return std::unexpected(read.error());
    return out;
}

Result<std::optional<LabelGate>> LabelGateRepository::find(const QString &promptName, const QString &label)
{
    auto rows = m_connection.exec(QStringLiteral("SELECT prompt_name, label, dataset_name, threshold FROM label_gates "
                                                 "WHERE prompt_name = ? AND label = ?"),
                                  { promptName, label });
    if (!rows)
        return std::unexpected(rows.error());
    if (!rows->next())
        return std::optional<LabelGate>();
    return std::optional<LabelGate>(gateFrom(*rows));
}

Result<void> LabelGateRepository::set(const LabelGate &gate, const QString &actor)
{
    if (gate.promptName.trimmed().isEmpty() || gate.label.trimmed().isEmpty() || gate.dataset.trimmed().isEmpty())
        return fail(ErrorCode::InvalidArgument, QStringLiteral("A gate names the prompt, the label and the dataset a run must pass."));
    if (!(gate.threshold > 0 && gate.threshold <= 1))
        return fail(ErrorCode::InvalidArgument, QStringLiteral("A gate's threshold is a pass rate above 0 and at most 100 %."));
    return m_connection.writeTransaction([&]() -> Result<void> {
        auto exists = m_connection.exec(QStringLiteral("SELECT 1 FROM prompts WHERE name = ?"), { gate.promptName });
        if (!exists)
            return std::unexpected(exists.error());
        if (!exists->next())
            return fail(ErrorCode::NotFound, QStringLiteral("The workspace has no prompt \"%1\".").arg(gate.promptName));
        auto dataset = DatasetRepository(m_connection).find(gate.dataset);
        if (!dataset)
            return std::unexpected(dataset.error());
        if (!*dataset)
            return fail(ErrorCode::NotFound, QStringLiteral("The workspace has no dataset \"%1\" to gate on.").arg(gate.dataset));
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        auto written = m_connection.exec(QStringLiteral("INSERT INTO label_gates (prompt_name, label, dataset_name, threshold, "
                                                        "updated_ms) VALUES (?, ?, ?, ?, ?) ON CONFLICT (prompt_name, label) DO "
                                                        "UPDATE SET dataset_name = excluded.dataset_name, threshold = "
                                                        "excluded.threshold, updated_ms = excluded.updated_ms"),
                                         { gate.promptName, gate.label, gate.dataset, gate.threshold, now });
        if (!written)
            return std::unexpected(written.error());
        return AuditLogRepository(m_connection)
            .append(now, actor, QStringLiteral("label.gate"), QStringLiteral("prompt"), gate.promptName,
                    QStringLiteral("%1 needs a run on %2 passing at least %3")
                        .arg(gate.label, gate.dataset, evals::percent(gate.threshold)));
    });
}

Result<void> LabelGateRepository::remove(const QString &promptName, const QString &label, const QString &actor)
{
    return m_connection.writeTransaction([&]() -> Result<void> {
        auto removed = m_connection.exec(QStringLiteral("DELETE FROM label_gates WHERE prompt_name = ? AND label = ? RETURNING label"),
                                         { promptName, label });
        if (!removed)
            return std::unexpected(removed.error());
        if (!removed->next())
            return fail(ErrorCode::NotFound, QStringLiteral("\"%1\" of %2 has no gate to remove.").arg(label, promptName));
        return AuditLogRepository(m_connection)
            .append(QDateTime::currentMSecsSinceEpoch(), actor, QStringLiteral("label.ungate"), QStringLiteral("prompt"),
                    promptName, QStringLiteral("%1 no longer needs an eval run").arg(label));
    });
}

Result<void> LabelGateRepository::check(const QString &promptName, const QString &label, qint64 version)
{
    auto gate = find(promptName, label);
    if (!gate)
        return std::unexpected(gate.error());
    if (!*gate)
        return {};
    // A rollback to a version the label held before is never held up: it is how incidents end.
    auto held = m_connection.exec(QStringLiteral("SELECT 1 FROM prompt_label_history h JOIN prompts p ON p.id = h.prompt_id "
                                                 "WHERE p.name = ? AND h.label = ? AND h.to_version = ?"),
                                  { promptName, label, version });
    if (!held)
        return std::unexpected(held.error());
    if (held->next())
        return {};
    auto dataset = DatasetRepository(m_connection).find((*gate)->dataset);
    if (!dataset)
        return std::unexpected(dataset.error());
    const QString howTo = QStringLiteral("Run it in the Evals page, or: switchboard-cli eval --prompt %1@%2 --dataset %3")
                              .arg(promptName).arg(version).arg((*gate)->dataset);
    const QString head = QStringLiteral("Moving %1 of %2 to version %3 needs a finished eval run on dataset \"%4\" passing at "
                                        "least %5.")
                             .arg(label, promptName).arg(version).arg((*gate)->dataset, evals::percent((*gate)->threshold));
    if (!*dataset)
        return fail(ErrorCode::Conflict, head + QStringLiteral(" That dataset no longer exists: change or remove the gate."));
    auto runs = EvalRunRepository(m_connection).list(promptName);
    if (!runs)
        return std::unexpected(runs.error());
    const evals::EvalRun *best = nullptr;
    bool olderOnly = false;
    for (const evals::EvalRun &run : *runs) {
        if (run.spec.promptVersion != version || run.spec.dataset != (*gate)->dataset || run.status != evals::EvalRunStatus::Finished)
            continue;
        if (run.datasetVersion != (*dataset)->version) {
            olderOnly = true;
            continue;
        }
        if (!best || run.passRate() > best->passRate())
            best = &run;
    }
    if (best && best->passRate() >= (*gate)->threshold)
        return {};
    if (best)
        return fail(ErrorCode::Conflict, head + QStringLiteral(" Its best run, #%1, passed %2. %3")
                                                    .arg(best->id).arg(evals::percent(best->passRate()), howTo));
    if (olderOnly)
        return fail(ErrorCode::Conflict, head + QStringLiteral(" Its runs were on an older version of the dataset (now v%1). %2")
                                                    .arg((*dataset)->version).arg(howTo));
    return fail(ErrorCode::Conflict, head + QStringLiteral(" Version %1 has no finished run on it. %2").arg(version).arg(howTo));
}

} // namespace switchboard::core::store
