#pragma once

#include "model/error.h"
#include "store/connection.h"
#include "store/workspacelocation.h"

#include <QFutureWatcher>
#include <QObject>
#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>

#include <functional>
#include <variant>

namespace switchboard::ui {

// Runs a page's reads and writes on a worker thread, one connection per job, and
// hands the result back on the GUI thread. Results of a workspace that has since been
// closed are dropped.
class StoreClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StoreClient)

public:
    explicit StoreClient(QObject *parent = nullptr) : QObject(parent) { }

    void setLocation(std::optional<core::store::WorkspaceLocation> location)
    {
        m_location = std::move(location);
        ++m_generation;
    }
    bool hasWorkspace() const { return m_location.has_value(); }
    const std::optional<core::store::WorkspaceLocation> &location() const { return m_location; }

    // work runs on a worker thread; done on this object's thread, unless the workspace changed.
    template<typename T>
    void submit(std::function<core::Result<T>(core::store::Connection &)> work, QObject *context,
                std::function<void(const core::Result<T> &)> done)
    {
        if (!m_location)
            return;
        const quint64 generation = m_generation;
        auto *watcher = new QFutureWatcher<core::Result<T>>(this);
        connect(watcher, &QFutureWatcher<core::Result<T>>::finished, this,
                [this, watcher, generation, guard = QPointer<QObject>(context), done = std::move(done)] {
                    watcher->deleteLater();
                    if (generation == m_generation && guard)
                        done(watcher->result());
                });
        watcher->setFuture(QtConcurrent::run([location = *m_location, work = std::move(work)]() -> core::Result<T> {
            auto connection = core::store::Connection::open(location);
            if (!connection)
                return std::unexpected(connection.error());
            return work(**connection);
        }));
    }

    // A write with nothing to return: `done` gets an empty text when it went through, the
    // error's message otherwise.
    void change(std::function<core::Result<void>(core::store::Connection &)> work, QObject *context,
                std::function<void(const QString &problem)> done)
    {
        submit<std::monostate>(
            [work = std::move(work)](core::store::Connection &connection) -> core::Result<std::monostate> {
                if (auto changed = work(connection); !changed)
                    return std::unexpected(changed.error());
                return std::monostate {};
            },
            context, [done = std::move(done)](const core::Result<std::monostate> &changed) {
                done(changed ? QString() : changed.error().message);
            });
    }

private:
    std::optional<core::store::WorkspaceLocation> m_location;
    quint64 m_generation = 0;
};

} // namespace switchboard::ui
