#pragma once

#include "model/error.h"
#include "prompts/prompt.h"

#include <QStringList>

#include <vector>

namespace switchboard::core::store {
class Connection;
}

namespace switchboard::core::prompts {

struct ImportOutcome
{
    QStringList names; // as written, in the file's order
    qsizetype versions = 0;
    qsizetype labels = 0;
};

// Writes read prompts into the workspace, all or nothing, in one transaction. A name that the
// workspace already has is a Conflict naming every such prompt, and nothing is written: merging
// versions into an existing prompt could silently renumber them. `renameTo` imports a file's
// only prompt under another name.
Result<ImportOutcome> importPrompts(store::Connection &connection, const std::vector<Prompt> &prompts,
                                    const QString &actor, const QString &renameTo = {});

} // namespace switchboard::core::prompts
