#include "analytics/alertmonitor.h"

#include "analytics/alertcheck.h"
#include "store/alertrepository.h"
#include "store/connection.h"

#include <QDateTime>
#include <QThread>
#include <QTimer>

namespace switchboard::core::analytics {

struct AlertMonitor::Worker
{
    std::unique_ptr<store::Connection> connection;
    AlertDelivery *delivery = nullptr;
    QTimer *timer = nullptr;
};

AlertMonitor::AlertMonitor(store::WorkspaceLocation location, Settings settings, QObject *parent)
    : QObject(parent)
    , m_settings(std::move(settings))
    , m_location(std::move(location))
    , m_thread(new QThread(this))
    , m_context(new QObject)
    , m_worker(std::make_unique<Worker>())
{
    if (!m_settings.clock)
        m_settings.clock = [] { return QDateTime::currentMSecsSinceEpoch(); };
    m_thread->setObjectName(QStringLiteral("alert monitor"));
    m_context->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_context, &QObject::deleteLater);
    m_thread->start(QThread::LowPriority);
    QMetaObject::invokeMethod(m_context, [this] {
        m_worker->delivery = new AlertDelivery(m_settings.delivery, m_context);
        m_worker->timer = new QTimer(m_context);
        m_worker->timer->setInterval(int(m_settings.intervalMs));
        connect(m_worker->timer, &QTimer::timeout, m_context, [this] { check(); });
        m_worker->timer->start();
        QTimer::singleShot(m_settings.firstCheckMs, m_context, [this] { check(); });
    });
}

AlertMonitor::~AlertMonitor()
{
    // The connection and the HTTP client belong to the monitor's thread: they end there.
    QMetaObject::invokeMethod(
        m_context,
        [this] {
            delete m_worker->timer;
            delete m_worker->delivery;
            m_worker->connection.reset();
        },
        Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
}

void AlertMonitor::checkNow()
{
    QMetaObject::invokeMethod(m_context, [this] { check(); });
}

void AlertMonitor::check()
{
    if (!m_worker->connection) {
        auto opened = store::Connection::open(m_location);
        if (!opened) {
            Q_EMIT failed(QStringLiteral("Alerts could not be judged: %1").arg(opened.error().message));
            return;
        }
        m_worker->connection = std::move(*opened);
    }
    // A lease a little shorter than the interval: a program whose timer fires a moment early
    // still takes its turn.
    auto result = checkAlerts(*m_worker->connection, m_settings.clock(), m_settings.intervalMs * 9 / 10);
    if (!result) {
        Q_EMIT failed(QStringLiteral("Alerts could not be judged: %1").arg(result.error().message));
        return;
    }
    for (const AlertNotice &notice : result->notices) {
        const qint64 alertId = notice.change.alert.id;
        m_worker->delivery->deliver(notice.rule.webhook, webhookBody(notice.rule, notice.change),
                                    [this, alertId](const AlertDelivery::Outcome &outcome) {
                                        const QString text = QDateTime::fromMSecsSinceEpoch(m_settings.clock(), Qt::UTC)
                                                                 .toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC': "))
                                            + outcome.text;
                                        if (m_worker->connection)
                                            store::AlertRepository(*m_worker->connection).recordDelivery(alertId, text);
                                        Q_EMIT delivered(alertId, text);
                                    });
    }
    Q_EMIT checked(result->judged, result->changed);
}

} // namespace switchboard::core::analytics
