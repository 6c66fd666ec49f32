#include "demo/demorecipe.h"

#include "model/enumnames.h"
#include "providers/jsonvalue.h"

#include <QFile>

namespace switchboard::core::demo {
namespace {

using nlohmann::json;

constexpr EnumNames<DemoRecipe::IncidentKind, 3> kIncidentKinds { {
    { DemoRecipe::IncidentKind::RateLimitStorm, "rate_limit_storm" },
    { DemoRecipe::IncidentKind::LatencyRegression, "latency_regression" },
    { DemoRecipe::IncidentKind::CostSpike, "cost_spike" },
} };

QString text(const json &object, const char *key)
{
    return providers::stringAt(object, key);
}

double number(const json &object, const char *key, double fallback)
{
    const auto it = object.find(key);
    return it != object.end() && it->is_number() ? it->get<double>() : fallback;
}

DemoRecipe::Route route(const json &object)
{
    return { text(object, "provider"), text(object, "model") };
}

Error invalid(const QString &what)
{
    return { ErrorCode::InvalidArgument, QStringLiteral("The demo recipe is invalid: %1.").arg(what) };
}

} // namespace

const DemoRecipe::Alias *DemoRecipe::alias(const QString &name) const
{
    for (const Alias &candidate : aliases) {
        if (candidate.alias == name)
            return &candidate;
    }
    return nullptr;
}

Result<DemoRecipe> DemoRecipe::shipped()
{
    QFile file(QStringLiteral(":/switchboard/demo/recipe.json"));
    if (!file.open(QIODevice::ReadOnly))
        return fail(ErrorCode::Io, QStringLiteral("The demo recipe is missing from this build; reinstall Switchboard."));
    return fromJson(file.readAll());
}

Result<DemoRecipe> DemoRecipe::fromJson(const QByteArray &bytes)
{
    const json root = json::parse(bytes.toStdString(), nullptr, false);
    if (!root.is_object())
        return std::unexpected(invalid(QStringLiteral("it is not a JSON object")));
    DemoRecipe recipe;
    recipe.seed = root.value("seed", json(1)).is_number_unsigned() ? root.value("seed", 1ULL) : 1ULL;
    recipe.days = number(root, "days", 7);
    recipe.calls = static_cast<int>(number(root, "calls", 20'000));
    for (const json &p : root.value("providers", json::array())) {
        Provider provider { text(p, "name"), p.value("settings", json::object()), {} };
        for (const json &model : p.value("models", json::array()))
            provider.models.append(QString::fromStdString(model.is_string() ? model.get<std::string>() : std::string()));
        recipe.providers.push_back(std::move(provider));
    }
    for (const json &a : root.value("aliases", json::array())) {
        Alias alias { text(a, "alias"), route(a), {} };
        for (const json &fallback : a.value("fallbacks", json::array()))
            alias.fallbacks.push_back(route(fallback));
        recipe.aliases.push_back(std::move(alias));
    }
    for (const json &t : root.value("tenants", json::array()))
        recipe.tenants.push_back({ text(t, "name"), number(t, "weight", 1), static_cast<int>(number(t, "users", 1)) });
    for (const json &f : root.value("features", json::array())) {
        Feature feature;
        feature.name = text(f, "name");
        feature.alias = text(f, "alias");
        feature.prompt = text(f, "prompt");
        feature.weight = number(f, "weight", 1);
        feature.stream = f.value("stream", json(false)).is_boolean() && f.value("stream", false);
        const json words = f.value("input_words", json::array());
        if (words.is_array() && words.size() == 2 && words[0].is_number() && words[1].is_number()) {
            feature.minInputWords = words[0].get<int>();
            feature.maxInputWords = words[1].get<int>();
        }
        feature.maxOutputTokens = static_cast<int>(number(f, "max_output_tokens", 400));
        feature.schema = f.value("schema", json());
        feature.system = text(f, "system");
        feature.user = text(f, "user");
        const json staging = f.value("staging", json::object());
        feature.stagingSystem = text(staging, "system");
        feature.stagingUser = text(staging, "user");
        feature.stagingMessage = text(staging, "message");
        if (const auto defaults = staging.find("defaults"); defaults != staging.end() && defaults->is_object())
            feature.stagingDefaults = *defaults;
        recipe.features.push_back(std::move(feature));
    }
    for (const json &i : root.value("incidents", json::array())) {
        const auto kind = enumValue(kIncidentKinds, text(i, "kind"));
        if (!kind)
            return std::unexpected(invalid(QStringLiteral("unknown incident kind \"%1\"").arg(text(i, "kind"))));
        Incident incident;
        incident.kind = *kind;
        incident.provider = text(i, "provider");
        incident.model = text(i, "model");
        incident.feature = text(i, "feature");
        incident.startDay = number(i, "start_day", 0);
        incident.hours = number(i, "hours", 1);
        incident.rate = number(i, "rate", 0);
        incident.factor = number(i, *kind == IncidentKind::CostSpike ? "input_factor" : "factor", 1);
        incident.about = text(i, "about");
        recipe.incidents.push_back(std::move(incident));
    }

    if (recipe.calls < 1 || recipe.days <= 0)
        return std::unexpected(invalid(QStringLiteral("calls and days must be positive")));
    if (recipe.tenants.empty() || recipe.features.empty() || recipe.providers.empty())
        return std::unexpected(invalid(QStringLiteral("it needs providers, tenants and features")));
    for (const Feature &feature : recipe.features) {
        if (!recipe.alias(feature.alias))
            return std::unexpected(invalid(QStringLiteral("feature \"%1\" uses alias \"%2\", which is not defined")
                                               .arg(feature.name, feature.alias)));
        if (feature.minInputWords < 1 || feature.maxInputWords < feature.minInputWords)
            return std::unexpected(invalid(QStringLiteral("feature \"%1\" has a bad input_words range").arg(feature.name)));
    }
    return recipe;
}

} // namespace switchboard::core::demo
