#include "router.h"

#include <algorithm>

namespace switchboard::core::routing {

namespace {

constexpr int kBuckets = 10000;

// FNV-1a, 64 bit: the same user must land on the same arm in every process and after every
// restart, which rules out qHash (seeded per process). FNV's low bits mix poorly and the
// bucket is taken modulo 10000, so MurmurHash3's finalizer spreads every bit over the rest.
// Changing this function moves users between arms: keep it as it is.
quint64 stableHash(const QByteArray &bytes)
{
    quint64 hash = 14695981039346656037ULL;
    for (const char byte : bytes) {
        hash ^= quint64(quint8(byte));
        hash *= 1099511628211ULL;
    }
    hash ^= hash >> 33;
    hash *= 0xff51afd7ed558ccdULL;
    hash ^= hash >> 33;
    hash *= 0xc4ceb9fe1a85ec53ULL;
    hash ^= hash >> 33;
    return hash;
}

QString quoted(const QString &value)
{
    return u'"' + value + u'"';
}

// "tenant is "acme", not one of globex, initech"; nothing when the list does not constrain or
// the value is in it. Names are compared exactly, case included, as they are stored.
void checkOneOf(
    const QStringList &allowed, const QString &value, const QString &what, QStringList &reasons)
{
    if (allowed.isEmpty() || allowed.contains(value))
        return;
    const QString list = allowed.join(QLatin1String(", "));
    if (value.isEmpty())
        reasons.push_back(
            QStringLiteral("%1 is not given, and the rule needs one of %2").arg(what, list));
    else
        reasons.push_back(QStringLiteral("%1 is %2, not one of %3").arg(what, quoted(value), list));
}

QStringList failedConditions(const RuleConditions &when, const RouteInput &input)
{
    QStringList reasons;
    checkOneOf(when.gatewayKeys, input.gatewayKey, QStringLiteral("gateway key"), reasons);
    checkOneOf(when.tenants, input.tenant, QStringLiteral("tenant"), reasons);
    checkOneOf(when.features, input.feature, QStringLiteral("feature"), reasons);
    checkOneOf(when.userTiers, input.userTier, QStringLiteral("user tier"), reasons);
    checkOneOf(when.prompts, input.promptName, QStringLiteral("prompt"), reasons);
    checkOneOf(when.promptLabels, input.promptLabel, QStringLiteral("prompt label"), reasons);
    checkOneOf(when.models, input.model, QStringLiteral("model"), reasons);
    // Tags are matched exactly (case-sensitive) like every other name, so "Beta" is not "beta".
    for (const QString &tag : when.tagsAll) {
        if (!input.tags.contains(tag))
            reasons.push_back(QStringLiteral("request has no tag %1").arg(quoted(tag)));
    }
    if (when.minInputTokens && input.estimatedInputTokens < *when.minInputTokens)
        reasons.push_back(QStringLiteral("estimated input tokens %1 is below %2")
                              .arg(input.estimatedInputTokens)
                              .arg(*when.minInputTokens));
    if (when.maxInputTokens && input.estimatedInputTokens > *when.maxInputTokens)
        reasons.push_back(QStringLiteral("estimated input tokens %1 is above %2")
                              .arg(input.estimatedInputTokens)
                              .arg(*when.maxInputTokens));
    return reasons;
}

// Each arm owns a run of buckets in proportion to its weight: for 95/5, buckets 0..9499 go to
// the first arm and 9500..9999 to the second. Arms with no weight own no buckets.
void pickArm(
    const RoutingRule &rule, const RouteInput &input, int randomBucket, RouteDecision &decision)
{
    qint64 total = 0;
    for (const WeightedTarget &arm : rule.then.split)
        total += std::max(arm.weight, 0);
    if (total <= 0) {
        // validate() reports this; the router still has to send the call somewhere.
        decision.target = rule.then.target.isEmpty() ? input.model : rule.then.target;
        decision.splitNote
            = QStringLiteral("no arm of the split has a weight above 0 -> %1").arg(decision.target);
        return;
    }
    const bool sticky = rule.then.stickyPerUser && !input.userId.isEmpty();
    const int bucket = sticky
        ? int(stableHash(QString(rule.name + u'\n' + input.userId).toUtf8()) % kBuckets)
        : std::clamp(randomBucket, 0, kBuckets - 1);
    qint64 cumulative = 0;
    for (const WeightedTarget &arm : rule.then.split) {
        const int weight = std::max(arm.weight, 0);
        cumulative += weight;
        if (weight > 0 && bucket < cumulative * kBuckets / total) {
            decision.target = arm.target;
            decision.splitNote = QStringLiteral("bucket %1 of %2 -> %3 (%4 of %5)")
                                     .arg(bucket)
                                     .arg(kBuckets)
                                     .arg(arm.target)
                                     .arg(weight)
                                     .arg(total);
            return;
        }
    }
}

void applyPlan(
    const RoutingRule &rule, const RouteInput &input, int randomBucket, RouteDecision &decision)
{
    const RulePlan &then = rule.then;
    if (!then.split.empty())
        pickArm(rule, input, randomBucket, decision);
    else
        decision.target = then.target.isEmpty() ? input.model : then.target;
    decision.fallbacks = then.fallbacks;
    decision.shadow = then.shadow;
    decision.timeoutMs = then.timeoutMs;
    decision.maxOutputTokens = then.maxOutputTokens;
    decision.cache = then.cache;
}

QString ruleLabel(std::size_t index, const QString &name)
{
    return QStringLiteral("Rule %1 %2").arg(index + 1).arg(quoted(name));
}

} // namespace

RouteDecision route(const RuleSet &ruleSet, const RouteInput &input, int randomBucket)
{
    RouteDecision decision;
    for (std::size_t i = 0; i < ruleSet.rules.size(); ++i) {
        const RoutingRule &rule = ruleSet.rules[i];
        RuleVerdict verdict;
        verdict.rule = rule.name;
        verdict.enabled = rule.enabled;
        if (!rule.enabled)
            verdict.reasons.push_back(QStringLiteral("rule is disabled"));
        else
            verdict.reasons = failedConditions(rule.when, input);
        verdict.matched = rule.enabled && verdict.reasons.isEmpty();
        decision.verdicts.push_back(verdict);
        if (verdict.matched) {
            decision.ruleIndex = int(i);
            decision.ruleName = rule.name;
            applyPlan(rule, input, randomBucket, decision);
            return decision;
        }
    }
    decision.target = input.model;
    return decision;
}

QStringList explain(const RuleSet &ruleSet, const RouteDecision &decision)
{
    QStringList lines;
    for (std::size_t i = 0; i < decision.verdicts.size(); ++i) {
        const RuleVerdict &verdict = decision.verdicts[i];
        if (verdict.matched)
            lines.push_back(QString(ruleLabel(i, verdict.rule) + QLatin1String(" matched.")));
        else if (!verdict.enabled)
            lines.push_back(QString(
                ruleLabel(i, verdict.rule) + QLatin1String(" was skipped: rule is disabled.")));
        else
            lines.push_back(QString(ruleLabel(i, verdict.rule) + QLatin1String(" did not match: ")
                + verdict.reasons.join(QLatin1String("; ")) + u'.'));
    }
    if (!decision.ruleIndex) {
        lines.push_back(ruleSet.rules.empty()
                ? QStringLiteral(
                    "The rule set has no rules, so the call goes to the model it asked for, %1.")
                      .arg(quoted(decision.target))
                : QStringLiteral("No rule matched, so the call goes to the model it asked for, %1.")
                      .arg(quoted(decision.target)));
        return lines;
    }
    const std::size_t index = std::size_t(*decision.ruleIndex);
    if (index < ruleSet.rules.size() && !ruleSet.rules[index].description.isEmpty())
        lines.push_back(QStringLiteral("About rule %1: %2")
                            .arg(quoted(decision.ruleName), ruleSet.rules[index].description));
    lines.push_back(QStringLiteral("Sent to %1 by rule %2.")
                        .arg(quoted(decision.target), quoted(decision.ruleName)));
    if (!decision.splitNote.isEmpty())
        lines.push_back(QStringLiteral("Split: %1.").arg(decision.splitNote));
    if (!decision.fallbacks.isEmpty())
        lines.push_back(QStringLiteral("If it fails, tried next in order: %1.")
                            .arg(decision.fallbacks.join(QLatin1String(", "))));
    if (!decision.shadow.isEmpty())
        lines.push_back(
            QStringLiteral("Also sent to %1 as a shadow; its answer never reaches the caller.")
                .arg(quoted(decision.shadow)));
    if (decision.timeoutMs)
        lines.push_back(QStringLiteral("Times out after %1 ms.").arg(*decision.timeoutMs));
    if (decision.maxOutputTokens)
        lines.push_back(
            QStringLiteral("Output is capped at %1 tokens.").arg(*decision.maxOutputTokens));
    if (decision.cache.mode == CachePolicy::Mode::Exact)
        lines.push_back(QStringLiteral("Exact repeats are answered from the cache for %1 s.")
                            .arg(decision.cache.ttlSeconds));
    return lines;
}

} // namespace switchboard::core::routing
