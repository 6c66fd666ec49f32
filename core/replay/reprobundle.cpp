#include "replay/reprobundle.h"

#include "model/productinfo.h"
#include "routing/ruleset.h"
#include "store/batchwriter.h"
#include "store/callrepository.h"
#include "store/connection.h"
#include "store/pinrepository.h"
#include "store/promptrepository.h"
#include "store/providerrepository.h"
#include "store/rulesetrepository.h"

#include <QDateTime>
#include <QSet>

#include <algorithm>

namespace switchboard::core::replay {
namespace {

// Names in first-seen order, each once.
void addOnce(QStringList &names, const QString &name)
{
    if (!name.isEmpty() && !names.contains(name))
        names << name;
}

Result<std::vector<store::RecordedCall>> loadCalls(store::Connection &connection, const QStringList &callIds)
{
    store::CallRepository calls(connection);
    std::vector<store::RecordedCall> loaded;
    QSet<QString> seen;
    const auto add = [&](const QString &id) -> Result<void> {
        if (seen.contains(id))
            return {};
        auto call = calls.load(id);
        if (!call)
            return std::unexpected(call.error());
        if (!*call)
            return fail(ErrorCode::NotFound, QStringLiteral("The workspace has no call %1.").arg(id));
        seen.insert(id);
        loaded.push_back(std::move(**call));
        return {};
    };
    for (const QString &id : callIds)
        if (auto added = add(id.trimmed()); !added)
            return std::unexpected(added.error());
    // Then what was made of them: replays, and the shadow twins of the gateway's calls.
    for (const QString &id : callIds) {
        auto children = calls.children(id.trimmed());
        if (!children)
            return std::unexpected(children.error());
        for (const CallRecord &child : *children)
            if (auto added = add(child.id); !added)
                return std::unexpected(added.error());
    }
    return loaded;
}

} // namespace

Result<ReproBundle> collectBundle(store::Connection &connection, const QStringList &callIds)
{
    if (callIds.isEmpty())
        return fail(ErrorCode::InvalidArgument, QStringLiteral("Choose at least one call to put in the bundle."));
    ReproBundle bundle;
    bundle.exportedMs = QDateTime::currentMSecsSinceEpoch();
    bundle.productVersion = productVersion();
    Result<void> read = connection.readTransaction([&]() -> Result<void> {
        auto calls = loadCalls(connection, callIds);
        if (!calls)
            return std::unexpected(calls.error());
        bundle.calls = std::move(*calls);
        QStringList providers, aliases, prompts;
        QList<int> ruleSets;
        for (const store::RecordedCall &call : bundle.calls) {
            addOnce(providers, call.record.provider);
            for (const store::AttemptRow &attempt : call.attempts)
                addOnce(providers, attempt.provider);
            addOnce(aliases, call.record.alias);
            addOnce(prompts, call.record.promptName);
            if (call.record.ruleSetVersion && !ruleSets.contains(call.record.ruleSetVersion))
                ruleSets << call.record.ruleSetVersion;
        }
        store::PinRepository pins(connection);
        for (const QString &alias : std::as_const(aliases)) {
            auto pin = pins.find(alias);
            if (pin) {
                bundle.pins.push_back({ pin->alias, pin->provider, pin->model });
                addOnce(providers, pin->provider);
            } else if (pin.error().code != ErrorCode::NotFound) {
                return std::unexpected(pin.error());
            }
        }
        for (const QString &name : std::as_const(providers)) {
            auto provider = store::ProviderRepository(connection).findByName(name);
            if (!provider)
                return std::unexpected(provider.error());
            if (*provider)
                bundle.providers.push_back(**provider);
        }
        for (const QString &name : std::as_const(prompts)) {
            auto prompt = store::PromptRepository(connection).load(name);
            if (prompt)
                bundle.prompts.push_back(std::move(*prompt));
            else if (prompt.error().code != ErrorCode::NotFound)
                return std::unexpected(prompt.error());
        }
        for (const int version : std::as_const(ruleSets)) {
            auto ruleSet = store::RuleSetRepository(connection).version(version);
            if (ruleSet)
                bundle.ruleSets.push_back({ version, routing::toJson(ruleSet->rules) });
            else if (ruleSet.error().code != ErrorCode::NotFound)
                return std::unexpected(ruleSet.error());
        }
        return {};
    });
    if (!read)
        return std::unexpected(read.error());
    return bundle;
}

Result<ImportReport> importBundle(store::Connection &connection, const ReproBundle &bundle, const QString &actor)
{
    ImportReport report;
    const QString reason = QStringLiteral("Imported with a reproduction bundle");
    Result<void> written = connection.writeTransaction([&]() -> Result<void> {
        store::ProviderRepository providers(connection);
        for (ProviderConfig provider : bundle.providers) {
            auto existing = providers.findByName(provider.name);
            if (!existing)
                return std::unexpected(existing.error());
            if (*existing) {
                if ((*existing)->kind != provider.kind)
                    report.notes << QStringLiteral("This workspace's provider \"%1\" is a %2 provider, the bundle's a %3 one; "
                                                   "replays here go to this workspace's.")
                                        .arg(provider.name, nameOf((*existing)->kind), nameOf(provider.kind));
                continue;
            }
            provider.id = 0;
            if (auto added = providers.add(provider); !added)
                return std::unexpected(added.error());
            report.providersAdded << provider.name;
            if (provider.keySource == KeySource::Keychain)
                report.notes << QStringLiteral("Provider \"%1\" was added without its key; store it with 'switchboard-cli "
                                               "provider set-key' or on the Models page before replaying.")
                                    .arg(provider.name);
            else if (provider.keySource == KeySource::Environment)
                report.notes << QStringLiteral("Provider \"%1\" reads its key from $%2; set it before replaying.")
                                    .arg(provider.name, provider.keyEnvVar);
        }
        store::PinRepository pins(connection);
        for (const BundledPin &pin : bundle.pins) {
            auto existing = pins.find(pin.alias);
            if (existing) {
                if (existing->provider != pin.provider || existing->model != pin.model)
                    report.notes << QStringLiteral("\"%1\" is pinned here to %2/%3, in the bundle to %4/%5; exact replays go "
                                                   "to the call's own snapshot either way.")
                                        .arg(pin.alias, existing->provider, existing->model, pin.provider, pin.model);
                continue;
            }
            if (existing.error().code != ErrorCode::NotFound)
                return std::unexpected(existing.error());
            if (auto set = pins.set(pin.alias, pin.provider, pin.model, reason, actor); !set)
                return std::unexpected(set.error());
            report.pinsAdded << pin.alias;
        }
        store::PromptRepository prompts(connection);
        for (const prompts::Prompt &prompt : bundle.prompts) {
            auto existing = prompts.load(prompt.name);
            if (existing) {
                const bool same = std::ranges::all_of(prompt.versions, [&](const prompts::PromptVersion &version) {
                    const prompts::PromptVersion *here = existing->version(version.number);
                    return here && here->contentHash == version.contentHash;
                });
                if (!same)
                    report.notes << QStringLiteral("The prompt \"%1\" here has other versions than the bundle's and was "
                                                   "left as it is; replays on another version render this workspace's.")
                                        .arg(prompt.name);
                continue;
            }
            if (existing.error().code != ErrorCode::NotFound)
                return std::unexpected(existing.error());
            if (auto inserted = prompts.insertWhole(prompt, actor); !inserted)
                return std::unexpected(inserted.error());
            report.promptsAdded << prompt.name;
        }
        std::vector<store::EncodedCall> calls;
        store::CallRepository log(connection);
        for (const store::RecordedCall &call : bundle.calls) {
            auto existing = log.find(call.record.id);
            if (!existing)
                return std::unexpected(existing.error());
            if (*existing) {
                ++report.callsPresent;
                continue;
            }
            calls.push_back(store::encodeForWriting(call));
        }
        report.callsAdded = static_cast<int>(calls.size());
        return store::BatchWriter(connection, 8).write(calls, store::BatchWriter::Rollups::Skip);
    });
    if (!written)
        return std::unexpected(written.error());
    return report;
}

} // namespace switchboard::core::replay
