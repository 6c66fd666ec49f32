#include "replay/replaybatch.h"

#include "execute/callexecution.h"
#include "execute/cancelall.h"
#include "execute/workspaceexecutor.h"
#include "store/callrepository.h"

#include <nlohmann/json.hpp>

namespace switchboard::core::replay {
namespace {

int concurrencyOf(const ProviderConfig &provider)
{
    const auto settings = nlohmann::json::parse(provider.settingsJson.toStdString(), nullptr, false);
    if (settings.is_object() && settings.contains("max_concurrency") && settings["max_concurrency"].is_number_integer())
        return std::clamp(settings["max_concurrency"].get<int>(), 1, kMaxReplayRuns);
    return kDefaultReplayConcurrency;
}

} // namespace

ReplayBatch::ReplayBatch(execute::WorkspaceExecutor &workspace, QObject *parent) : QObject(parent), m_workspace(workspace) { }

ReplayBatch::~ReplayBatch()
{
    // Running replays end as cancelled and are still recorded; nobody is told any more.
    m_cancelled = true;
    execute::cancelAll(m_running, this);
}

Result<void> ReplayBatch::prepare(const ReplayJob &job)
{
    if (job.runs < 1 || job.runs > kMaxReplayRuns)
        return fail(ErrorCode::InvalidArgument,
                    QStringLiteral("A call is replayed 1 to %1 times at once, not %2.").arg(kMaxReplayRuns).arg(job.runs));
    if (auto ready = m_workspace.prepare(); !ready)
        return ready;
    auto source = store::CallRepository(m_workspace.connection()).load(job.callId);
    if (!source)
        return std::unexpected(source.error());
    if (!*source)
        return fail(ErrorCode::NotFound, QStringLiteral("The workspace has no call %1; copy its id from the request log.")
                                             .arg(job.callId));
    auto plan = planReplay(**source, job.change, m_workspace.connection());
    if (!plan)
        return std::unexpected(plan.error());
    auto target = m_workspace.targetForModel(plan->provider, plan->model);
    if (!target)
        return std::unexpected(target.error());
    m_plan = std::move(*plan);
    m_target = std::make_unique<execute::Target>(std::move(*target));
    m_concurrency = concurrencyOf(m_target->provider);
    m_sourceOutput = outputOf((*source)->responseJson);
    m_runs = job.runs;
    Q_EMIT planned(m_plan, **source);
    return {};
}

void ReplayBatch::start(const ReplayJob &job)
{
    if (auto prepared = prepare(job); !prepared) {
        m_done = true;
        Q_EMIT failed(prepared.error().message);
        return;
    }
    Q_EMIT progress(0, m_runs);
    startMore();
}

void ReplayBatch::startMore()
{
    while (!m_cancelled && m_started < m_runs && static_cast<int>(m_running.size()) < m_concurrency) {
        execute::CallSpec spec;
        spec.request = m_plan.request;
        spec.targets.push_back(*m_target);
        spec.origin = CallOrigin::Replay;
        spec.parentId = m_plan.sourceId;
        spec.tenant = m_plan.tenant;
        spec.feature = m_plan.feature;
        spec.userId = m_plan.userId;
        spec.tags = m_plan.tags;
        spec.promptName = m_plan.promptName;
        spec.promptVersion = m_plan.promptVersion;
        spec.variablesJson = m_plan.variablesJson;
        const int run = ++m_started;
        execute::CallExecution *execution = m_workspace.start(std::move(spec));
        m_running.emplace_back(execution);
        connect(execution, &execute::CallExecution::finished, this,
                [this, run, execution](const execute::CallOutcome &outcome) {
                    std::erase(m_running, execution);
                    onFinished(run, outcome);
                });
    }
    if (m_running.empty() && !m_done) {
        m_done = true;
        std::sort(m_results.begin(), m_results.end(),
                  [](const ReplayResult &a, const ReplayResult &b) { return a.run < b.run; });
        Q_EMIT finished(summarize(m_sourceOutput, m_results), m_cancelled);
    }
}

void ReplayBatch::onFinished(int run, const execute::CallOutcome &outcome)
{
    ReplayResult result { run, outcome.record, outcome.response ? outputOf(*outcome.response) : QString() };
    m_results.push_back(result);
    Q_EMIT replayed(result);
    Q_EMIT progress(static_cast<int>(m_results.size()), m_runs);
    QMetaObject::invokeMethod(this, &ReplayBatch::startMore, Qt::QueuedConnection);
}

void ReplayBatch::cancel()
{
    if (m_done)
        return;
    m_cancelled = true;
    execute::cancelAll(m_running);
    QMetaObject::invokeMethod(this, &ReplayBatch::startMore, Qt::QueuedConnection);
}

} // namespace switchboard::core::replay
