#pragma once

#include "model/error.h"
#include "model/providerconfig.h"
#include "providers/sim/simulatedprovider.h"

#include <QHash>
#include <QThread>

namespace switchboard::core::providers::sim {

// Serves a workspace's simulated providers inside whichever program needs them (console,
// CLI, gateway), so that a workspace of simulated providers works with nothing else
// running. Each simulated provider without a base URL gets a SimulatedProvider on a loopback
// port, on the host's own thread, for as long as the host lives. A simulated provider with a
// base URL (a `switchboard-cli sim` elsewhere) is used as it is.
//
// The provider's settings_json may set "seed" (whole number), "time_scale" (number) and
// "faults" (false: only scripted or requested faults).
class SimulationHost final
{
    Q_DISABLE_COPY_MOVE(SimulationHost)

public:
    // timeScale multiplies every served provider's own: 0.02 makes each delay fifty times shorter.
    explicit SimulationHost(double timeScale = 1.0);
    ~SimulationHost();

    // The provider as the executor must reach it: for an in-process simulation, with the
    // loopback base URL filled in. Other providers come back unchanged.
    Result<ProviderConfig> serve(const ProviderConfig &provider);

    // Sets or clears the conditions of a served provider's models (thread-safe).
    void setConditions(const QString &providerName, const QString &modelPrefix, SimConditions conditions);
    void clearConditions(const QString &providerName);

    static bool isServedInProcess(const ProviderConfig &provider);

private:
    double m_timeScale;
    QThread m_thread;
    QHash<QString, SimulatedProvider *> m_served; // by provider name; live on m_thread
    QHash<QString, QString> m_baseUrls;
};

} // namespace switchboard::core::providers::sim
