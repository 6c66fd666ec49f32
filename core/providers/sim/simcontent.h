#pragma once

#include "providers/sim/simrandom.h"

#include <QString>
#include <QStringList>

#include <nlohmann/json.hpp>

namespace switchboard::core::providers::sim {

// Deterministic made-up answers: plausible English words, or JSON that follows a schema.
// The same random state always writes the same answer.

// About `tokens` tokens of prose, as words (one token per word, roughly).
QStringList simWords(SimRandom &random, int tokens);
// A value that satisfies the common structured-output subset of a JSON schema: object,
// array, string, number, integer, boolean, enum.
nlohmann::json simJson(SimRandom &random, const nlohmann::json &schema, int depth = 0);

} // namespace switchboard::core::providers::sim
