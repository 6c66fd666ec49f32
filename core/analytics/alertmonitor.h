#pragma once

#include "analytics/alertdelivery.h"
#include "store/workspacelocation.h"

#include <QObject>

#include <functional>
#include <memory>

class QThread;

namespace switchboard::core::analytics {

// Judges a workspace's alert rules about once a minute on a thread of its own (its own
// connection, its own HTTP client) and sends the webhooks of the alerts that open, escalate
// or resolve, noting on each alert how the delivery went. The console and the gateway each
// run one; the rules' lease lets every rule be judged once per interval however many run.
class AlertMonitor final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AlertMonitor)

public:
    struct Settings
    {
        qint64 intervalMs = 60'000;
        int firstCheckMs = 2'000;     // after start: a program just opened has something to say soon
        std::function<qint64()> clock; // empty: the system clock (tests inject one)
        AlertDelivery::Settings delivery;
    };

    AlertMonitor(store::WorkspaceLocation location, Settings settings, QObject *parent = nullptr);
    // Stops checking; deliveries under way are dropped.
    ~AlertMonitor() override;

    // Checks now, besides the regular interval.
    void checkNow();

Q_SIGNALS:
    // After each check that could read the workspace (emitted from the monitor's thread).
    void checked(int judged, int changed);
    void delivered(qint64 alertId, const QString &outcome);
    void failed(const QString &message);

private:
    struct Worker;
    void check();

    Settings m_settings;
    store::WorkspaceLocation m_location;
    QThread *m_thread;
    QObject *m_context; // lives on m_thread; everything of Worker is used there only
    std::unique_ptr<Worker> m_worker;
};

} // namespace switchboard::core::analytics
