#include "demo/demoworkspace.h"

#include "prompts/prompt.h"
#include "store/auditlogrepository.h"
#include "store/connection.h"
#include "store/gatewaykeyrepository.h"
#include "store/providerrepository.h"
#include "store/rulesetrepository.h"
#include "store/workspaceinforepository.h"

#include <QCryptographicHash>
#include <QSqlQuery>

namespace switchboard::core::demo {
namespace {

using nlohmann::json;

const QString kActor = QStringLiteral("demo");

Result<qint64> providerId(store::Connection &connection, const QString &name)
{
    auto query = connection.exec(QStringLiteral("SELECT id FROM providers WHERE name = ?"), { name });
    if (!query)
        return std::unexpected(query.error());
    if (!query->next())
        return fail(ErrorCode::InvalidArgument,
                    QStringLiteral("The demo recipe pins an alias to provider \"%1\", which it does not define.").arg(name));
    return query->value(0).toLongLong();
}

// The variables a demo template uses: {{name}} a required string, {{#name}} an optional flag.
void declareVariables(const QString &text, prompts::PromptContent &content)
{
    qsizetype open = text.indexOf(QLatin1String("{{"));
    while (open >= 0) {
        const qsizetype close = text.indexOf(QLatin1String("}}"), open);
        if (close < 0)
            break;
        QString name = text.mid(open + 2, close - open - 2).trimmed();
        const bool section = name.startsWith(u'#');
        if (section)
            name.remove(0, 1);
        if (!name.startsWith(u'/') && !content.variable(name)) {
            prompts::PromptVariable variable { name, prompts::VariableType::String, true, {}, {}, {} };
            if (section) {
                variable.type = prompts::VariableType::Boolean;
                variable.required = false;
                variable.defaultValue = false;
            }
            content.variables.push_back(std::move(variable));
        }
        open = text.indexOf(QLatin1String("{{"), close);
    }
}

prompts::PromptContent promptContent(const DemoRecipe::Feature &feature, const QString &system, const QString &user,
                                     const nlohmann::json &defaults = nlohmann::json::object())
{
    prompts::PromptContent content;
    if (!system.isEmpty())
        content.messages.push_back({ Role::System, system, {}, {} });
    content.messages.push_back({ Role::User, user, {}, {} });
    declareVariables(system, content);
    declareVariables(user, content);
    for (prompts::PromptVariable &variable : content.variables) {
        if (const auto value = defaults.find(variable.name.toStdString()); value != defaults.end()) {
            variable.required = false;
            variable.defaultValue = *value;
        }
    }
    content.model.alias = feature.alias;
    content.model.maxOutputTokens = feature.maxOutputTokens;
    content.model.temperature = feature.schema.is_null() ? 0.7 : 0.0;
    if (!feature.schema.is_null())
        content.model.responseFormat = { ResponseFormat::Kind::JsonSchema, feature.name, feature.schema, true };
    return content;
}

Result<void> audit(store::Connection &connection, qint64 atMs, const char *action, const char *kind, const QString &subject,
                   const QString &reason)
{
    store::AuditEntry entry;
    entry.atMs = atMs;
    entry.actor = kActor;
    entry.action = QLatin1String(action);
    entry.subjectKind = QLatin1String(kind);
    entry.subject = subject;
    entry.reason = reason;
    auto appended = store::AuditLogRepository(connection).append(entry);
    if (!appended)
        return std::unexpected(appended.error());
    return {};
}

Result<void> seedProviders(store::Connection &connection, const DemoRecipe &recipe, qint64 atMs)
{
    store::ProviderRepository providers(connection);
    for (const DemoRecipe::Provider &provider : recipe.providers) {
        ProviderConfig config;
        config.name = provider.name;
        config.kind = ProviderKind::Simulated;
        config.settingsJson = QString::fromStdString(provider.settings.dump());
        auto id = providers.add(config);
        if (!id)
            return std::unexpected(id.error());
        for (const QString &model : provider.models) {
            const QString date = model.right(10);
            auto inserted = connection.exec(
                QStringLiteral("INSERT INTO models (provider_id, name, snapshot_date, context_window, max_output_tokens, "
                               "created_ms) VALUES (?, ?, ?, ?, ?, ?)"),
                { *id, model, date.count(QLatin1Char('-')) == 2 ? date : QString(), 128'000, 8'192, atMs });
            if (!inserted)
                return std::unexpected(inserted.error());
        }
        if (auto done = audit(connection, atMs, "provider.add", "provider", provider.name, QStringLiteral("demo workspace")); !done)
            return done;
    }
    return {};
}

Result<void> seedPins(store::Connection &connection, const DemoRecipe &recipe, qint64 atMs)
{
    for (const DemoRecipe::Alias &alias : recipe.aliases) {
        auto id = providerId(connection, alias.primary.provider);
        if (!id)
            return std::unexpected(id.error());
        const QString reason = QStringLiteral("pinned for the demo");
        for (const auto &[sql, values] :
             { std::pair { QStringLiteral("INSERT INTO pins (alias, provider_id, model_name, version, updated_ms, updated_by) "
                                          "VALUES (?, ?, ?, 1, ?, ?)"),
                           QVariantList { alias.alias, *id, alias.primary.model, atMs, kActor } },
               std::pair { QStringLiteral("INSERT INTO pin_history (alias, version, provider_id, model_name, reason, author, "
                                          "at_ms) VALUES (?, 1, ?, ?, ?, ?, ?)"),
                           QVariantList { alias.alias, *id, alias.primary.model, reason, kActor, atMs } } }) {
            if (auto done = connection.exec(sql, values); !done)
                return std::unexpected(done.error());
        }
        if (auto done = audit(connection, atMs, "pin.change", "pin", alias.alias,
                              QStringLiteral("%1 -> %2/%3").arg(alias.alias, alias.primary.provider, alias.primary.model));
            !done)
            return done;
    }
    return {};
}

// Written as rows rather than through PromptRepository: the whole seed is one transaction.
Result<void> seedPrompts(store::Connection &connection, const DemoRecipe &recipe, qint64 atMs)
{
    for (const DemoRecipe::Feature &feature : recipe.features) {
        if (feature.prompt.isEmpty())
            continue;
        auto prompt = connection.exec(QStringLiteral("INSERT INTO prompts (name, description, tags_json, created_ms, updated_ms) "
                                                     "VALUES (?, ?, ?, ?, ?)"),
                                      { feature.prompt, QStringLiteral("Used by the %1 feature.").arg(feature.name),
                                        QStringLiteral("[\"demo\", \"%1\"]").arg(feature.name), atMs, atMs });
        if (!prompt)
            return std::unexpected(prompt.error());
        const qint64 promptId = prompt->lastInsertId().toLongLong();
        struct Version
        {
            prompts::PromptContent content;
            QString message;
            QString label;
            qint64 atMs;
        };
        std::vector<Version> versions { { promptContent(feature, feature.system, feature.user), QStringLiteral("First version"),
                                          QString(prompts::kProductionLabel), atMs } };
        if (!feature.stagingUser.isEmpty())
            versions.push_back({ promptContent(feature, feature.stagingSystem, feature.stagingUser, feature.stagingDefaults),
                                 feature.stagingMessage,
                                 QString(prompts::kStagingLabel), atMs + 3 * 24 * 3'600'000LL });
        for (std::size_t i = 0; i < versions.size(); ++i) {
            const Version &version = versions[i];
            const qint64 number = qint64(i) + 1;
            const QString reason = number == 1 ? QStringLiteral("Launch") : QStringLiteral("Candidate for review");
            for (const auto &[sql, values] :
                 { std::pair { QStringLiteral("INSERT INTO prompt_versions (prompt_id, number, content_json, content_hash, "
                                              "commit_message, author, created_ms) VALUES (?, ?, ?, ?, ?, ?, ?)"),
                               QVariantList { promptId, number, QString::fromStdString(prompts::toJson(version.content).dump()),
                                              prompts::contentHash(version.content), version.message, kActor, version.atMs } },
                   std::pair { QStringLiteral("INSERT INTO prompt_labels (prompt_id, label, version, updated_ms) "
                                              "VALUES (?, ?, ?, ?)"),
                               QVariantList { promptId, version.label, number, version.atMs } },
                   std::pair { QStringLiteral("INSERT INTO prompt_label_history (prompt_id, label, from_version, to_version, "
                                              "reason, author, at_ms) VALUES (?, ?, NULL, ?, ?, ?, ?)"),
                               QVariantList { promptId, version.label, number, reason, kActor, version.atMs } } }) {
                if (auto done = connection.exec(sql, values); !done)
                    return std::unexpected(done.error());
            }
            if (auto done = audit(connection, version.atMs, "label.move", "prompt", feature.prompt,
                                  QStringLiteral("%1 -> %2: %3").arg(version.label).arg(number).arg(reason));
                !done)
                return done;
        }
    }
    return {};
}

// One rule per alias: its fallback chain from the recipe, and the exact-match cache for the
// structured-output alias, whose answers repeat. Saved and activated through the repository,
// so the demo's rules pass the same checks as anyone's.
Result<void> seedRules(store::Connection &connection, const DemoRecipe &recipe)
{
    routing::RuleSet rules;
    for (const DemoRecipe::Alias &alias : recipe.aliases) {
        routing::RoutingRule rule;
        rule.name = alias.alias;
        rule.description = QStringLiteral("Calls to %1, with its fallbacks.").arg(alias.alias);
        rule.when.models = { alias.alias };
        rule.then.target = alias.alias;
        for (const DemoRecipe::Route &fallback : alias.fallbacks)
            rule.then.fallbacks << fallback.provider + u'/' + fallback.model;
        if (alias.alias.startsWith(QLatin1String("extract"))) {
            rule.then.cache.mode = routing::CachePolicy::Mode::Exact;
            rule.then.cache.ttlSeconds = 600;
        }
        rules.rules.push_back(std::move(rule));
    }
    store::RuleSetRepository repository(connection);
    auto version = repository.saveDraft(rules, QStringLiteral("Fallback chains for every alias"), kActor);
    if (!version)
        return std::unexpected(version.error());
    return repository.activate(*version, QStringLiteral("demo workspace"), kActor);
}

// A key per tenant, with a rate limit and a daily budget in proportion to its traffic. The
// secrets are not kept: create a key on the Settings page (or with switchboard-cli keys
// create) to call the demo's gateway.
Result<void> seedKeys(store::Connection &connection, const DemoRecipe &recipe)
{
    store::GatewayKeyRepository keys(connection);
    for (const DemoRecipe::Tenant &tenant : recipe.tenants) {
        gateway::GatewayKey key;
        key.name = tenant.name + QLatin1String("-prod");
        key.tenant = tenant.name;
        key.requestsPerMinute = qRound64(120 * tenant.weight);
        key.tokensPerMinute = qRound64(200'000 * tenant.weight);
        key.budgetMicrosPerDay = qRound64(10'000'000 * tenant.weight);
        if (auto created = keys.create(key, kActor); !created)
            return std::unexpected(created.error());
    }
    return {};
}

} // namespace

Result<void> seedDemoWorkspace(store::Connection &connection, const DemoRecipe &recipe, qint64 weekStartMs)
{
    return connection.writeTransaction([&]() -> Result<void> {
        if (auto done = seedProviders(connection, recipe, weekStartMs); !done)
            return done;
        if (auto done = seedPins(connection, recipe, weekStartMs); !done)
            return done;
        if (auto done = seedPrompts(connection, recipe, weekStartMs); !done)
            return done;
        if (auto done = seedRules(connection, recipe); !done)
            return done;
        if (auto done = seedKeys(connection, recipe); !done)
            return done;
        return store::WorkspaceInfoRepository(connection).markAsDemo();
    });
}

} // namespace switchboard::core::demo
