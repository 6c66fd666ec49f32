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
    // Where the rule comes from: "shipped", "import:<file>" or "user". For the same match, a
    // user's edit beats an import, which beats the shipped table.
    QString source = QStringLiteral("user");
    QString note; // the model family the rule prices, for people

    bool matches(ProviderKind kind, const QString &model) const;
    int sourceRank() const;
};

// The price table: rules matched by model name (dated snapshots map to their family's
// price through starts_with rules), newest start first.
class PriceBook final
{
public:
    void add(PriceRule rule);
    void add(const std::vector<PriceRule> &rules);
    std::optional<Price> priceFor(ProviderKind kind, const QString &model, qint64 atMs) const;
    bool isEmpty() const { return m_rules.empty(); }
    std::vector<PriceRule> rules() const;

    // Prices of the simulated provider's profiles.
    static PriceBook simulated();

private:
    std::vector<PriceRule> m_rules;
};

// Micro-dollars for the usage at that price, rounded up to the next micro-dollar (a provider
// never bills less than the tokens used).
qint64 costMicros(const Usage &usage, const Price &price);

} // namespace switchboard::core::pricing
