#include "evals/evalbatch.h"

#include "evals/evalcase.h"
#include "evals/rubric.h"
#include "execute/callexecution.h"
#include "execute/cancelall.h"
#include "execute/workspaceexecutor.h"
#include "replay/replaysummary.h"
#include "store/datasetrepository.h"
#include "store/evalrunrepository.h"
#include "store/promptrepository.h"

#include <QDateTime>

namespace switchboard::core::evals {
namespace {

QString modelOf(const prompts::ModelConfig &model)
{
    if (!model.alias.isEmpty())
        return model.alias;
    return model.provider.isEmpty() ? model.model : model.provider + u'/' + model.model;
}

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

} // namespace

EvalBatch::EvalBatch(execute::WorkspaceExecutor &workspace, QObject *parent) : QObject(parent), m_workspace(workspace) { }

EvalBatch::~EvalBatch()
{
    const bool interrupted = m_run.id != 0 && !m_ended;
    m_cancelled = true;
    execute::cancelAll(m_running, this);
    if (interrupted) // what it did is kept; resume() asks the rest
        (void)store::EvalRunRepository(m_workspace.connection())
            .setStatus(m_run.id, EvalRunStatus::Cancelled, QStringLiteral("Stopped before it finished."), nowMs());
}

Result<void> EvalBatch::prepare(EvalRun run, bool resuming)
{
    EvalRunSpec &spec = run.spec;
    if (spec.repeats < 1 || spec.repeats > kMaxEvalRepeats)
        return fail(ErrorCode::InvalidArgument, QStringLiteral("Each item is asked 1 to %1 times, not %2.").arg(kMaxEvalRepeats).arg(spec.repeats));
    if (spec.concurrency < 1 || spec.concurrency > kMaxEvalConcurrency)
        return fail(ErrorCode::InvalidArgument,
                    QStringLiteral("An eval run keeps 1 to %1 calls in flight, not %2.").arg(kMaxEvalConcurrency).arg(spec.concurrency));
    if (auto ready = m_workspace.prepare(); !ready)
        return ready;
    store::Connection &connection = m_workspace.connection();
    auto version = store::PromptRepository(connection).version(spec.promptName, spec.promptVersion);
    if (!version)
        return std::unexpected(version.error());
    m_version = version->content;
    if (run.resolvedAlias.isEmpty())
        run.resolvedAlias = spec.alias.isEmpty() ? modelOf(m_version.model) : spec.alias;
    auto target = m_workspace.targetForName(run.resolvedAlias);
    if (!target)
        return fail(target.error().code, QStringLiteral("The model under test, %1: %2").arg(run.resolvedAlias, target.error().message));
    m_target = std::make_unique<execute::Target>(std::move(*target));

    store::DatasetRepository datasets(connection);
    auto dataset = datasets.find(spec.dataset);
    if (!dataset)
        return std::unexpected(dataset.error());
    if (!*dataset)
        return fail(ErrorCode::NotFound, QStringLiteral("The workspace has no dataset \"%1\": import one (switchboard-cli datasets "
                                                        "import) or add calls to one from the request log.")
                                             .arg(spec.dataset));
    if (!resuming)
        run.datasetVersion = (*dataset)->version;
    auto items = datasets.items(spec.dataset, run.datasetVersion);
    if (!items)
        return std::unexpected(items.error());
    if (items->empty())
        return fail(ErrorCode::InvalidArgument, QStringLiteral("Dataset \"%1\" has no items in version %2.").arg(spec.dataset).arg(run.datasetVersion));
    m_items = std::move(*items);
    for (const DatasetItem &item : m_items) {
        auto assertions = assertionsOf(item);
        if (!assertions)
            return fail(ErrorCode::InvalidArgument, QStringLiteral("Dataset \"%1\": %2").arg(spec.dataset, assertions.error().message));
        m_assertions.push_back(std::move(*assertions));
        auto request = caseRequest(m_version, item, run.resolvedAlias);
        m_requestProblems.push_back(request ? QString() : request.error().message);
        m_requests.push_back(request ? std::move(*request) : ChatRequest());
    }
    run.cases = static_cast<int>(m_items.size()) * spec.repeats;

    store::EvalRunRepository runs(connection);
    QSet<std::pair<qint64, int>> done;
    if (resuming) {
        auto already = runs.doneCases(run.id);
        if (!already)
            return std::unexpected(already.error());
        done = std::move(*already);
        if (auto running = runs.setStatus(run.id, EvalRunStatus::Running, QString(), nowMs()); !running)
            return running;
        run.status = EvalRunStatus::Running;
        run.message.clear();
    } else {
        run.startedMs = nowMs();
        auto created = runs.create(run);
        if (!created)
            return std::unexpected(created.error());
        run = std::move(*created);
    }
    for (std::size_t item = 0; item < m_items.size(); ++item)
        for (int repeat = 0; repeat < spec.repeats; ++repeat)
            if (!done.contains({ m_items[item].id, repeat }))
                m_queue.push_back({ item, repeat });
    m_done = static_cast<int>(done.size());
    m_run = std::move(run);
    return {};
}

void EvalBatch::start(const EvalRunSpec &spec)
{
    EvalRun run;
    run.spec = spec;
    if (auto prepared = prepare(std::move(run), false); !prepared) {
        m_ended = true;
        Q_EMIT failed(prepared.error().message);
        return;
    }
    begin();
}

void EvalBatch::resume(qint64 runId)
{
    auto ready = m_workspace.prepare();
    auto found = ready ? store::EvalRunRepository(m_workspace.connection()).load(runId)
                       : Result<std::optional<EvalRun>>(std::unexpected(ready.error()));
    QString problem;
    if (!found)
        problem = found.error().message;
    else if (!*found)
        problem = QStringLiteral("The workspace has no eval run %1.").arg(runId);
    else if ((*found)->status == EvalRunStatus::Finished)
        problem = QStringLiteral("Eval run %1 has finished; there is nothing left to resume.").arg(runId);
    else if (auto prepared = prepare(**found, true); !prepared)
        problem = prepared.error().message;
    if (!problem.isEmpty()) {
        m_ended = true;
        m_run.id = 0;
        Q_EMIT failed(problem);
        return;
    }
    begin();
}

void EvalBatch::begin()
{
    Q_EMIT started(m_run);
    Q_EMIT progress(m_done, m_run.cases);
    startMore();
}

void EvalBatch::startMore()
{
    if (m_ended)
        return;
    while (!m_cancelled && !m_queue.empty() && static_cast<int>(m_running.size()) < m_run.spec.concurrency) {
        const Case next = m_queue.front();
        m_queue.pop_front();
        startCase(next);
        if (m_ended)
            return;
    }
    if (m_running.empty() && (m_queue.empty() || m_cancelled))
        end(m_cancelled ? EvalRunStatus::Cancelled : EvalRunStatus::Finished,
            m_cancelled ? QStringLiteral("Cancelled; resume it to ask the cases left.") : QString());
}

execute::CallExecution *EvalBatch::track(execute::CallExecution *execution)
{
    m_running.emplace_back(execution);
    return execution;
}

void EvalBatch::startCase(const Case &next)
{
    const DatasetItem &item = m_items[next.item];
    if (!m_requestProblems[next.item].isEmpty()) { // never asked: the case fails saying why
        EvalCaseResult result;
        result.itemId = item.id;
        result.repeat = next.repeat;
        result.error = m_requestProblems[next.item];
        complete(std::move(result));
        return;
    }
    execute::CallSpec spec;
    spec.request = m_requests[next.item];
    spec.targets.push_back(*m_target);
    spec.origin = CallOrigin::Eval;
    spec.tags = { QStringLiteral("eval"), QStringLiteral("eval-run:%1").arg(m_run.id) };
    spec.promptName = m_run.spec.promptName;
    spec.promptVersion = static_cast<int>(m_run.spec.promptVersion);
    if (item.input.is_object() && item.input.contains("variables"))
        spec.variablesJson = QByteArray::fromStdString(item.input["variables"].dump());
    execute::CallExecution *execution = track(m_workspace.start(std::move(spec)));
    connect(execution, &execute::CallExecution::finished, this, [this, next, execution](const execute::CallOutcome &outcome) {
        std::erase(m_running, execution);
        onAnswered(next, outcome);
        QMetaObject::invokeMethod(this, &EvalBatch::startMore, Qt::QueuedConnection);
    });
}

void EvalBatch::onAnswered(const Case &done, const execute::CallOutcome &outcome)
{
    const CallRecord &record = outcome.record;
    if (m_cancelled || record.failure == FailureCategory::Cancelled)
        return; // not kept: resume asks it again
    const DatasetItem &item = m_items[done.item];
    EvalCaseResult result;
    result.itemId = item.id;
    result.repeat = done.repeat;
    result.callId = record.id;
    result.latencyMs = record.latencyUs / 1000;
    result.costMicros = record.costMicros;
    result.outputTokens = record.outputTokens;
    result.output = outcome.response ? replay::outputOf(*outcome.response) : QString();
    if (record.status != CallStatus::Ok) {
        result.error = !record.errorMessage.isEmpty() ? record.errorMessage
                                                      : record.failure ? nameOf(*record.failure) : nameOf(record.status);
        complete(std::move(result));
        return;
    }
    const Observation observation { result.output, item.referenceOutput, result.latencyMs, result.costMicros, result.outputTokens };
    std::vector<std::pair<std::size_t, const Assertion *>> rubrics;
    for (const Assertion &assertion : m_assertions[done.item]) {
        if (assertion.type == Assertion::Type::Rubric) {
            rubrics.emplace_back(result.verdicts.size(), &assertion);
            result.verdicts.push_back({ nameOf(assertion), false, 0, QStringLiteral("waiting for the judge") });
            continue;
        }
        const AssertionResult checked = check(assertion, observation);
        result.verdicts.push_back({ nameOf(assertion), checked.passed, checked.score, checked.reason });
    }
    if (rubrics.empty()) {
        complete(std::move(result));
        return;
    }
    const qint64 key = m_nextPending++;
    m_pending[key] = { std::move(result), static_cast<int>(rubrics.size()) };
    const QString question = questionOf(m_requests[done.item]);
    for (const auto &[index, rubric] : rubrics)
        startJudge(key, index, *rubric, question);
}

Result<execute::Target> EvalBatch::judgeTarget(const QString &name)
{
    if (const auto found = m_judges.find(name); found != m_judges.end())
        return found->second;
    auto target = m_workspace.targetForName(name);
    if (target)
        m_judges.emplace(name, *target);
    return target;
}

void EvalBatch::startJudge(qint64 pendingKey, std::size_t verdictIndex, const Assertion &rubric, const QString &question)
{
    const QString judge = !rubric.judge.isEmpty() ? rubric.judge : !m_run.spec.judge.isEmpty() ? m_run.spec.judge : m_run.resolvedAlias;
    const auto settle = [this, pendingKey, verdictIndex](AssertionVerdict verdict) {
        const auto pending = m_pending.find(pendingKey);
        if (pending == m_pending.end())
            return;
        pending->second.result.verdicts[verdictIndex] = std::move(verdict);
        if (--pending->second.judgesLeft > 0)
            return;
        EvalCaseResult result = std::move(pending->second.result);
        m_pending.erase(pending);
        complete(std::move(result));
    };
    const Pending &pending = m_pending.at(pendingKey);
    auto target = judgeTarget(judge);
    if (!target) {
        settle({ nameOf(rubric), false, 0, QStringLiteral("the judge %1 cannot be called: %2").arg(judge, target.error().message) });
        return;
    }
    execute::CallSpec spec;
    spec.request = rubricRequest(rubric, pending.result.output, question, judge);
    spec.targets.push_back(*target);
    spec.origin = CallOrigin::Eval;
    spec.parentId = pending.result.callId;
    spec.tags = { QStringLiteral("eval"), QStringLiteral("eval-run:%1").arg(m_run.id), QStringLiteral("eval-judge") };
    execute::CallExecution *execution = track(m_workspace.start(std::move(spec)));
    connect(execution, &execute::CallExecution::finished, this,
            [this, pendingKey, rubric, judge, settle, execution](const execute::CallOutcome &outcome) {
                std::erase(m_running, execution);
                if (m_cancelled || outcome.record.failure == FailureCategory::Cancelled)
                    m_pending.erase(pendingKey); // the case is asked again on resume
                else if (outcome.record.status != CallStatus::Ok || !outcome.response)
                    settle({ nameOf(rubric), false, 0,
                             QStringLiteral("the judge %1 failed: %2").arg(judge, outcome.record.errorMessage) });
                else {
                    const AssertionResult verdict = rubricVerdict(rubric, replay::outputOf(*outcome.response));
                    settle({ nameOf(rubric), verdict.passed, verdict.score, verdict.reason });
                }
                QMetaObject::invokeMethod(this, &EvalBatch::startMore, Qt::QueuedConnection);
            });
}

void EvalBatch::complete(EvalCaseResult result)
{
    if (result.error.isEmpty()) {
        result.passed = true;
        for (const AssertionVerdict &verdict : result.verdicts)
            result.passed = result.passed && verdict.passed;
    } else {
        result.passed = false;
    }
    if (auto stored = store::EvalRunRepository(m_workspace.connection()).addResult(m_run.id, result); !stored) {
        cancel();
        end(EvalRunStatus::Failed, QStringLiteral("A result could not be saved: %1").arg(stored.error().message));
        return;
    }
    ++m_done;
    Q_EMIT caseFinished(result);
    Q_EMIT progress(m_done, m_run.cases);
}

void EvalBatch::end(EvalRunStatus status, const QString &message)
{
    if (m_ended)
        return;
    m_ended = true;
    store::EvalRunRepository runs(m_workspace.connection());
    auto ended = runs.setStatus(m_run.id, status, message, nowMs());
    auto loaded = ended ? runs.load(m_run.id) : Result<std::optional<EvalRun>>(std::unexpected(ended.error()));
    if (!loaded || !*loaded) {
        Q_EMIT failed(loaded ? QStringLiteral("Eval run %1 could not be read back.").arg(m_run.id) : loaded.error().message);
        return;
    }
    m_run = std::move(**loaded);
    Q_EMIT finished(m_run);
}

void EvalBatch::cancel()
{
    if (m_ended || m_cancelled)
        return;
    m_cancelled = true;
    execute::cancelAll(m_running);
    QMetaObject::invokeMethod(this, &EvalBatch::startMore, Qt::QueuedConnection);
}

} // namespace switchboard::core::evals
