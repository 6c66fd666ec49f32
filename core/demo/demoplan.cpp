#include "demo/demoplan.h"

#include "providers/sim/simcontent.h"
#include "providers/sim/simrandom.h"

#include <QDateTime>

#include <algorithm>
#include <cmath>

namespace switchboard::core::demo {
namespace {

using providers::sim::SimRandom;

constexpr qint64 kDayMs = 24 * 3600 * 1000LL;

// Relative traffic at a moment: busiest in the (UTC) afternoon, quiet at night, about half
// on weekends.
double intensity(qint64 atMs)
{
    const QDateTime at = QDateTime::fromMSecsSinceEpoch(atMs, Qt::UTC);
    const double hour = at.time().msecsSinceStartOfDay() / 3'600'000.0;
    const double daytime = std::exp(-std::pow((hour - 14.0) / 4.5, 2.0));
    const double weekend = at.date().dayOfWeek() >= 6 ? 0.45 : 1.0;
    return (0.12 + daytime) * weekend;
}

template<typename T>
int pickWeighted(SimRandom &random, const std::vector<T> &items)
{
    double total = 0;
    for (const T &item : items)
        total += item.weight;
    double draw = random.uniform() * total;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (draw < items[i].weight)
            return static_cast<int>(i);
        draw -= items[i].weight;
    }
    return static_cast<int>(items.size()) - 1;
}

QString filled(QString text, const QString &words)
{
    // Every {{variable}} of the demo's templates takes the generated words; the product name
    // is fixed.
    text.replace(QLatin1String("{{product}}"), QLatin1String("Northwind Cloud"));
    qsizetype open = text.indexOf(QLatin1String("{{"));
    while (open >= 0) {
        const qsizetype close = text.indexOf(QLatin1String("}}"), open);
        if (close < 0)
            break;
        text.replace(open, close + 2 - open, words);
        open = text.indexOf(QLatin1String("{{"), open + words.size());
    }
    return text;
}

// The values filled() gives the first version's variables, as a call that rendered the
// prompt would log them.
nlohmann::json variablesFor(const DemoRecipe::Feature &feature, const QString &words)
{
    nlohmann::json variables = nlohmann::json::object();
    for (const QString &text : { feature.system, feature.user }) {
        qsizetype open = text.indexOf(QLatin1String("{{"));
        while (open >= 0) {
            const qsizetype close = text.indexOf(QLatin1String("}}"), open);
            if (close < 0)
                break;
            const QString name = text.mid(open + 2, close - open - 2).trimmed();
            variables[name.toStdString()] = (name == QLatin1String("product") ? QStringLiteral("Northwind Cloud") : words).toStdString();
            open = text.indexOf(QLatin1String("{{"), close);
        }
    }
    return variables;
}

double costFactor(const DemoRecipe &recipe, const DemoRecipe::Feature &feature, double dayOffset)
{
    double factor = 1;
    for (const DemoRecipe::Incident &incident : recipe.incidents) {
        if (incident.kind == DemoRecipe::IncidentKind::CostSpike && incident.feature == feature.name
            && incident.activeAt(dayOffset))
            factor *= incident.factor;
    }
    return factor;
}

ChatRequest requestFor(const DemoRecipe &recipe, const DemoRecipe::Feature &feature, double dayOffset,
                       SimRandom &random, nlohmann::json &variables)
{
    ChatRequest request;
    request.model = feature.alias;
    const int span = feature.maxInputWords - feature.minInputWords + 1;
    const int words = static_cast<int>((feature.minInputWords + random.below(span)) * costFactor(recipe, feature, dayOffset));
    const QString input = providers::sim::simWords(random, words).join(QLatin1Char(' '));
    if (!feature.system.isEmpty())
        request.messages.push_back(ChatMessage::text(Role::System, filled(feature.system, input)));
    request.messages.push_back(ChatMessage::text(Role::User, filled(feature.user, input)));
    if (!feature.prompt.isEmpty())
        variables = variablesFor(feature, input);
    request.maxOutputTokens = feature.maxOutputTokens;
    request.temperature = feature.schema.is_null() ? 0.7 : 0.0;
    request.stream = feature.stream;
    if (!feature.schema.is_null()) {
        request.responseFormat.kind = ResponseFormat::Kind::JsonSchema;
        request.responseFormat.schemaName = feature.name;
        request.responseFormat.schema = feature.schema;
        request.responseFormat.strict = true;
        request.seed = 7;
    }
    return request;
}

} // namespace

std::vector<PlannedCall> planDemoTraffic(const DemoRecipe &recipe, qint64 weekStartMs, int calls)
{
    SimRandom random(recipe.seed);
    const qint64 spanMs = static_cast<qint64>(recipe.days * kDayMs);
    std::vector<qint64> arrivals;
    arrivals.reserve(static_cast<std::size_t>(calls));
    const double peak = 1.12;
    while (static_cast<int>(arrivals.size()) < calls) {
        const qint64 at = weekStartMs + static_cast<qint64>(random.uniform() * static_cast<double>(spanMs));
        if (random.uniform() * peak < intensity(at))
            arrivals.push_back(at);
    }
    std::sort(arrivals.begin(), arrivals.end());

    std::vector<PlannedCall> plan;
    plan.reserve(arrivals.size());
    for (const qint64 at : arrivals) {
        PlannedCall call;
        call.arrivalMs = at;
        call.dayOffset = static_cast<double>(at - weekStartMs) / kDayMs;
        call.feature = pickWeighted(random, recipe.features);
        const DemoRecipe::Tenant &tenant = recipe.tenants[static_cast<std::size_t>(pickWeighted(random, recipe.tenants))];
        call.tenant = tenant.name;
        call.userId = QStringLiteral("%1-user-%2").arg(tenant.name).arg(1 + random.below(std::max(1, tenant.users)));
        call.request = requestFor(recipe, recipe.features[static_cast<std::size_t>(call.feature)], call.dayOffset, random,
                                  call.variables);
        plan.push_back(std::move(call));
    }
    return plan;
}

} // namespace switchboard::core::demo
