#pragma once

#include "demo/demoplan.h"
#include "demo/demorecipe.h"
#include "execute/clock.h"
#include "model/providerconfig.h"
#include "pricing/pricebook.h"

#include <QHash>
#include <QObject>

#include <memory>
#include <vector>

namespace switchboard::core::execute {
class Executor;
struct CallOutcome;
struct Target;
}
namespace switchboard::core::providers::sim {
class SimulationHost;
}
namespace switchboard::core::store {
class Recorder;
}

namespace switchboard::core::demo {

// Pushes the demo's planned week through the one executor, against the workspace's
// simulated providers served in-process, and hands every outcome to the recorder.
//
// Time is compressed: the simulated providers run `speed` times faster than real time and
// the executor's clock runs `speed` times faster too, so latencies, timeouts, Retry-After
// waits and breaker open times keep their real sizes while the week takes seconds. Calls run
// `concurrency` at a time in arrival order; each record is then stamped with its planned
// arrival in the week (its id too, so the log sorts by it). Incidents switch on and off as
// the plan reaches their time.
class DemoTraffic final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DemoTraffic)

public:
    struct Settings
    {
        int concurrency = 48;
        double speed = 50;
    };

    // `providers` are the workspace's, as stored. The recorder must outlive the traffic.
    DemoTraffic(DemoRecipe recipe, std::vector<PlannedCall> plan, std::vector<ProviderConfig> providers,
                pricing::PriceBook prices, store::Recorder &recorder, Settings settings, QObject *parent = nullptr);
    ~DemoTraffic() override;

    // The gateway key each tenant's calls come in with (by tenant name); none: no key.
    void setGatewayKeys(QHash<QString, qint64> keyIdByTenant) { m_keyIdByTenant = std::move(keyIdByTenant); }
    // Serves the simulated providers and starts the calls; finished() follows.
    Result<void> start();
    // Starts no more calls and cancels those running; finished(true) follows.
    void cancel();

    qint64 completed() const { return m_done; }

Q_SIGNALS:
    void progress(qint64 done, qint64 total);
    void finished(bool cancelled);

private:
    class SeededRandom;
    void startMore();
    void finishIfDone();
    void applyIncidents(double dayOffset);
    void onFinished(const PlannedCall &planned, execute::CallOutcome outcome);

    DemoRecipe m_recipe;
    std::vector<PlannedCall> m_plan;
    std::vector<ProviderConfig> m_providers;
    pricing::PriceBook m_prices;
    store::Recorder &m_recorder;
    Settings m_settings;
    execute::ScaledClock m_clock;
    std::unique_ptr<SeededRandom> m_random;
    std::unique_ptr<providers::sim::SimulationHost> m_host;
    std::unique_ptr<execute::Executor> m_executor;
    QHash<QString, std::vector<execute::Target>> m_targets; // by alias
    QList<QObject *> m_running;
    std::size_t m_next = 0;
    qint64 m_done = 0;
    int m_activeIncidents = -1; // bit set of the incidents in force
    bool m_cancelled = false;
    bool m_finished = false;
    QHash<QString, qint64> m_keyIdByTenant;
};

} // namespace switchboard::core::demo
