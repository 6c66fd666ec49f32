// validate(): what a rule set means, beyond the shape ruleSetFromJson() checks. Kept apart
// from the JSON form so that each file does one job.
#include "prompts/jsonfields.h"
#include "ruleset.h"

namespace switchboard::core::routing {

using prompts::JsonFields;

namespace {

QString rulePath(std::size_t index, const char *rest = nullptr)
{
    const QString path = JsonFields::index(QStringLiteral("rules"), index);
    return rest ? JsonFields::join(path, rest) : path;
}

// Where a call can be sent by a plan: the split's arms replace the target when there is one.
QStringList plannedTargets(const RulePlan &then)
{
    QStringList targets;
    if (then.split.empty()) {
        if (!then.target.isEmpty())
            targets.push_back(then.target);
        return targets;
    }
    for (const WeightedTarget &arm : then.split) {
        if (!arm.target.isEmpty() && !targets.contains(arm.target))
            targets.push_back(arm.target);
    }
    return targets;
}

void validatePlan(const RulePlan &then, const QString &path,
    const std::optional<QStringList> &knownTargets, std::vector<RuleProblem> &problems)
{
    const auto checkKnown = [&](const QString &target, const QString &where) {
        if (knownTargets && !target.isEmpty() && !knownTargets->contains(target))
            problems.push_back({ where,
                QStringLiteral("\"%1\" is neither a pinned alias nor a known provider/model; "
                               "pin it on the Models page or pick an existing one")
                    .arg(target) });
    };
    if (then.split.empty()) {
        checkKnown(then.target, JsonFields::join(path, "target"));
    }
    for (std::size_t i = 0; i < then.split.size(); ++i) {
        const WeightedTarget &arm = then.split[i];
        const QString armPath = JsonFields::index(JsonFields::join(path, "split"), i);
        if (arm.target.isEmpty())
            problems.push_back({ JsonFields::join(armPath, "target"),
                QStringLiteral("empty; name the alias or provider/model") });
        checkKnown(arm.target, JsonFields::join(armPath, "target"));
        if (arm.weight <= 0)
            problems.push_back({ JsonFields::join(armPath, "weight"),
                QStringLiteral("%1 never sends a call; use a weight above 0, or remove the arm")
                    .arg(arm.weight) });
    }
    const QStringList targets = plannedTargets(then);
    for (qsizetype i = 0; i < then.fallbacks.size(); ++i) {
        const QString where
            = JsonFields::index(JsonFields::join(path, "fallbacks"), std::size_t(i));
        const QString &fallback = then.fallbacks.at(i);
        if (targets.contains(fallback))
            problems.push_back({ where,
                QStringLiteral(
                    "\"%1\" is also the target, so falling back to it repeats the failed call; "
                    "name a different model")
                    .arg(fallback) });
        checkKnown(fallback, where);
    }
    if (!then.shadow.isEmpty() && targets.contains(then.shadow))
        problems.push_back({ JsonFields::join(path, "shadow"),
            QStringLiteral("\"%1\" is also the target, so the shadow call only doubles the cost; "
                           "shadow a different model, or remove the shadow")
                .arg(then.shadow) });
    checkKnown(then.shadow, JsonFields::join(path, "shadow"));
    if (then.timeoutMs && *then.timeoutMs <= 0)
        problems.push_back({ JsonFields::join(path, "timeout_ms"),
            QStringLiteral(
                "%1 is not a timeout; use a number of milliseconds above 0, or leave it out")
                .arg(*then.timeoutMs) });
    if (then.maxOutputTokens && *then.maxOutputTokens <= 0)
        problems.push_back({ JsonFields::join(path, "max_output_tokens"),
            QStringLiteral("%1 would allow no answer; use a cap above 0, or leave it out")
                .arg(*then.maxOutputTokens) });
    if (then.cache.mode == CachePolicy::Mode::Exact && then.cache.ttlSeconds <= 0)
        problems.push_back({ JsonFields::join(JsonFields::join(path, "cache"), "ttl_seconds"),
            QStringLiteral("%1 keeps nothing; use a number of seconds above 0")
                .arg(then.cache.ttlSeconds) });
}

void validateConditions(
    const RuleConditions &when, const QString &path, std::vector<RuleProblem> &problems)
{
    if (when.minInputTokens && *when.minInputTokens < 0)
        problems.push_back({ JsonFields::join(path, "min_input_tokens"),
            QStringLiteral("%1 is below 0; use 0 or more").arg(*when.minInputTokens) });
    if (when.maxInputTokens && *when.maxInputTokens < 0)
        problems.push_back({ JsonFields::join(path, "max_input_tokens"),
            QStringLiteral("%1 is below 0; use 0 or more").arg(*when.maxInputTokens) });
    if (when.minInputTokens && when.maxInputTokens && *when.minInputTokens > *when.maxInputTokens)
        problems.push_back({ JsonFields::join(path, "min_input_tokens"),
            QStringLiteral("%1 is above max_input_tokens %2, so the rule never matches; swap them")
                .arg(*when.minInputTokens)
                .arg(*when.maxInputTokens) });
}

} // namespace

std::vector<RuleProblem> validate(
    const RuleSet &ruleSet, const std::optional<QStringList> &knownTargets)
{
    std::vector<RuleProblem> problems;
    std::optional<std::size_t> catchAll; // the first enabled rule without conditions
    for (std::size_t i = 0; i < ruleSet.rules.size(); ++i) {
        const RoutingRule &rule = ruleSet.rules[i];
        if (rule.name.trimmed().isEmpty()) {
            problems.push_back({ rulePath(i, "name"),
                QStringLiteral("empty; give the rule a name the route trace can show") });
        } else {
            for (std::size_t j = 0; j < i; ++j) {
                if (ruleSet.rules[j].name == rule.name) {
                    problems.push_back({ rulePath(i, "name"),
                        QStringLiteral(
                            "\"%1\" is also the name of rules[%2]; give each rule its own name")
                            .arg(rule.name)
                            .arg(j) });
                    break;
                }
            }
        }
        if (catchAll && rule.enabled)
            problems.push_back({ rulePath(i),
                QStringLiteral(
                    "can never match: rule \"%1\" above it has no conditions and catches "
                    "every call; move this rule above it, or give that rule conditions")
                    .arg(ruleSet.rules[*catchAll].name) });
        validateConditions(rule.when, rulePath(i, "when"), problems);
        validatePlan(rule.then, rulePath(i, "then"), knownTargets, problems);
        if (!catchAll && rule.enabled && rule.when.isEmpty())
            catchAll = i;
    }
    return problems;
}

} // namespace switchboard::core::routing
