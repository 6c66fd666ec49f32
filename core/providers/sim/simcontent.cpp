#include "providers/sim/simcontent.h"

#include <array>

namespace switchboard::core::providers::sim {
namespace {

constexpr std::array kWords {
    "the", "customer", "order", "refund", "account", "invoice", "shipping", "policy", "team",
    "request", "update", "please", "note", "that", "your", "we", "will", "can", "review",
    "within", "days", "support", "ticket", "billing", "plan", "upgrade", "details", "confirm",
    "address", "payment", "received", "processed", "and", "is", "are", "to", "of", "for", "in",
    "on", "with", "as", "this", "it", "be", "has", "been", "our", "next", "steps", "include",
    "checking", "status", "model", "response", "latency", "cost", "tokens", "answer",
    "question", "summary", "report", "data", "service", "available", "today", "tomorrow",
    "week", "month", "quickly", "carefully", "again", "also", "however", "therefore",
};

constexpr std::array kSentenceEnds { ".", ".", ".", "?", "!" };

} // namespace

QStringList simWords(SimRandom &random, int tokens)
{
    QStringList words;
    words.reserve(tokens);
    int sentence = 0;
    for (int i = 0; i < tokens; ++i) {
        QString word = QString::fromLatin1(kWords[static_cast<std::size_t>(random.below(kWords.size()))]);
        if (sentence == 0)
            word[0] = word[0].toUpper();
        ++sentence;
        const bool last = i + 1 == tokens;
        if (last || (sentence > 5 && random.chance(0.18))) {
            word += QLatin1String(kSentenceEnds[static_cast<std::size_t>(random.below(kSentenceEnds.size()))]);
            sentence = 0;
        }
        words.append(word);
    }
    return words;
}

nlohmann::json simJson(SimRandom &random, const nlohmann::json &schema, int depth)
{
    using nlohmann::json;
    if (!schema.is_object() || depth > 6)
        return json::object();
    if (const auto values = schema.find("enum"); values != schema.end() && values->is_array() && !values->empty())
        return (*values)[static_cast<std::size_t>(random.below(static_cast<int>(values->size())))];
    std::string type = schema.value("type", std::string("object"));
    if (schema.contains("type") && schema["type"].is_array() && !schema["type"].empty())
        type = schema["type"][0].get<std::string>();
    if (type == "object") {
        json out = json::object();
        if (const auto props = schema.find("properties"); props != schema.end() && props->is_object())
            for (const auto &[name, sub] : props->items())
                out[name] = simJson(random, sub, depth + 1);
        return out;
    }
    if (type == "array") {
        json out = json::array();
        const int count = 1 + random.below(3);
        for (int i = 0; i < count; ++i)
            out.push_back(simJson(random, schema.value("items", json::object()), depth + 1));
        return out;
    }
    if (type == "integer")
        return random.below(1000);
    if (type == "number")
        return static_cast<double>(random.below(100000)) / 100.0;
    if (type == "boolean")
        return random.chance(0.5);
    if (type == "null")
        return nullptr;
    return simWords(random, 2 + random.below(6)).join(QLatin1Char(' ')).toStdString();
}

} // namespace switchboard::core::providers::sim
