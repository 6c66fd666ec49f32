#pragma once

#include "model/error.h"

#include <QString>
#include <QStringList>

#include <nlohmann/json.hpp>

#include <optional>
#include <vector>

namespace switchboard::core::routing {

// What a rule looks at. Every list is "any of"; an empty list or an unset bound does not
// constrain. tagsAll needs every listed tag on the request.
struct RuleConditions
{
    QStringList gatewayKeys; // key names
    QStringList tenants;
    QStringList features;
    QStringList userTiers;
    QStringList prompts;      // prompt names
    QStringList promptLabels; // e.g. production, staging
    QStringList models;       // the model (alias) the caller asked for
    QStringList tagsAll;
    std::optional<qint64> minInputTokens; // estimated, inclusive
    std::optional<qint64> maxInputTokens; // estimated, inclusive

    bool isEmpty() const;
    friend bool operator==(const RuleConditions &, const RuleConditions &) = default;
};

// One arm of a canary split: a target and its share.
struct WeightedTarget
{
    QString target; // an alias, or "provider/model" for a model named directly
    int weight = 0; // relative; the weights of a split need not sum to 100

    friend bool operator==(const WeightedTarget &, const WeightedTarget &) = default;
};

struct CachePolicy
{
    enum class Mode { Off, Exact };

    Mode mode = Mode::Off;
    qint64 ttlSeconds = 300;

    friend bool operator==(const CachePolicy &, const CachePolicy &) = default;
};

// What a rule yields. An empty target with no split sends the call to the model it asked for.
struct RulePlan
{
    QString target;
    std::vector<WeightedTarget> split; // when set, replaces target
    bool stickyPerUser = true;         // the same user always lands on the same arm
    QStringList fallbacks;             // tried in order after the target fails
    QString shadow;                    // also called, asynchronously; never affects the caller
    std::optional<qint64> timeoutMs;
    std::optional<qint64> maxOutputTokens; // a cap: lowers what the caller asked for, never raises it
    CachePolicy cache;

    friend bool operator==(const RulePlan &, const RulePlan &) = default;
};

struct RoutingRule
{
    QString name;
    bool enabled = true;
    QString description;
    RuleConditions when;
    RulePlan then;

    friend bool operator==(const RoutingRule &, const RoutingRule &) = default;
};

// An ordered list of rules: the first enabled rule whose conditions all hold decides.
struct RuleSet
{
    std::vector<RoutingRule> rules;

    friend bool operator==(const RuleSet &, const RuleSet &) = default;
};

// One thing wrong with a rule set, located for the editor ("rules[2].then.split").
struct RuleProblem
{
    QString path;
    QString message; // says what to change

    friend bool operator==(const RuleProblem &, const RuleProblem &) = default;
};

// The stored form (rule_sets.rules_json and the console's editor): {"rules": [ {name,
// enabled, description, when: {...}, then: {...}} ]}. Keys are snake_case; unset fields are
// left out, so equal rule sets write equal bytes.
nlohmann::json toJson(const RuleSet &ruleSet);
// Reads what toJson writes. Unknown keys, wrong types and bad values are problems, each with
// its path; the result is empty when there is any.
std::optional<RuleSet> ruleSetFromJson(const nlohmann::json &json, std::vector<RuleProblem> &problems);
Result<RuleSet> parseRuleSet(QByteArrayView jsonText);

// Checks what a rule set means, beyond its shape: unique non-empty names, weights > 0,
// min <= max tokens, timeouts > 0, a target that is not its own fallback, a shadow that is
// not the target, rules that can never match because an earlier enabled rule with no
// conditions catches everything. knownTargets, when given, are the aliases and
// "provider/model" names that exist; any other target is a problem.
std::vector<RuleProblem> validate(const RuleSet &ruleSet, const std::optional<QStringList> &knownTargets = std::nullopt);

} // namespace switchboard::core::routing
