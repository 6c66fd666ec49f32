#include "workspace/demoworkspacejob.h"

namespace switchboard::ui {

DemoWorkspaceJob::DemoWorkspaceJob(core::store::WorkspaceLocation location, core::demo::DemoBuilder::Options options,
                                   QObject *parent)
    : QObject(parent)
    , m_location(location)
    , m_builder(new core::demo::DemoBuilder(std::move(location), options))
{
    m_thread.setObjectName(QStringLiteral("demo workspace"));
    m_builder->moveToThread(&m_thread);
    // The builder, its executor and its simulated providers end on their own thread.
    connect(&m_thread, &QThread::finished, m_builder, &QObject::deleteLater);
    connect(m_builder, &core::demo::DemoBuilder::finished, &m_thread, &QThread::quit, Qt::DirectConnection);
    connect(m_builder, &core::demo::DemoBuilder::stage, this, &DemoWorkspaceJob::stage);
    connect(m_builder, &core::demo::DemoBuilder::progress, this, &DemoWorkspaceJob::progress);
    connect(m_builder, &core::demo::DemoBuilder::finished, this, &DemoWorkspaceJob::finished);
}

DemoWorkspaceJob::~DemoWorkspaceJob()
{
    if (m_thread.isRunning()) {
        disconnect(m_builder, nullptr, this, nullptr);
        cancel();
        m_thread.wait();
    } else if (!m_thread.isFinished()) {
        delete m_builder; // never started
    }
}

void DemoWorkspaceJob::start()
{
    m_thread.start();
    QMetaObject::invokeMethod(m_builder, &core::demo::DemoBuilder::start, Qt::QueuedConnection);
}

void DemoWorkspaceJob::cancel()
{
    QMetaObject::invokeMethod(m_builder, &core::demo::DemoBuilder::cancel, Qt::QueuedConnection);
}

} // namespace switchboard::ui
