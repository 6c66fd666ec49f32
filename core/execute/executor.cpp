#include "execute/executor.h"

#include "execute/callexecution.h"
#include "http/httpclient.h"

namespace switchboard::core::execute {

Executor::Executor(ExecutorSettings settings, const Clock &clock, RandomSource &random, providers::KeyResolver keys,
                   pricing::PriceBook prices, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_clock(clock)
    , m_random(random)
    , m_keys(std::move(keys))
    , m_prices(std::move(prices))
    , m_policy(settings.retry)
    , m_budget(settings.retryBudgetRatio, settings.retryBudgetMinimum)
    , m_http(new http::HttpClient(this))
{
    qRegisterMetaType<CallOutcome>();
    qRegisterMetaType<AttemptResult>();
    qRegisterMetaType<StreamDelta>();
}

Executor::~Executor() = default;

CallExecution *Executor::start(CallSpec spec)
{
    auto *execution = new CallExecution(*this, std::move(spec), this);
    connect(execution, &CallExecution::finished, execution, &QObject::deleteLater);
    // Begin from the event loop, so that the caller can connect to the signals first.
    QMetaObject::invokeMethod(execution, &CallExecution::begin, Qt::QueuedConnection);
    return execution;
}

CircuitBreaker &Executor::breaker(const Target &target)
{
    auto &slot = m_breakers[target.key()];
    if (!slot)
        slot = std::make_shared<CircuitBreaker>(m_clock, m_settings.breaker);
    return *slot;
}

} // namespace switchboard::core::execute
