#include "pricing/pricetable.h"

#include "providers/jsonvalue.h"

#include <QDate>
#include <QFile>

#include <nlohmann/json.hpp>

#include <cmath>

namespace switchboard::core::pricing {
namespace {

using nlohmann::json;

std::optional<PriceRule::Match> matchFromName(const std::string &name)
{
    if (name == "equals")
        return PriceRule::Match::Equals;
    if (name == "starts_with")
        return PriceRule::Match::StartsWith;
    if (name == "contains")
        return PriceRule::Match::Contains;
    return std::nullopt;
}

std::optional<qint64> integerAt(const json &object, const char *key)
{
    const auto it = object.find(key);
    if (it == object.end() || !it->is_number())
        return std::nullopt;
    return it->get<qint64>();
}

std::optional<qint64> dollarsPerTokenAt(const json &object, const char *key)
{
    const auto it = object.find(key);
    if (it == object.end() || !it->is_number())
        return std::nullopt;
    return microsPerMtokFromDollarsPerToken(it->get<double>());
}

Error notJson(const QString &what)
{
    return { ErrorCode::InvalidArgument,
             QStringLiteral("%1 is not a JSON object; check that the file is complete and is the format you named.").arg(what) };
}

// LiteLLM names the provider; Switchboard speaks to these.
std::optional<ProviderKind> kindOfLiteLlmProvider(const std::string &provider)
{
    if (provider == "openai" || provider == "text-completion-openai")
        return ProviderKind::OpenAi;
    if (provider == "anthropic")
        return ProviderKind::Anthropic;
    if (provider == "gemini" || provider == "vertex_ai-language-models")
        return ProviderKind::Gemini;
    return std::nullopt;
}

} // namespace

qint64 microsPerMtokFromDollarsPerToken(double dollarsPerToken)
{
    // 0.0000025 $/token is 2.5 $/Mtok, 2,500,000 micro-dollars: 1e12 times, to the nearest,
    // since the decimal is not exact in binary.
    return std::llround(dollarsPerToken * 1e12);
}

Result<std::vector<PriceRule>> shippedPrices()
{
    QFile file(QStringLiteral(":/switchboard/prices/prices.json"));
    if (!file.open(QIODevice::ReadOnly))
        return fail(ErrorCode::Io, QStringLiteral("The price table is missing from this build; reinstall Switchboard."));
    auto table = readPriceTable(file.readAll(), QStringLiteral("shipped"));
    if (!table)
        return std::unexpected(table.error());
    std::vector<PriceRule> rules = std::move(table->rules);
    for (const PriceRule &simulated : PriceBook::simulated().rules())
        rules.push_back(simulated);
    return rules;
}

Result<PriceImport> readPriceTable(const QByteArray &bytes, const QString &source)
{
    const json root = json::parse(bytes.toStdString(), nullptr, false);
    if (!root.is_object() || !root.contains("rules") || !root["rules"].is_array())
        return std::unexpected(notJson(QStringLiteral("The price table")));
    PriceImport out;
    for (const json &entry : root["rules"]) {
        const QString value = providers::stringAt(entry, "value");
        const QString label = value.isEmpty() ? QStringLiteral("(unnamed)") : value;
        const auto kind = providerKindFromString(providers::stringAt(entry, "provider"));
        const auto match = matchFromName(entry.value("match", std::string()));
        const auto input = integerAt(entry, "input");
        const auto output = integerAt(entry, "output");
        if (!kind || !match || !input || !output) {
            out.skipped.append(QStringLiteral("%1: needs provider, match, input and output").arg(label));
            continue;
        }
        PriceRule rule;
        rule.provider = *kind;
        rule.match = *match;
        rule.value = value;
        rule.price = { *input, *output, integerAt(entry, "cache_read"), integerAt(entry, "cache_write") };
        const QString starts = providers::stringAt(entry, "starts");
        if (!starts.isEmpty()) {
            const QDate date = QDate::fromString(starts, Qt::ISODate);
            if (!date.isValid()) {
                out.skipped.append(QStringLiteral("%1: start date \"%2\" is not yyyy-mm-dd").arg(label, starts));
                continue;
            }
            rule.startsMs = date.startOfDay(Qt::UTC).toMSecsSinceEpoch();
        }
        rule.source = source;
        rule.note = providers::stringAt(entry, "model");
        out.rules.push_back(std::move(rule));
    }
    return out;
}

Result<PriceImport> readLiteLlmPrices(const QByteArray &bytes, const QString &source)
{
    const json root = json::parse(bytes.toStdString(), nullptr, false);
    if (!root.is_object())
        return std::unexpected(notJson(QStringLiteral("The LiteLLM price file")));
    PriceImport out;
    for (const auto &[name, entry] : root.items()) {
        const QString model = QString::fromStdString(name);
        if (name == "sample_spec")
            continue; // the file's own documentation of its fields
        if (!entry.is_object()) {
            out.skipped.append(QStringLiteral("%1: not an object").arg(model));
            continue;
        }
        const std::string mode = entry.value("mode", std::string());
        if (mode != "chat" && mode != "completion" && mode != "responses") {
            out.skipped.append(QStringLiteral("%1: mode \"%2\" is not chat").arg(model, QString::fromStdString(mode)));
            continue;
        }
        const std::string provider = entry.value("litellm_provider", std::string());
        const auto kind = kindOfLiteLlmProvider(provider);
        if (!kind) {
            out.skipped.append(QStringLiteral("%1: provider \"%2\" is not one Switchboard prices").arg(model, QString::fromStdString(provider)));
            continue;
        }
        const auto input = dollarsPerTokenAt(entry, "input_cost_per_token");
        const auto output = dollarsPerTokenAt(entry, "output_cost_per_token");
        if (!input || !output) {
            out.skipped.append(QStringLiteral("%1: no per-token input and output price").arg(model));
            continue;
        }
        // LiteLLM keys some models by route ("gemini/gemini-1.5-pro"); the provider's own name
        // is what follows the last slash.
        PriceRule rule;
        rule.provider = *kind;
        rule.match = PriceRule::Match::Equals;
        rule.value = model.mid(model.lastIndexOf(QLatin1Char('/')) + 1);
        rule.price = { *input, *output, dollarsPerTokenAt(entry, "cache_read_input_token_cost"),
                       dollarsPerTokenAt(entry, "cache_creation_input_token_cost") };
        rule.source = source;
        rule.note = model;
        out.rules.push_back(std::move(rule));
    }
    // Two routes to one model ("gemini/x" and "vertex_ai/x") give one rule.
    std::vector<PriceRule> unique;
    for (PriceRule &rule : out.rules) {
        const bool seen = std::any_of(unique.begin(), unique.end(), [&](const PriceRule &kept) {
            return kept.provider == rule.provider && kept.value == rule.value;
        });
        if (seen)
            out.skipped.append(QStringLiteral("%1: priced already under another route").arg(rule.note));
        else
            unique.push_back(std::move(rule));
    }
    out.rules = std::move(unique);
    return out;
}

} // namespace switchboard::core::pricing
