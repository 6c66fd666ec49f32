#include "providers/sim/simulationhost.h"

#include <nlohmann/json.hpp>

namespace switchboard::core::providers::sim {

using nlohmann::json;

SimulationHost::SimulationHost(double timeScale)
    : m_timeScale(timeScale)
{
    m_thread.setObjectName(QStringLiteral("simulated providers"));
    m_thread.start();
}

SimulationHost::~SimulationHost()
{
    for (SimulatedProvider *provider : std::as_const(m_served))
        QMetaObject::invokeMethod(provider, [provider] { delete provider; }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

bool SimulationHost::isServedInProcess(const ProviderConfig &provider)
{
    return provider.kind == ProviderKind::Simulated && provider.baseUrl.trimmed().isEmpty();
}

Result<ProviderConfig> SimulationHost::serve(const ProviderConfig &provider)
{
    if (!isServedInProcess(provider))
        return provider;
    ProviderConfig served = provider;
    if (const auto known = m_baseUrls.constFind(provider.name); known != m_baseUrls.cend()) {
        served.baseUrl = *known;
        return served;
    }
    const json settings = json::parse(provider.settingsJson.toStdString(), nullptr, false);
    if (!settings.is_object())
        return fail(ErrorCode::InvalidArgument,
                    QStringLiteral("The settings of simulated provider \"%1\" are not a JSON object; fix them in Settings "
                                   "> Providers (keys: seed, time_scale, faults).").arg(provider.name));
    SimulatedProvider::Settings simSettings;
    simSettings.seed = settings.value("seed", json(1)).is_number_unsigned() ? settings.value("seed", 1ULL) : 1ULL;
    const double ownScale = settings.value("time_scale", json(1.0)).is_number() ? settings.value("time_scale", 1.0) : 1.0;
    simSettings.timeScale = std::max(0.0, ownScale * m_timeScale);
    simSettings.faultsFromProfile = settings.value("faults", json(true)).is_boolean() ? settings.value("faults", true) : true;

    auto *simulator = new SimulatedProvider(simSettings);
    simulator->moveToThread(&m_thread);
    bool listening = false;
    QString error;
    QMetaObject::invokeMethod(simulator, [&] {
        listening = simulator->listen(QHostAddress::LocalHost, 0);
        error = simulator->errorString();
    }, Qt::BlockingQueuedConnection);
    if (!listening) {
        QMetaObject::invokeMethod(simulator, [simulator] { delete simulator; }, Qt::BlockingQueuedConnection);
        return fail(ErrorCode::Io,
                    QStringLiteral("Cannot serve simulated provider \"%1\" on a loopback port: %2. Check that the "
                                   "loopback interface is up.").arg(provider.name, error));
    }
    served.baseUrl = simulator->baseUrl() + QStringLiteral("/v1");
    m_served.insert(provider.name, simulator);
    m_baseUrls.insert(provider.name, served.baseUrl);
    return served;
}

void SimulationHost::setConditions(const QString &providerName, const QString &modelPrefix, SimConditions conditions)
{
    if (SimulatedProvider *simulator = m_served.value(providerName))
        QMetaObject::invokeMethod(simulator, [=] { simulator->setConditions(modelPrefix, conditions); });
}

void SimulationHost::clearConditions(const QString &providerName)
{
    if (SimulatedProvider *simulator = m_served.value(providerName))
        QMetaObject::invokeMethod(simulator, [=] { simulator->clearConditions(); });
}

} // namespace switchboard::core::providers::sim
