#include "execute/workspaceexecutor.h"

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

#include <QDateTime>

namespace switchboard::core::execute {

WorkspaceExecutor::WorkspaceExecutor(store::WorkspaceLocation location, double speed)
    : m_location(std::move(location))
    , m_speed(speed > 1.0 ? speed : 1.0)
    , m_clock(m_speed > 1.0 ? std::unique_ptr<Clock>(std::make_unique<ScaledClock>(m_speed, QDateTime::currentMSecsSinceEpoch()))
                            : std::make_unique<SteadyClock>())
{
}

WorkspaceExecutor::~WorkspaceExecutor()
{
    m_executor.reset(); // its calls go before the simulations they talk to
    flush();
}

Result<void> WorkspaceExecutor::prepare()
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
    m_simulations = std::make_unique<providers::sim::SimulationHost>(1.0 / m_speed);
    m_executor = std::make_unique<Executor>(ExecutorSettings {}, *m_clock, m_random, std::move(keys), std::move(*prices));
    return {};
}

Result<Target> WorkspaceExecutor::reachable(Result<Target> target)
{
    if (!target)
        return target;
    auto served = m_simulations->serve(target->provider);
    if (!served)
        return std::unexpected(served.error());
    target->provider = std::move(*served);
    return target;
}

Result<Target> WorkspaceExecutor::targetForAlias(const QString &alias)
{
    auto resolved = routing::PinResolver(*m_connection).resolveAlias(alias);
    if (!resolved)
        return std::unexpected(resolved.error());
    return reachable(Target { resolved->provider, resolved->model });
}

Result<Target> WorkspaceExecutor::targetForModel(const QString &provider, const QString &model)
{
    auto resolved = routing::PinResolver(*m_connection).resolveModel(provider, model);
    if (!resolved)
        return std::unexpected(resolved.error());
    return reachable(Target { resolved->provider, resolved->model });
}

Result<Target> WorkspaceExecutor::targetForName(const QString &name)
{
    auto resolved = routing::PinResolver(*m_connection).resolveName(name);
    if (!resolved)
        return std::unexpected(resolved.error());
    return reachable(Target { resolved->provider, resolved->model });
}

CallExecution *WorkspaceExecutor::start(CallSpec spec)
{
    CallExecution *execution = m_executor->start(std::move(spec));
    store::Recorder *recorder = m_recorder.get();
    QObject::connect(execution, &CallExecution::finished, execution,
                     [recorder](const CallOutcome &outcome) { recorder->record(recordOf(outcome)); });
    return execution;
}

void WorkspaceExecutor::flush()
{
    if (m_recorder)
        m_recorder->flush();
}

} // namespace switchboard::core::execute
