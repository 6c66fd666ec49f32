#pragma once

#include "model/error.h"
#include "store/connection.h"
#include "store/workspaceinforepository.h"
#include "store/workspacelocation.h"

#include <QMetaType>

namespace switchboard::core::store {

// What a program learns when it opens a workspace; a value, handed from a worker thread to
// the GUI.
struct WorkspaceSummary
{
    WorkspaceLocation location;
    WorkspaceInfo info;
    int schemaVersion = 0;
    qint64 providers = 0;
    qint64 prompts = 0;
    qint64 calls = 0; // in the request log, as the rollups count them
};

// Opens (or creates) a workspace, brings its schema up to date and gives it an identity.
// Blocking: call it from a worker thread, never from the GUI thread.
Result<WorkspaceSummary> prepareWorkspace(const WorkspaceLocation &location,
                                          Connection::Mode mode = Connection::Mode::OpenExisting);

} // namespace switchboard::core::store

Q_DECLARE_METATYPE(switchboard::core::store::WorkspaceSummary)
