#pragma once

#include "model/error.h"
#include "store/workspacelocation.h"

#include <QCommandLineOption>

class QCommandLineParser;

namespace switchboard::core::store {

// Names the workspace when --workspace does not; a URL with a password given this way stays
// out of the process list.
inline constexpr char kWorkspaceVariable[] = "SWITCHBOARD_WORKSPACE";

// The --workspace option, spelled the same by all three programs.
QCommandLineOption workspaceOption();
// The workspace the command line names, else $SWITCHBOARD_WORKSPACE, else the default one.
Result<WorkspaceLocation> workspaceFrom(const QCommandLineParser &parser);

} // namespace switchboard::core::store
