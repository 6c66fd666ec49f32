#include "playgroundworker.h"

#include "execute/callexecution.h"

namespace switchboard::core::execute {

PlaygroundWorker::PlaygroundWorker(store::WorkspaceLocation location) : m_workspace(std::move(location)) { }

PlaygroundWorker::~PlaygroundWorker()
{
    for (const QPointer<CallExecution> &execution : std::as_const(m_running))
        if (execution)
            execution->cancel();
}

void PlaygroundWorker::run(const PlaygroundRun &run)
{
    if (run.alias.isEmpty() && (run.provider.isEmpty() || run.model.isEmpty())) {
        Q_EMIT failed(run.slot, tr("Choose a pinned alias, or a provider and a model, to run against."));
        return;
    }
    if (auto ready = m_workspace.prepare(); !ready) {
        Q_EMIT failed(run.slot, ready.error().message);
        return;
    }
    auto target = !run.alias.isEmpty() ? m_workspace.targetForAlias(run.alias)
                                       : m_workspace.targetForModel(run.provider, run.model);
    if (!target) {
        Q_EMIT failed(run.slot, target.error().message);
        return;
    }
    // A new run in a pane replaces the one still going there, which ends unseen.
    if (const QPointer<CallExecution> superseded = m_running.take(run.slot))
        superseded->cancel();
    CallSpec spec;
    spec.request = run.request;
    spec.request.model = run.alias.isEmpty() ? run.model : run.alias;
    spec.request.stream = true;
    spec.targets.push_back(*target);
    spec.origin = CallOrigin::Playground;
    spec.feature = QStringLiteral("playground");
    spec.promptName = run.promptName;
    spec.promptVersion = run.promptVersion;
    Q_EMIT started(run.slot, target->provider.name, target->model);
    CallExecution *execution = m_workspace.start(std::move(spec));
    m_running.insert(run.slot, execution);
    const int slot = run.slot;
    connect(execution, &CallExecution::delta, this, [this, slot](const StreamDelta &piece) {
        if (!piece.text.isEmpty())
            Q_EMIT delta(slot, piece.text);
    });
    connect(execution, &CallExecution::finished, this, [this, slot, execution](const CallOutcome &outcome) {
        if (m_running.value(slot) != execution)
            return;
        m_running.remove(slot);
        Q_EMIT finished(slot, outcome);
    });
}

void PlaygroundWorker::cancel(int slot)
{
    // It finishes as cancelled, and that is reported like any end.
    if (const QPointer<CallExecution> execution = m_running.value(slot))
        execution->cancel();
}

} // namespace switchboard::core::execute
