#include "workspace/workspaceopener.h"

#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

namespace switchboard::ui {

WorkspaceOpener::WorkspaceOpener(QObject *parent) : QObject(parent) { }

void WorkspaceOpener::open(const core::store::WorkspaceLocation &location,
                           core::store::Connection::Mode mode)
{
    const quint64 generation = ++m_generation;
    ++m_pending;
    Q_EMIT started(location);
    // A watcher rather than QFuture::then(context, ...): Qt 6.4 can lose a context
    // continuation attached to a future that has already finished.
    using Summary = core::Result<core::store::WorkspaceSummary>;
    auto *watcher = new QFutureWatcher<Summary>(this);
    connect(watcher, &QFutureWatcher<Summary>::finished, this, [this, watcher, generation, location] {
        watcher->deleteLater();
        --m_pending;
        if (generation != m_generation)
            return; // superseded by a newer open
        const Summary result = watcher->result();
        if (result)
            Q_EMIT opened(*result);
        else
            Q_EMIT failed(location, result.error());
    });
    watcher->setFuture(QtConcurrent::run([location, mode] { return core::store::prepareWorkspace(location, mode); }));
}

} // namespace switchboard::ui
