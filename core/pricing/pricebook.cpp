#include "pricing/pricebook.h"

#include "providers/sim/simprofile.h"

namespace switchboard::core::pricing {

bool PriceRule::matches(ProviderKind kind, const QString &model) const
{
    if (kind != provider)
        return false;
    switch (match) {
    case Match::Equals: return model == value;
    case Match::StartsWith: return model.startsWith(value);
    case Match::Contains: return model.contains(value);
    }
    return false;
}

int PriceRule::sourceRank() const
{
    if (source == QLatin1String("user"))
        return 2;
    return source.startsWith(QLatin1String("import:")) ? 1 : 0;
}

void PriceBook::add(PriceRule rule)
{
    m_rules.push_back(std::move(rule));
}

void PriceBook::add(const std::vector<PriceRule> &rules)
{
    m_rules.insert(m_rules.end(), rules.begin(), rules.end());
}

std::optional<Price> PriceBook::priceFor(ProviderKind kind, const QString &model, qint64 atMs) const
{
    // Exact names beat prefixes, prefixes beat substrings, longer values beat shorter; for the
    // same match, a user's edit beats an import beats the shipped table; among equals, the
    // newest price that has started.
    const PriceRule *best = nullptr;
    const auto rank = [](const PriceRule &rule) {
        return std::tuple(-static_cast<int>(rule.match), rule.value.size(), rule.sourceRank());
    };
    for (const PriceRule &rule : m_rules) {
        if (rule.startsMs > atMs || !rule.matches(kind, model))
            continue;
        if (!best || rank(rule) > rank(*best) || (rank(rule) == rank(*best) && rule.startsMs > best->startsMs))
            best = &rule;
    }
    return best ? std::optional<Price>(best->price) : std::nullopt;
}

std::vector<PriceRule> PriceBook::rules() const
{
    return m_rules;
}

PriceBook PriceBook::simulated()
{
    PriceBook book;
    for (const QString &name : providers::sim::SimProfile::names()) {
        const auto profile = providers::sim::SimProfile::forModel(name);
        book.add({ ProviderKind::Simulated, PriceRule::Match::StartsWith, name,
                   { profile.inputPricePerMtokMicros, profile.outputPricePerMtokMicros, std::nullopt, std::nullopt }, 0,
                   QStringLiteral("shipped"), name });
    }
    // Any other name answers as sim-small, and costs as much.
    const auto small = providers::sim::SimProfile::forModel(QString());
    book.add({ ProviderKind::Simulated, PriceRule::Match::Contains, QString(),
               { small.inputPricePerMtokMicros, small.outputPricePerMtokMicros, std::nullopt, std::nullopt }, 0,
               QStringLiteral("shipped"), QStringLiteral("sim-small") });
    return book;
}

qint64 costMicros(const Usage &usage, const Price &price)
{
    const qint64 cached = std::clamp<qint64>(usage.cachedInputTokens, 0, usage.inputTokens);
    const qint64 written = std::clamp<qint64>(usage.cacheWriteTokens, 0, usage.inputTokens - cached);
    const qint64 plainInput = usage.inputTokens - cached - written;
    // Tokens times micro-dollars per million tokens, then rounded up. Fits in 64 bits up to a
    // billion tokens at $1,000 per million.
    const qint64 total = plainInput * price.inputPerMtokMicros
        + cached * price.cacheReadPerMtokMicros.value_or(price.inputPerMtokMicros)
        + written * price.cacheWritePerMtokMicros.value_or(price.inputPerMtokMicros)
        + usage.outputTokens * price.outputPerMtokMicros;
    return static_cast<qint64>((total + 999'999) / 1'000'000);
}

} // namespace switchboard::core::pricing
