#include "demo/demotraffic.h"

#include "execute/callexecution.h"
#include "execute/executor.h"
#include "execute/outcomerecord.h"
#include "model/callid.h"
#include "providers/sim/simrandom.h"
#include "providers/sim/simulationhost.h"
#include "store/recorder.h"

namespace switchboard::core::demo {

using execute::CallOutcome;
using execute::Target;

// Jitter that follows the recipe's seed.
class DemoTraffic::SeededRandom final : public execute::RandomSource
{
public:
    explicit SeededRandom(quint64 seed) : m_random(seed) { }
    double uniform() override { return m_random.uniform(); }

private:
    providers::sim::SimRandom m_random;
};

DemoTraffic::DemoTraffic(DemoRecipe recipe, std::vector<PlannedCall> plan, std::vector<ProviderConfig> providers,
                         pricing::PriceBook prices, store::Recorder &recorder, Settings settings, QObject *parent)
    : QObject(parent)
    , m_recipe(std::move(recipe))
    , m_plan(std::move(plan))
    , m_providers(std::move(providers))
    , m_prices(std::move(prices))
    , m_recorder(recorder)
    , m_settings(settings)
    , m_clock(settings.speed, 0)
    , m_random(std::make_unique<SeededRandom>(m_recipe.seed ^ 0x5eedULL))
    , m_host(std::make_unique<providers::sim::SimulationHost>(1.0 / settings.speed))
{
}

DemoTraffic::~DemoTraffic()
{
    // Running calls belong to the executor; end them before it goes.
    m_cancelled = true;
    for (QObject *running : std::as_const(m_running)) {
        disconnect(running, nullptr, this, nullptr);
        static_cast<execute::CallExecution *>(running)->cancel();
    }
    m_executor.reset();
}

Result<void> DemoTraffic::start()
{
    QHash<QString, ProviderConfig> served;
    for (const ProviderConfig &provider : m_providers) {
        auto reachable = m_host->serve(provider);
        if (!reachable)
            return std::unexpected(reachable.error());
        served.insert(provider.name, *reachable);
    }
    for (const DemoRecipe::Alias &alias : m_recipe.aliases) {
        std::vector<Target> targets;
        for (const DemoRecipe::Route &route : { alias.primary }) {
            if (!served.contains(route.provider))
                return fail(ErrorCode::InvalidArgument,
                            QStringLiteral("Alias \"%1\" routes to provider \"%2\", which the workspace does not have.")
                                .arg(alias.alias, route.provider));
            targets.push_back({ served.value(route.provider), route.model });
        }
        for (const DemoRecipe::Route &route : alias.fallbacks) {
            if (served.contains(route.provider))
                targets.push_back({ served.value(route.provider), route.model });
        }
        m_targets.insert(alias.alias, std::move(targets));
    }
    m_executor = std::make_unique<execute::Executor>(execute::ExecutorSettings {}, m_clock, *m_random,
                                                     providers::KeyResolver {}, m_prices);
    QMetaObject::invokeMethod(this, &DemoTraffic::startMore, Qt::QueuedConnection);
    return {};
}

void DemoTraffic::cancel()
{
    if (m_cancelled)
        return;
    m_cancelled = true;
    const QList<QObject *> running = m_running;
    for (QObject *execution : running)
        static_cast<execute::CallExecution *>(execution)->cancel();
    finishIfDone();
}

void DemoTraffic::finishIfDone()
{
    if (m_finished || !m_running.isEmpty() || (!m_cancelled && m_next < m_plan.size()))
        return;
    m_finished = true;
    Q_EMIT finished(m_cancelled);
}

void DemoTraffic::applyIncidents(double dayOffset)
{
    int active = 0;
    for (std::size_t i = 0; i < m_recipe.incidents.size(); ++i) {
        if (m_recipe.incidents[i].kind != DemoRecipe::IncidentKind::CostSpike && m_recipe.incidents[i].activeAt(dayOffset))
            active |= 1 << i;
    }
    if (active == m_activeIncidents)
        return;
    m_activeIncidents = active;
    for (const ProviderConfig &provider : m_providers)
        m_host->clearConditions(provider.name);
    for (std::size_t i = 0; i < m_recipe.incidents.size(); ++i) {
        if (!(active & (1 << i)))
            continue;
        const DemoRecipe::Incident &incident = m_recipe.incidents[i];
        providers::sim::SimConditions conditions;
        if (incident.kind == DemoRecipe::IncidentKind::RateLimitStorm)
            conditions.rateLimitedRate = incident.rate;
        else
            conditions.latencyFactor = incident.factor;
        m_host->setConditions(incident.provider, incident.model, conditions);
    }
}

void DemoTraffic::startMore()
{
    while (!m_cancelled && m_running.size() < m_settings.concurrency && m_next < m_plan.size()) {
        const PlannedCall &planned = m_plan[m_next++];
        applyIncidents(planned.dayOffset);
        const DemoRecipe::Feature &feature = m_recipe.features[static_cast<std::size_t>(planned.feature)];
        execute::CallSpec spec;
        spec.request = planned.request;
        spec.targets = m_targets.value(feature.alias);
        spec.origin = CallOrigin::Gateway;
        spec.tenant = planned.tenant;
        spec.gatewayKeyId = m_keyIdByTenant.value(planned.tenant);
        spec.feature = feature.name;
        spec.userId = planned.userId;
        spec.promptName = feature.prompt;
        spec.promptVersion = feature.prompt.isEmpty() ? 0 : 1;
        if (!planned.variables.is_null())
            spec.variablesJson = QByteArray::fromStdString(planned.variables.dump());
        spec.deadlineMs = 60'000;
        spec.attemptTimeouts = { 30'000, 10'000 };
        execute::CallExecution *execution = m_executor->start(std::move(spec));
        m_running.append(execution);
        connect(execution, &execute::CallExecution::finished, this, [this, execution, &planned](const CallOutcome &outcome) {
            m_running.removeOne(execution);
            onFinished(planned, outcome);
        });
    }
    finishIfDone();
}

void DemoTraffic::onFinished(const PlannedCall &planned, CallOutcome outcome)
{
    // Stamp the call with its place in the week; keep its attempts where they were relative
    // to it.
    const qint64 shift = planned.arrivalMs - outcome.record.startedMs;
    outcome.record.startedMs = planned.arrivalMs;
    outcome.record.id = callIdAt(planned.arrivalMs);
    for (execute::AttemptRecord &attempt : outcome.attempts)
        attempt.startedMs += shift;
    m_recorder.record(execute::recordOf(outcome));
    ++m_done;
    if (m_done % 200 == 0 || m_done == static_cast<qint64>(m_plan.size()))
        Q_EMIT progress(m_done, static_cast<qint64>(m_plan.size()));
    if (m_cancelled)
        finishIfDone();
    else
        QMetaObject::invokeMethod(this, &DemoTraffic::startMore, Qt::QueuedConnection);
}

} // namespace switchboard::core::demo
