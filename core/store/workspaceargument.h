#pragma once

#include "model/error.h"
#include "store/workspacelocation.h"

#include <QCommandLineOption>

class QCommandLineParser;

namespace switchboard::core::store {

// The --workspace option, spelled the same by all three programs.
QCommandLineOption workspaceOption();
// The workspace the command line names, or the default one when it names none.
Result<WorkspaceLocation> workspaceFrom(const QCommandLineParser &parser);

} // namespace switchboard::core::store
