#include "promptimport.h"

#include "store/connection.h"
#include "store/promptrepository.h"

namespace switchboard::core::prompts {

Result<ImportOutcome> importPrompts(store::Connection &connection, const std::vector<Prompt> &prompts,
                                    const QString &actor, const QString &renameTo)
{
    std::vector<Prompt> batch = prompts;
    if (!renameTo.isEmpty()) {
        if (batch.size() != 1)
            return fail(ErrorCode::InvalidArgument, QStringLiteral("Only a file of one prompt can be imported under another "
                                                                   "name; this one has %1. Import it without a new name.")
                                                        .arg(batch.size()));
        if (const QString problem = promptNameProblem(renameTo); !problem.isEmpty())
            return fail(ErrorCode::InvalidArgument, problem);
        batch.front().name = renameTo;
    }
    if (batch.empty())
        return fail(ErrorCode::InvalidArgument, QStringLiteral("The file holds no prompts; there is nothing to import."));

    store::PromptRepository repository(connection);
    auto existing = repository.list();
    if (!existing)
        return std::unexpected(existing.error());
    QStringList taken;
    for (const Prompt &prompt : batch)
        for (const PromptSummary &summary : *existing)
            if (summary.name == prompt.name)
                taken.push_back(prompt.name);
    if (!taken.isEmpty())
        return fail(ErrorCode::Conflict,
                    QStringLiteral("The workspace already has %1: %2. Nothing was imported. Import a single prompt under "
                                   "another name (--name), or delete the existing %3 first (switchboard-cli prompts delete NAME --reason R).")
                        .arg(taken.size() == 1 ? QStringLiteral("a prompt of that name") : QStringLiteral("prompts of those names"),
                             taken.join(QLatin1String(", ")),
                             taken.size() == 1 ? QStringLiteral("one") : QStringLiteral("ones")));

    if (auto written = repository.insertAll(batch, actor); !written)
        return std::unexpected(written.error());
    ImportOutcome outcome;
    for (const Prompt &prompt : batch) {
        outcome.names.push_back(prompt.name);
        outcome.versions += qsizetype(prompt.versions.size());
        outcome.labels += qsizetype(prompt.labels.size());
    }
    return outcome;
}

} // namespace switchboard::core::prompts
