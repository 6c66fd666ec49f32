#pragma once

#include "model/error.h"

#include <QString>
#include <QStringList>

#include <nlohmann/json.hpp>

#include <vector>

namespace switchboard::core::demo {

// The demo workspace, as data (resources/demo/recipe.json): what to create and what traffic
// to push through the executor.
struct DemoRecipe
{
    struct Provider
    {
        QString name;
        nlohmann::json settings; // the simulated provider's settings_json
        QStringList models;
    };
    struct Route
    {
        QString provider;
        QString model;
    };
    struct Alias
    {
        QString alias;
        Route primary;
        std::vector<Route> fallbacks;
    };
    struct Tenant
    {
        QString name;
        double weight = 1;
        int users = 1;
    };
    struct Feature
    {
        QString name;
        QString alias;
        QString prompt;
        double weight = 1;
        bool stream = false;
        int minInputWords = 50;
        int maxInputWords = 200;
        int maxOutputTokens = 400;
        nlohmann::json schema; // null: prose answers
        QString system;
        QString user;
        // A candidate version labelled staging (not serving traffic), so that the demo's
        // prompts have something to compare and promote. Empty when there is none.
        QString stagingSystem;
        QString stagingUser;
        QString stagingMessage;
        nlohmann::json stagingDefaults = nlohmann::json::object(); // for variables it adds
    };
    enum class IncidentKind { RateLimitStorm, LatencyRegression, CostSpike };
    struct Incident
    {
        IncidentKind kind = IncidentKind::RateLimitStorm;
        QString provider;
        QString model;   // a model name prefix
        QString feature; // cost spikes
        double startDay = 0;
        double hours = 1;
        double rate = 0;          // rate-limit storms: share of attempts answered 429
        double factor = 1;        // latency regressions: slower by; cost spikes: input larger by
        QString about;

        bool activeAt(double dayOffset) const { return dayOffset >= startDay && dayOffset < startDay + hours / 24.0; }
    };

    quint64 seed = 1;
    double days = 7;
    int calls = 20'000;
    std::vector<Provider> providers;
    std::vector<Alias> aliases;
    std::vector<Tenant> tenants;
    std::vector<Feature> features;
    std::vector<Incident> incidents;

    const Alias *alias(const QString &name) const;

    // The recipe shipped with the program.
    static Result<DemoRecipe> shipped();
    static Result<DemoRecipe> fromJson(const QByteArray &bytes);
};

} // namespace switchboard::core::demo
