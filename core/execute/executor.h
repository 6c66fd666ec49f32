#pragma once

#include "execute/callspec.h"
#include "execute/circuitbreaker.h"
#include "execute/clock.h"
#include "execute/retrybudget.h"
#include "execute/retrypolicy.h"
#include "pricing/pricebook.h"
#include "providers/keyresolver.h"

#include <QHash>
#include <QObject>

#include <memory>

namespace switchboard::core::http {
class HttpClient;
}

namespace switchboard::core::execute {

class CallExecution;

struct ExecutorSettings
{
    RetrySettings retry;
    BreakerSettings breaker;
    double retryBudgetRatio = 0.2;
    int retryBudgetMinimum = 3;
};

// The one executor: every call, from the gateway, the playground, replays or evals, runs
// here and nowhere else. It walks the routing plan's targets, makes each attempt through
// the provider's adapter, retries and fails over by one policy under one retry budget,
// consults a circuit breaker per provider and model, and reports each call as a
// CallOutcome. Lives on one thread; start calls from that thread.
class Executor final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Executor)

public:
    Executor(ExecutorSettings settings, const Clock &clock, RandomSource &random,
             providers::KeyResolver keys, pricing::PriceBook prices, QObject *parent = nullptr);
    ~Executor() override;

    // Starts a call. The execution emits delta() for what reaches the caller and finished()
    // once, then deletes itself.
    CallExecution *start(CallSpec spec);

    CircuitBreaker &breaker(const Target &target);
    RetryBudget &retryBudget() { return m_budget; }
    const RetryPolicy &retryPolicy() const { return m_policy; }
    const Clock &clock() const { return m_clock; }
    RandomSource &random() { return m_random; }
    http::HttpClient &httpClient() { return *m_http; }
    const providers::KeyResolver &keys() const { return m_keys; }
    const pricing::PriceBook &prices() const { return m_prices; }
    // For calls started from now on (the gateway's prices follow the workspace's).
    void setPrices(pricing::PriceBook prices) { m_prices = std::move(prices); }

private:
    ExecutorSettings m_settings;
    const Clock &m_clock;
    RandomSource &m_random;
    providers::KeyResolver m_keys;
    pricing::PriceBook m_prices;
    RetryPolicy m_policy;
    RetryBudget m_budget;
    http::HttpClient *m_http;
    QHash<QString, std::shared_ptr<CircuitBreaker>> m_breakers;
};

} // namespace switchboard::core::execute
