#include "gateway/spanexporter.h"

#include "gateway/genaispan.h"

#include <QDeadlineTimer>
#include <QMutexLocker>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

namespace switchboard::core::gateway {

// The exporter's half on its thread: the network, the timer and the backoff.
class SpanExportWorker final : public QObject
{
public:
    explicit SpanExportWorker(SpanExporter *owner) : m_owner(owner) { }

    void begin()
    {
        m_network = new QNetworkAccessManager(this);
        m_timer = new QTimer(this);
        m_timer->setSingleShot(true);
        connect(m_timer, &QTimer::timeout, this, &SpanExportWorker::send);
        m_timer->start(m_owner->m_settings.intervalMs);
    }

    // A full batch is waiting: send it now unless a request or a backoff is under way.
    void nudge()
    {
        if (!m_busy && m_backoffMs == 0)
            send();
    }

    void send()
    {
        if (m_busy)
            return;
        std::vector<nlohmann::json> batch = m_owner->take(m_owner->m_settings.batchSize);
        if (batch.empty()) {
            m_timer->start(m_owner->m_settings.intervalMs);
            return;
        }
        m_busy = true;
        QNetworkRequest request(tracesUrl(m_owner->m_settings.endpoint));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        request.setTransferTimeout(m_owner->m_settings.timeoutMs);
        for (const auto &[name, value] : m_owner->m_settings.headers)
            request.setRawHeader(name, value);
        const nlohmann::json spans(batch);
        const QByteArray body = QByteArray::fromStdString(otlpTraceRequest(spans, m_owner->m_settings.serviceName).dump());
        QNetworkReply *reply = m_network->post(request, body);
        connect(reply, &QNetworkReply::finished, this, [this, reply, batch = std::move(batch)]() mutable {
            reply->deleteLater();
            m_busy = false;
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            const auto count = static_cast<qint64>(batch.size());
            if (reply->error() == QNetworkReply::NoError && status >= 200 && status < 300) {
                m_owner->exported(count);
                m_backoffMs = 0;
                m_timer->start(m_owner->stats().queued >= m_owner->m_settings.batchSize ? 0 : m_owner->m_settings.intervalMs);
                return;
            }
            const QString error = status > 0 ? QStringLiteral("the collector answered HTTP %1").arg(status)
                                             : QStringLiteral("the collector could not be reached: %1").arg(reply->errorString());
            if (status >= 400 && status < 500 && status != 429 && status != 408) {
                m_owner->refused(count, error + QStringLiteral("; the batch was dropped"));
                m_timer->start(m_owner->m_settings.intervalMs);
                return;
            }
            m_owner->giveBack(std::move(batch), error);
            m_backoffMs = std::min(m_backoffMs == 0 ? 1'000 : m_backoffMs * 2, 30'000);
            m_timer->start(m_backoffMs);
        });
    }

    static QUrl tracesUrl(QUrl endpoint)
    {
        if (!endpoint.path().endsWith(QLatin1String("/v1/traces"))) {
            QString path = endpoint.path();
            while (path.endsWith(u'/'))
                path.chop(1);
            endpoint.setPath(path + QStringLiteral("/v1/traces"));
        }
        return endpoint;
    }

private:
    SpanExporter *m_owner;
    QNetworkAccessManager *m_network = nullptr;
    QTimer *m_timer = nullptr;
    bool m_busy = false;
    int m_backoffMs = 0;
};

Result<OtlpSettings> otlpSettingsFrom(const QString &endpointFlag, const QHash<QString, QString> &environment)
{
    OtlpSettings settings;
    QString endpoint = endpointFlag.trimmed();
    if (endpoint.isEmpty())
        endpoint = environment.value(QStringLiteral("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")).trimmed();
    if (endpoint.isEmpty())
        endpoint = environment.value(QStringLiteral("OTEL_EXPORTER_OTLP_ENDPOINT")).trimmed();
    if (endpoint.isEmpty())
        return settings;
    const QUrl url(endpoint);
    if (!url.isValid() || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")) || url.host().isEmpty())
        return fail(ErrorCode::InvalidArgument, QStringLiteral("The OTLP endpoint \"%1\" is not an http(s) address; give the "
                                                               "collector's OTLP/HTTP address, such as http://127.0.0.1:4318.")
                                                    .arg(endpoint));
    settings.endpoint = url;
    for (const QString &pair : environment.value(QStringLiteral("OTEL_EXPORTER_OTLP_HEADERS")).split(u',', Qt::SkipEmptyParts)) {
        const qsizetype equals = pair.indexOf(u'=');
        if (equals <= 0)
            return fail(ErrorCode::InvalidArgument, QStringLiteral("OTEL_EXPORTER_OTLP_HEADERS holds \"key=value\" pairs separated "
                                                                   "by commas."));
        settings.headers.append({ QUrl::fromPercentEncoding(pair.left(equals).trimmed().toUtf8()).toUtf8(),
                                  QUrl::fromPercentEncoding(pair.mid(equals + 1).trimmed().toUtf8()).toUtf8() });
    }
    if (const QString service = environment.value(QStringLiteral("OTEL_SERVICE_NAME")).trimmed(); !service.isEmpty())
        settings.serviceName = service;
    return settings;
}

SpanExporter::SpanExporter(OtlpSettings settings, QObject *parent)
    : QObject(parent), m_settings(std::move(settings)), m_worker(new SpanExportWorker(this))
{
    m_settings.batchSize = std::max(1, m_settings.batchSize);
    m_settings.maxQueued = std::max(m_settings.batchSize, m_settings.maxQueued);
    m_thread.setObjectName(QStringLiteral("otlp"));
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start();
    auto *worker = static_cast<SpanExportWorker *>(m_worker);
    QMetaObject::invokeMethod(m_worker, [worker] { worker->begin(); }, Qt::QueuedConnection);
}

SpanExporter::~SpanExporter()
{
    (void)flush(2'000); // what the collector takes in two seconds; the rest is lost, as spans may be
    m_thread.quit();
    m_thread.wait();
}

void SpanExporter::add(nlohmann::json span)
{
    bool full = false;
    {
        const QMutexLocker lock(&m_mutex);
        if (static_cast<int>(m_queue.size()) >= m_settings.maxQueued) {
            m_queue.pop_front(); // the oldest goes: the newest say more about now
            ++m_stats.dropped;
        }
        m_queue.push_back(std::move(span));
        full = static_cast<int>(m_queue.size()) >= m_settings.batchSize;
    }
    if (full) {
        auto *worker = static_cast<SpanExportWorker *>(m_worker);
        QMetaObject::invokeMethod(m_worker, [worker] { worker->nudge(); }, Qt::QueuedConnection);
    }
}

SpanExporter::Stats SpanExporter::stats() const
{
    const QMutexLocker lock(&m_mutex);
    Stats stats = m_stats;
    stats.queued = static_cast<int>(m_queue.size()) + m_inFlight;
    return stats;
}

bool SpanExporter::flush(int timeoutMs)
{
    auto *worker = static_cast<SpanExportWorker *>(m_worker);
    QMetaObject::invokeMethod(m_worker, [worker] { worker->nudge(); }, Qt::QueuedConnection);
    const QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        if (stats().queued == 0)
            return true;
        QThread::msleep(10);
    }
    return stats().queued == 0;
}

std::vector<nlohmann::json> SpanExporter::take(int count)
{
    const QMutexLocker lock(&m_mutex);
    std::vector<nlohmann::json> out;
    while (!m_queue.empty() && static_cast<int>(out.size()) < count) {
        out.push_back(std::move(m_queue.front()));
        m_queue.pop_front();
    }
    m_inFlight = static_cast<int>(out.size());
    return out;
}

void SpanExporter::giveBack(std::vector<nlohmann::json> spans, const QString &error)
{
    const QMutexLocker lock(&m_mutex);
    m_inFlight = 0;
    ++m_stats.failedRequests;
    m_stats.lastError = error;
    for (auto span = spans.rbegin(); span != spans.rend(); ++span) {
        if (static_cast<int>(m_queue.size()) >= m_settings.maxQueued) {
            m_stats.dropped += std::distance(span, spans.rend());
            break;
        }
        m_queue.push_front(std::move(*span));
    }
}

void SpanExporter::exported(qint64 count)
{
    const QMutexLocker lock(&m_mutex);
    m_inFlight = 0;
    m_stats.exported += count;
}

void SpanExporter::refused(qint64 count, const QString &error)
{
    const QMutexLocker lock(&m_mutex);
    m_inFlight = 0;
    m_stats.dropped += count;
    m_stats.lastError = error;
}

} // namespace switchboard::core::gateway
