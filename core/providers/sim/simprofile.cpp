#include "providers/sim/simprofile.h"

namespace switchboard::core::providers::sim {
namespace {

SimProfile small()
{
    SimProfile p;
    p.name = QStringLiteral("sim-small");
    return p;
}

SimProfile large()
{
    SimProfile p;
    p.name = QStringLiteral("sim-large");
    p.ttftMedianMs = 700;
    p.ttftSigma = 0.6;
    p.perTokenMs = 30;
    p.outputTokensMedian = 300;
    p.inputPricePerMtokMicros = 2'500'000;
    p.outputPricePerMtokMicros = 10'000'000;
    p.contextWindow = 200'000;
    p.rateLimitedRate = 0.005;
    p.serverErrorRate = 0.002;
    p.unavailableRate = 0.002;
    return p;
}

SimProfile flaky()
{
    SimProfile p;
    p.name = QStringLiteral("sim-flaky");
    p.ttftMedianMs = 400;
    p.ttftSigma = 1.0;
    p.perTokenMs = 20;
    p.inputPricePerMtokMicros = 500'000;
    p.outputPricePerMtokMicros = 1'500'000;
    p.rateLimitedRate = 0.08;
    p.serverErrorRate = 0.04;
    p.unavailableRate = 0.04;
    p.hangRate = 0.01;
    p.cutStreamRate = 0.03;
    p.malformedRate = 0.02;
    p.refusalRate = 0.02;
    p.invalidOutputRate = 0.05;
    return p;
}

} // namespace

SimProfile SimProfile::forModel(const QString &model)
{
    if (model.startsWith(QLatin1String("sim-large")))
        return large();
    if (model.startsWith(QLatin1String("sim-flaky")))
        return flaky();
    return small();
}

QStringList SimProfile::names()
{
    return { QStringLiteral("sim-small"), QStringLiteral("sim-large"), QStringLiteral("sim-flaky") };
}

} // namespace switchboard::core::providers::sim
