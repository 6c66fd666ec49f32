#pragma once

#include "model/chatresponse.h"
#include "model/providerconfig.h"

#include <QString>

#include <optional>
#include <vector>

namespace switchboard::core::pricing {

// Prices per million tokens, in micro-dollars.
struct Price
{
    qint64 inputPerMtokMicros = 0;
    qint64 outputPerMtokMicros = 0;
    std::optional<qint64> cacheReadPerMtokMicros;  // defaults to the input price
    std::optional<qint64> cacheWritePerMtokMicros; // likewise

    friend bool operator==(const Price &, const Price &) = default;
};

struct PriceRule
{
    enum class Match { Equals, StartsWith, Contains };

    ProviderKind provider = ProviderKind::OpenAi;
    Match match = Match::Equals;
    QString value;
    Price price;
    qint64 startsMs = 0; // the newest rule that has started wins

    bool matches(ProviderKind kind, const QString &model) const;
};

// The price table: rules matched by model name (dated snapshots map to their family's
// price through starts_with rules), newest start first.
class PriceBook final
{
public:
    void add(PriceRule rule);
    std::optional<Price> priceFor(ProviderKind kind, const QString &model, qint64 atMs) const;
    bool isEmpty() const { return m_rules.empty(); }

    // Prices of the simulated provider's profiles.
    static PriceBook simulated();

private:
    std::vector<PriceRule> m_rules;
};

// Micro-dollars for the usage at that price, rounded up to the next micro-dollar (a provider
// never bills less than the tokens used).
qint64 costMicros(const Usage &usage, const Price &price);

} // namespace switchboard::core::pricing
