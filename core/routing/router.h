#pragma once

#include "routing/ruleset.h"

#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace switchboard::core::routing {

// What the router knows about a call when it decides: who is calling and what they ask for.
struct RouteInput
{
    QString gatewayKey; // the key's name
    QString tenant;
    QString feature;
    QString userId;
    QString userTier;
    QString promptName;
    QString promptLabel;
    QString model; // as asked: an alias or "provider/model"
    QStringList tags;
    qint64 estimatedInputTokens = 0;

    friend bool operator==(const RouteInput &, const RouteInput &) = default;
};

// Why one rule did or did not match, for the Explain tool and the call's route trace.
struct RuleVerdict
{
    QString rule;
    bool enabled = true;
    bool matched = false;
    QStringList reasons; // each condition that failed, in words: "tenant is \"acme\", not one of globex, initech"

    friend bool operator==(const RuleVerdict &, const RuleVerdict &) = default;
};

// Where a call goes.
struct RouteDecision
{
    std::optional<int> ruleIndex; // empty: no rule matched; the call goes to the model asked for
    QString ruleName;
    QString target;        // chosen arm of a split, or the rule's target, or the model asked for
    QString splitNote;     // with a split: "bucket 4213 of 10000 -> chat-smart-next (5 of 100)"
    QStringList fallbacks;
    QString shadow;
    std::optional<qint64> timeoutMs;
    std::optional<qint64> maxOutputTokens;
    CachePolicy cache;
    std::vector<RuleVerdict> verdicts; // one per rule looked at, in order, up to the match

    friend bool operator==(const RouteDecision &, const RouteDecision &) = default;
};

// Picks the plan for one call: the first enabled rule whose conditions all hold. A split
// picks its arm by a stable hash of the rule's name and the user id when the rule is sticky
// and the user is known, else by `randomBucket` (0 <= randomBucket < 10000), which the
// caller draws. Pure: the same input and bucket give the same decision.
RouteDecision route(const RuleSet &ruleSet, const RouteInput &input, int randomBucket);

// The decision in lines a person reads, for the Explain tool and `switchboard-cli rules explain`.
QStringList explain(const RuleSet &ruleSet, const RouteDecision &decision);

} // namespace switchboard::core::routing
