#include "ruleset.h"

#include "model/enumnames.h"
#include "prompts/jsonfields.h"

#include <algorithm>
#include <array>
#include <limits>

namespace switchboard::core::routing {

using nlohmann::json;
using prompts::JsonFields;

namespace {

constexpr EnumNames<CachePolicy::Mode, 2> kCacheModes { { { CachePolicy::Mode::Off, "off" },
    { CachePolicy::Mode::Exact, "exact" } } };

// The keys each object may hold; anything else is most likely a typo that would otherwise
// silently widen a rule, so it is a problem rather than ignored.
constexpr std::array kTopKeys { "rules" };
constexpr std::array kRuleKeys { "name", "enabled", "description", "when", "then" };
constexpr std::array kWhenKeys { "gateway_keys", "tenants", "features", "user_tiers", "prompts",
    "prompt_labels", "models", "tags_all", "min_input_tokens", "max_input_tokens" };
constexpr std::array kThenKeys { "target", "split", "sticky_per_user", "fallbacks", "shadow",
    "timeout_ms", "max_output_tokens", "cache" };
constexpr std::array kArmKeys { "target", "weight" };
constexpr std::array kCacheKeys { "mode", "ttl_seconds" };

std::string toStd(const QString &text)
{
    return text.toStdString();
}

json stringList(const QStringList &values)
{
    json out = json::array();
    for (const QString &value : values)
        out.push_back(toStd(value));
    return out;
}

void putList(json &object, const char *key, const QStringList &values)
{
    if (!values.isEmpty())
        object[key] = stringList(values);
}

void putString(json &object, const char *key, const QString &value)
{
    if (!value.isEmpty())
        object[key] = toStd(value);
}

void putNumber(json &object, const char *key, const std::optional<qint64> &value)
{
    if (value)
        object[key] = *value;
}

json conditionsJson(const RuleConditions &when)
{
    json out = json::object();
    putList(out, "gateway_keys", when.gatewayKeys);
    putList(out, "tenants", when.tenants);
    putList(out, "features", when.features);
    putList(out, "user_tiers", when.userTiers);
    putList(out, "prompts", when.prompts);
    putList(out, "prompt_labels", when.promptLabels);
    putList(out, "models", when.models);
    putList(out, "tags_all", when.tagsAll);
    putNumber(out, "min_input_tokens", when.minInputTokens);
    putNumber(out, "max_input_tokens", when.maxInputTokens);
    return out;
}

json planJson(const RulePlan &then)
{
    json out = json::object();
    putString(out, "target", then.target);
    if (!then.split.empty()) {
        json split = json::array();
        for (const WeightedTarget &arm : then.split)
            split.push_back(json { { "target", toStd(arm.target) }, { "weight", arm.weight } });
        out["split"] = std::move(split);
    }
    if (!then.stickyPerUser)
        out["sticky_per_user"] = false;
    putList(out, "fallbacks", then.fallbacks);
    putString(out, "shadow", then.shadow);
    putNumber(out, "timeout_ms", then.timeoutMs);
    putNumber(out, "max_output_tokens", then.maxOutputTokens);
    if (then.cache != CachePolicy {})
        out["cache"] = json { { "mode", toStd(enumName(kCacheModes, then.cache.mode)) },
            { "ttl_seconds", then.cache.ttlSeconds } };
    return out;
}

// Gathers problems in the order they are found. JsonFields notes "path: message" lines; they
// are turned into RuleProblems before each problem found here, so the order is kept.
class Problems final
{
public:
    explicit Problems(std::vector<RuleProblem> &out)
        : m_out(out)
    {
    }

    QStringList &notes() { return m_notes; }

    void add(const QString &path, const QString &message)
    {
        flush();
        m_out.push_back({ path, message });
    }

    void flush()
    {
        for (const QString &note : std::as_const(m_notes)) {
            const qsizetype colon = note.indexOf(QLatin1String(": "));
            m_out.push_back({ note.left(colon), note.mid(colon + 2) });
        }
        m_notes.clear();
    }

    template <std::size_t N>
    void unknownKeys(
        const json &object, const QString &path, const std::array<const char *, N> &allowed)
    {
        if (!object.is_object())
            return;
        for (const auto &[key, value] : object.items()) {
            const bool known = std::any_of(
                allowed.begin(), allowed.end(), [&](const char *name) { return key == name; });
            if (known)
                continue;
            QStringList names;
            for (const char *name : allowed)
                names.push_back(QString::fromLatin1(name));
            add(JsonFields::join(path, key.c_str()),
                QStringLiteral("unknown key; remove it, or use one of %1")
                    .arg(names.join(QLatin1String(", "))));
        }
    }

private:
    std::vector<RuleProblem> &m_out;
    QStringList m_notes;
};

RuleConditions readConditions(const json &value, const QString &path, Problems &problems)
{
    RuleConditions when;
    JsonFields fields(value, path, problems.notes());
    when.gatewayKeys = fields.strings("gateway_keys");
    when.tenants = fields.strings("tenants");
    when.features = fields.strings("features");
    when.userTiers = fields.strings("user_tiers");
    when.prompts = fields.strings("prompts");
    when.promptLabels = fields.strings("prompt_labels");
    when.models = fields.strings("models");
    when.tagsAll = fields.strings("tags_all");
    when.minInputTokens = fields.integer("min_input_tokens");
    when.maxInputTokens = fields.integer("max_input_tokens");
    problems.unknownKeys(value, path, kWhenKeys);
    return when;
}

CachePolicy readCache(const json &value, const QString &path, Problems &problems)
{
    CachePolicy cache;
    JsonFields fields(value, path, problems.notes());
    if (const json *mode = fields.member("mode", true)) {
        const QString name = fields.string("mode");
        if (mode->is_string()) {
            if (const auto known = enumValue(kCacheModes, name))
                cache.mode = *known;
            else
                problems.add(fields.path("mode"),
                    QStringLiteral("unknown cache mode \"%1\"; use off or exact").arg(name));
        }
    }
    cache.ttlSeconds = fields.integer("ttl_seconds").value_or(cache.ttlSeconds);
    problems.unknownKeys(value, path, kCacheKeys);
    return cache;
}

RulePlan readPlan(const json &value, const QString &path, Problems &problems)
{
    RulePlan then;
    JsonFields fields(value, path, problems.notes());
    then.target = fields.string("target");
    fields.array("split", [&](const json &element, const QString &armPath) {
        JsonFields arm(element, armPath, problems.notes());
        WeightedTarget weighted;
        weighted.target = arm.string("target", true);
        if (const auto weight = arm.integer("weight", true)) {
            if (*weight < std::numeric_limits<int>::min()
                || *weight > std::numeric_limits<int>::max())
                problems.add(arm.path("weight"),
                    QStringLiteral("%1 is too large; use a share such as 5 or 95").arg(*weight));
            else
                weighted.weight = int(*weight);
        }
        problems.unknownKeys(element, armPath, kArmKeys);
        then.split.push_back(std::move(weighted));
    });
    then.stickyPerUser = fields.boolean("sticky_per_user").value_or(true);
    then.fallbacks = fields.strings("fallbacks");
    then.shadow = fields.string("shadow");
    then.timeoutMs = fields.integer("timeout_ms");
    then.maxOutputTokens = fields.integer("max_output_tokens");
    if (const json *cache = fields.member("cache"))
        then.cache = readCache(*cache, fields.path("cache"), problems);
    problems.unknownKeys(value, path, kThenKeys);
    return then;
}

RoutingRule readRule(const json &value, const QString &path, Problems &problems)
{
    RoutingRule rule;
    JsonFields fields(value, path, problems.notes());
    rule.name = fields.string("name", true);
    rule.enabled = fields.boolean("enabled").value_or(true);
    rule.description = fields.string("description");
    if (const json *when = fields.member("when"))
        rule.when = readConditions(*when, fields.path("when"), problems);
    if (const json *then = fields.member("then"))
        rule.then = readPlan(*then, fields.path("then"), problems);
    problems.unknownKeys(value, path, kRuleKeys);
    return rule;
}

} // namespace

bool RuleConditions::isEmpty() const
{
    return *this == RuleConditions {};
}

json toJson(const RuleSet &ruleSet)
{
    json rules = json::array();
    for (const RoutingRule &rule : ruleSet.rules) {
        json out = json::object();
        out["name"] = toStd(rule.name);
        if (!rule.enabled)
            out["enabled"] = false;
        putString(out, "description", rule.description);
        if (!rule.when.isEmpty())
            out["when"] = conditionsJson(rule.when);
        if (rule.then != RulePlan {})
            out["then"] = planJson(rule.then);
        rules.push_back(std::move(out));
    }
    return json { { "rules", std::move(rules) } };
}

std::optional<RuleSet> ruleSetFromJson(const json &value, std::vector<RuleProblem> &problems)
{
    const std::size_t before = problems.size();
    Problems found(problems);
    RuleSet ruleSet;
    JsonFields top(value, QString(), found.notes());
    if (top.member("rules", true)) {
        top.array("rules", [&](const json &element, const QString &path) {
            ruleSet.rules.push_back(readRule(element, path, found));
        });
    }
    found.unknownKeys(value, QString(), kTopKeys);
    found.flush();
    if (problems.size() != before)
        return std::nullopt;
    return ruleSet;
}

Result<RuleSet> parseRuleSet(QByteArrayView jsonText)
{
    json parsed;
    try {
        parsed = json::parse(jsonText.begin(), jsonText.end());
    } catch (const json::parse_error &error) {
        return fail(ErrorCode::InvalidArgument,
            QStringLiteral(
                "The rule set is not valid JSON at %1 (%2); fix the JSON and save again.")
                .arg(JsonFields::lineAndColumn(jsonText, error.byte),
                    QString::fromUtf8(error.what()).section(QLatin1Char(':'), -1).trimmed()));
    }
    std::vector<RuleProblem> problems;
    auto ruleSet = ruleSetFromJson(parsed, problems);
    if (!ruleSet) {
        QStringList lines;
        for (const RuleProblem &problem : problems)
            lines.push_back(problem.path.isEmpty()
                    ? problem.message
                    : problem.path + QLatin1String(": ") + problem.message);
        return fail(ErrorCode::InvalidArgument,
            QStringLiteral("The rule set cannot be read; fix these and save again:\n")
                + lines.join(QLatin1Char('\n')));
    }
    return std::move(*ruleSet);
}

} // namespace switchboard::core::routing
