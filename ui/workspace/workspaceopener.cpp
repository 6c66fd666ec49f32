#include "workspace/workspaceopener.h"

#include <QtConcurrent/QtConcurrentRun>

namespace switchboard::ui {

WorkspaceOpener::WorkspaceOpener(QObject *parent) : QObject(parent) { }

void WorkspaceOpener::open(const core::store::WorkspaceLocation &location,
                           core::store::Connection::Mode mode)
{
    const quint64 generation = ++m_generation;
    ++m_pending;
    Q_EMIT started(location);
    QtConcurrent::run([location, mode] { return core::store::prepareWorkspace(location, mode); })
        .then(this, [this, generation, location](const core::Result<core::store::WorkspaceSummary> &result) {
            --m_pending;
            if (generation != m_generation)
                return; // superseded by a newer open
            if (result)
                Q_EMIT opened(*result);
            else
                Q_EMIT failed(location, result.error());
        });
}

} // namespace switchboard::ui
