#include "analytics/whatif.h"

#include "analytics/loghistogram.h"
#include "routing/router.h"

#include <QHashFunctions>

#include <algorithm>
#include <map>

namespace switchboard::core::analytics {
namespace {

routing::RouteInput routeInputOf(const CallRecord &call, const QHash<qint64, QString> &keyNames)
{
    routing::RouteInput input;
    input.gatewayKey = keyNames.value(call.gatewayKeyId);
    input.tenant = call.tenant;
    input.feature = call.feature;
    input.userId = call.userId;
    input.promptName = call.promptName;
    input.model = call.alias;
    input.tags = call.tags;
    input.estimatedInputTokens = call.inputTokens;
    return input;
}

Usage usageOf(const CallRecord &call)
{
    Usage usage;
    usage.inputTokens = call.inputTokens;
    usage.outputTokens = call.outputTokens;
    usage.cachedInputTokens = call.cachedInputTokens;
    return usage;
}

QString modelKey(const QString &provider, const QString &model)
{
    return provider + u'/' + model;
}

struct Tally
{
    WhatIfTarget row;
    std::optional<execute::Target> target;
    std::optional<pricing::Price> price;
};

} // namespace

WhatIfReport whatIf(const WhatIfInput &input)
{
    std::map<QString, LogHistogram> latencyByModel;
    for (const CallRecord &call : input.calls) {
        if (call.status == CallStatus::Ok && !call.cacheHit && call.origin != CallOrigin::Shadow)
            latencyByModel[modelKey(call.provider, call.model)].add(call.latencyUs);
    }

    WhatIfReport report;
    std::map<std::pair<QString, bool>, Tally> tallies; // by (target, shadow)
    std::vector<qint64> perRule(input.rules.rules.size() + 1, 0);
    auto tallyFor = [&](const QString &target, bool shadow) -> Tally & {
        auto [it, inserted] = tallies.try_emplace({ target, shadow });
        Tally &tally = it->second;
        if (inserted) {
            tally.row.target = target;
            tally.row.shadow = shadow;
            tally.target = input.resolve ? input.resolve(target) : std::nullopt;
            if (tally.target) {
                tally.row.resolved = tally.target->key();
                tally.price = input.prices.priceFor(tally.target->provider.kind, tally.target->model, input.nowMs);
                if (tally.price)
                    tally.row.projectedCostMicros = 0;
                if (const auto seen = latencyByModel.find(tally.row.resolved); seen != latencyByModel.end()) {
                    tally.row.p50LatencyUs = seen->second.quantile(0.5);
                    tally.row.p95LatencyUs = seen->second.quantile(0.95);
                    tally.row.observedCalls = seen->second.count();
                }
            }
        }
        return tally;
    };
    auto project = [&](Tally &tally, const CallRecord &call) {
        if (!tally.price) {
            ++report.unpriced;
            return;
        }
        const qint64 cost = call.cacheHit ? 0 : pricing::costMicros(usageOf(call), *tally.price);
        *tally.row.projectedCostMicros += cost;
        report.projectedCostMicros += cost;
    };

    for (const CallRecord &call : input.calls) {
        const int bucket = int(qHash(call.id, 0) % 10000);
        const routing::RouteDecision decision = routing::route(input.rules, routeInputOf(call, input.keyNames), bucket);
        ++perRule[decision.ruleIndex ? std::size_t(*decision.ruleIndex) : input.rules.rules.size()];
        ++report.calls;
        report.actualCostMicros += call.costMicros;

        Tally &tally = tallyFor(decision.target, false);
        ++tally.row.calls;
        tally.row.actualCostMicros += call.costMicros;
        if (!tally.target) {
            ++report.unresolved;
        } else if (tally.row.resolved != modelKey(call.provider, call.model)) {
            ++tally.row.moved;
            ++report.moved;
        }
        project(tally, call);

        if (!decision.shadow.isEmpty()) {
            Tally &shadow = tallyFor(decision.shadow, true);
            ++shadow.row.calls;
            project(shadow, call);
        }
    }

    for (auto &[key, tally] : tallies)
        report.targets.push_back(std::move(tally.row));
    std::stable_sort(report.targets.begin(), report.targets.end(), [](const WhatIfTarget &a, const WhatIfTarget &b) {
        if (a.shadow != b.shadow)
            return !a.shadow;
        return a.calls > b.calls;
    });
    for (std::size_t i = 0; i < perRule.size(); ++i) {
        if (perRule[i] > 0)
            report.rules.push_back({ i < input.rules.rules.size() ? input.rules.rules[i].name : QString(), perRule[i] });
    }
    return report;
}

} // namespace switchboard::core::analytics
