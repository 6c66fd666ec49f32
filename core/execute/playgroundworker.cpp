#include "playgroundworker.h"

#include "execute/callexecution.h"
#include "execute/executor.h"
#include "execute/outcomerecord.h"
#include "providers/keychain.h"
#include "providers/sim/simulationhost.h"
#include "routing/pinresolver.h"
#include "store/connection.h"
#include "store/pricerepository.h"
#include "store/providerrepository.h"
#include "store/recorder.h"

namespace switchboard::core::execute {

PlaygroundWorker::PlaygroundWorker(store::WorkspaceLocation location) : m_location(std::move(location)) { }

PlaygroundWorker::~PlaygroundWorker()
{
    for (const QPointer<CallExecution> &execution : std::as_const(m_running))
        if (execution)
            execution->cancel();
    m_executor.reset(); // its calls go before the simulations they talk to
    if (m_recorder)
        m_recorder->flush();
}

Result<void> PlaygroundWorker::prepare()
{
    if (m_executor)
        return {};
    auto connection = store::Connection::open(m_location);
    if (!connection)
        return std::unexpected(connection.error());
    auto providerList = store::ProviderRepository(**connection).list();
    if (!providerList)
        return std::unexpected(providerList.error());
    auto prices = store::PriceRepository(**connection).loadPriceBook();
    if (!prices)
        return std::unexpected(prices.error());
    providers::KeyResolver keys;
    // Without a keychain, providers keyed by environment variables still work: not fatal.
    (void)providers::loadKeychainKeys(keys, *providerList);
    auto recorder = store::Recorder::start(m_location);
    if (!recorder)
        return std::unexpected(recorder.error());
    m_connection = std::move(*connection);
    m_recorder = std::move(*recorder);
    m_simulations = std::make_unique<providers::sim::SimulationHost>();
    m_executor = std::make_unique<Executor>(ExecutorSettings {}, m_clock, m_random, std::move(keys), std::move(*prices));
    return {};
}

Result<Target> PlaygroundWorker::targetFor(const PlaygroundRun &run)
{
    routing::PinResolver pins(*m_connection);
    auto resolved = !run.alias.isEmpty() ? pins.resolveAlias(run.alias) : pins.resolveModel(run.provider, run.model);
    if (!resolved)
        return std::unexpected(resolved.error());
    auto reachable = m_simulations->serve(resolved->provider);
    if (!reachable)
        return std::unexpected(reachable.error());
    return Target { *reachable, resolved->model };
}

void PlaygroundWorker::run(const PlaygroundRun &run)
{
    if (run.alias.isEmpty() && (run.provider.isEmpty() || run.model.isEmpty())) {
        Q_EMIT failed(run.slot, tr("Choose a pinned alias, or a provider and a model, to run against."));
        return;
    }
    if (auto ready = prepare(); !ready) {
        Q_EMIT failed(run.slot, ready.error().message);
        return;
    }
    auto target = targetFor(run);
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
    CallExecution *execution = m_executor->start(std::move(spec));
    m_running.insert(run.slot, execution);
    const int slot = run.slot;
    connect(execution, &CallExecution::delta, this, [this, slot](const StreamDelta &piece) {
        if (!piece.text.isEmpty())
            Q_EMIT delta(slot, piece.text);
    });
    connect(execution, &CallExecution::finished, this, [this, slot, execution](const CallOutcome &outcome) {
        m_recorder->record(recordOf(outcome));
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
