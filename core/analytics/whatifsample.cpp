#include "analytics/whatifsample.h"

#include "gateway/gatewayconfig.h"
#include "store/callrepository.h"
#include "store/gatewaykeyrepository.h"

namespace switchboard::core::analytics {

Result<WhatIfReport> whatIfOverLog(store::Connection &connection, const routing::RuleSet &rules,
                                   const WhatIfWindow &window, qint64 nowMs)
{
    store::CallRepository::Sample sample;
    sample.sinceMs = window.sinceMs;
    sample.origins = { CallOrigin::Gateway };
    sample.tenant = window.tenant;
    sample.feature = window.feature;
    sample.alias = window.alias;
    sample.limit = window.limit;
    auto calls = store::CallRepository(connection).sample(sample);
    if (!calls)
        return std::unexpected(calls.error());
    auto keys = store::GatewayKeyRepository(connection).list();
    if (!keys)
        return std::unexpected(keys.error());
    auto targets = gateway::loadGatewayTargets(connection);
    if (!targets)
        return std::unexpected(targets.error());

    WhatIfInput input;
    input.rules = rules;
    input.calls = std::move(*calls);
    for (const gateway::GatewayKey &key : *keys)
        input.keyNames.insert(key.id, key.name);
    input.prices = targets->prices;
    input.resolve = [config = std::move(*targets)](const QString &target) { return config.resolve(target); };
    input.nowMs = nowMs;
    return whatIf(input);
}

} // namespace switchboard::core::analytics
