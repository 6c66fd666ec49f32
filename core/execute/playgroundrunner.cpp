#include "playgroundrunner.h"

#include "execute/playgroundworker.h"

namespace switchboard::core::execute {

PlaygroundRunner::PlaygroundRunner(store::WorkspaceLocation location, QObject *parent)
    : QObject(parent), m_worker(new PlaygroundWorker(std::move(location)))
{
    m_thread.setObjectName(QStringLiteral("playground"));
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &PlaygroundWorker::started, this, &PlaygroundRunner::started);
    connect(m_worker, &PlaygroundWorker::delta, this, &PlaygroundRunner::delta);
    connect(m_worker, &PlaygroundWorker::finished, this, &PlaygroundRunner::finished);
    connect(m_worker, &PlaygroundWorker::failed, this, &PlaygroundRunner::failed);
    m_thread.start();
}

PlaygroundRunner::~PlaygroundRunner()
{
    m_thread.quit();
    m_thread.wait();
}

void PlaygroundRunner::run(const PlaygroundRun &run)
{
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, run] { worker->run(run); }, Qt::QueuedConnection);
}

void PlaygroundRunner::cancel(int slot)
{
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, slot] { worker->cancel(slot); }, Qt::QueuedConnection);
}

} // namespace switchboard::core::execute
