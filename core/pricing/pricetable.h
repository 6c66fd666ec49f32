#pragma once

#include "model/error.h"
#include "pricing/pricebook.h"

#include <QByteArray>
#include <QStringList>

#include <vector>

namespace switchboard::core::pricing {

// What reading a price table gave: its rules, and what it left out and why.
struct PriceImport
{
    std::vector<PriceRule> rules;
    QStringList skipped; // "name: reason", one per entry left out
};

// The table shipped with the program (resources/prices/prices.json, derived from genai-prices),
// plus the simulated provider's prices.
Result<std::vector<PriceRule>> shippedPrices();

// Switchboard's own format, as shipped: {"rules": [{"provider", "match", "value", "starts",
// "input", "output", "cache_read", "cache_write"}]} with micro-dollars per million tokens.
Result<PriceImport> readPriceTable(const QByteArray &json, const QString &source);

// LiteLLM's model_prices_and_context_window.json: chat models of the providers Switchboard
// speaks, priced per token in dollars. Everything else is reported as skipped.
Result<PriceImport> readLiteLlmPrices(const QByteArray &json, const QString &source);

// Dollars per token (LiteLLM) to micro-dollars per million tokens, rounded to the nearest.
qint64 microsPerMtokFromDollarsPerToken(double dollarsPerToken);

} // namespace switchboard::core::pricing
