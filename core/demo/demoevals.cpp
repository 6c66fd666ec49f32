#include "demo/demoevals.h"

#include "evals/dataset.h"
#include "prompts/prompt.h"
#include "store/callrepository.h"
#include "store/connection.h"
#include "store/datasetrepository.h"
#include "store/labelgaterepository.h"

namespace switchboard::core::demo {
namespace {

using nlohmann::json;

const QString kActor = QStringLiteral("demo");

json checksFor(const DemoRecipe::Feature &feature)
{
    if (!feature.schema.is_null())
        return json::array({ { { "type", "is-json" }, { "value", feature.schema } } });
    return json::array({ { { "type", "similar" }, { "threshold", 0.6 } },
                         { { "type", "max-output-tokens" }, { "threshold", feature.maxOutputTokens } } });
}

// The ids of the feature's latest answered production calls, one per user so that the items differ.
Result<QStringList> sampleCalls(store::Connection &connection, const QString &feature)
{
    auto rows = connection.exec(QStringLiteral("SELECT id, user_id FROM calls WHERE feature = ? AND origin = 'gateway' AND "
                                               "status = 'ok' AND prompt_version = 1 ORDER BY started_ms DESC LIMIT 400"),
                                { feature });
    if (!rows)
        return std::unexpected(rows.error());
    QStringList ids;
    QStringList users;
    while (rows->next() && ids.size() < kDemoDatasetItems) {
        if (users.contains(rows->value(1).toString()))
            continue;
        users << rows->value(1).toString();
        ids << rows->value(0).toString();
    }
    return ids;
}

} // namespace

Result<std::vector<evals::EvalRunSpec>> seedDemoDatasets(store::Connection &connection, const DemoRecipe &recipe)
{
    std::vector<evals::EvalRunSpec> runs;
    store::CallRepository calls(connection);
    store::DatasetRepository datasets(connection);
    for (const DemoRecipe::Feature &feature : recipe.features) {
        auto ids = sampleCalls(connection, feature.name);
        if (!ids)
            return std::unexpected(ids.error());
        std::vector<evals::DatasetItem> items;
        for (const QString &id : *ids) {
            auto call = calls.load(id);
            if (!call)
                return std::unexpected(call.error());
            if (!*call)
                continue;
            auto item = evals::itemFromCall(**call);
            if (!item) // a call that cannot be an item (no answer) is simply not taken
                continue;
            item->assertions = checksFor(feature);
            items.push_back(std::move(*item));
        }
        if (items.empty())
            continue;
        const QString name = feature.name + QStringLiteral("-golden");
        if (auto added = datasets.addItems(name, items, kActor); !added)
            return std::unexpected(added.error());
        evals::EvalRunSpec spec;
        spec.promptName = feature.prompt;
        spec.promptVersion = 1;
        spec.dataset = name;
        spec.concurrency = 8;
        runs.push_back(spec); // production, then any staging candidate on the same items
        if (feature.stagingUser.isEmpty())
            continue;
        spec.promptVersion = 2;
        runs.push_back(spec);
        if (auto gated = store::LabelGateRepository(connection)
                             .set({ feature.prompt, QString(prompts::kProductionLabel), name, kDemoGateThreshold }, kActor);
            !gated)
            return std::unexpected(gated.error());
    }
    return runs;
}

} // namespace switchboard::core::demo
