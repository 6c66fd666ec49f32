#pragma once

#include "model/error.h"

#include <QString>

#include <nlohmann/json.hpp>

#include <optional>
#include <vector>

namespace switchboard::core::evals {

// One check of an answer, named as promptfoo names it so that its test files import as they
// are: equals, contains, icontains, contains-any, contains-all, regex, is-json, json-path
// (a value at a path equals one given), latency (ms at most), cost (dollars at most),
// max-output-tokens, similar (ROUGE-L against the reference, at least a threshold). is-json
// with a schema as its value also checks the answer against it (guard/jsonschema). A "not-"
// before a type passes where the check fails. llm-rubric, a model-graded rubric, is judged by
// a judge model that eval runs call through the executor (evals/rubric); check() cannot.
struct Assertion
{
    enum class Type { Equals, Contains, IContains, ContainsAny, ContainsAll, Regex, IsJson, JsonPath, Latency, Cost, MaxOutputTokens, Similar, Rubric };

    Type type = Type::Equals;
    bool negated = false;
    nlohmann::json value;            // the text, list, pattern or expected value
    QString path;                    // json-path: "$.items[0].sku"
    std::optional<double> threshold; // latency ms, cost dollars, tokens, similarity or rubric score 0..1
    QString judge;                   // llm-rubric: the model that grades ("provider"); empty: the run's judge

    friend bool operator==(const Assertion &, const Assertion &) = default;
};

QString nameOf(const Assertion &assertion); // "not-contains"

// An assertion from its JSON ({"type": "contains", "value": "refund"}); what is wrong
// otherwise, saying what the type takes.
Result<Assertion> parseAssertion(const nlohmann::json &json);
nlohmann::json toJson(const Assertion &assertion);

// What an answer is judged on.
struct Observation
{
    QString output;
    QString reference; // the dataset item's reference output, for `similar`
    qint64 latencyMs = 0;
    qint64 costMicros = 0;
    qint64 outputTokens = 0;
};

struct AssertionResult
{
    bool passed = false;
    double score = 0; // 1 or 0, or the similarity
    QString reason;   // "contains "refund"", "latency 2,310 ms is over 2,000 ms"
};

AssertionResult check(const Assertion &assertion, const Observation &observation);

// ROUGE-L F1 of two texts over lower-cased word tokens: the longest common subsequence's share
// of each, combined. 1 for the same words in the same order, 0 for no word in common.
double rougeL(const QString &candidate, const QString &reference);

} // namespace switchboard::core::evals
