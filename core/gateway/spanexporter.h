#pragma once

#include "model/error.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QMutex>
#include <QObject>
#include <QPair>
#include <QString>
#include <QThread>
#include <QUrl>

#include <nlohmann/json.hpp>

#include <deque>

namespace switchboard::core::gateway {

struct OtlpSettings
{
    // The collector's OTLP/HTTP address, e.g. http://127.0.0.1:4318: spans go to its
    // /v1/traces (or to the address itself when it already ends so).
    QUrl endpoint;
    QList<QPair<QByteArray, QByteArray>> headers; // e.g. an API key the collector wants
    QString serviceName = QStringLiteral("switchboard-gateway");
    int batchSize = 512;     // spans a request at most
    int intervalMs = 1'000;  // a batch goes at least this often
    int maxQueued = 8'192;   // spans held while the collector is slow or down; beyond, dropped
    int timeoutMs = 10'000;  // a request that takes longer failed
};

// Where spans go, from the command line's address (which wins) and the standard environment:
// OTEL_EXPORTER_OTLP_TRACES_ENDPOINT (the full address) or OTEL_EXPORTER_OTLP_ENDPOINT (the
// collector's base), OTEL_EXPORTER_OTLP_HEADERS ("key=value,key2=value2") and
// OTEL_SERVICE_NAME. An empty endpoint means no export. An address that is not http(s) fails,
// saying what is expected.
Result<OtlpSettings> otlpSettingsFrom(const QString &endpointFlag, const QHash<QString, QString> &environment);

// Sends spans to an OpenTelemetry collector over OTLP/HTTP with JSON bodies, in batches, from
// a thread of its own, one request at a time. add() never blocks the caller: when the
// collector is down the spans wait, up to maxQueued of them, and then the oldest are dropped
// and counted. A failed export (no connection, timeout, 429, 5xx) is tried again after a
// growing pause (1 s doubling to 30 s); a batch the collector refuses (other 4xx) is dropped,
// counted, and its reason kept.
class SpanExporter final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SpanExporter)

public:
    struct Stats
    {
        qint64 exported = 0;
        qint64 dropped = 0;        // queue full, or refused by the collector
        qint64 failedRequests = 0; // to be tried again
        int queued = 0;
        QString lastError;
    };

    explicit SpanExporter(OtlpSettings settings, QObject *parent = nullptr);
    ~SpanExporter() override;

    // From any thread.
    void add(nlohmann::json span);
    Stats stats() const;
    // Sends what is queued and waits for it, up to timeoutMs; whether the queue emptied.
    bool flush(int timeoutMs);

    const OtlpSettings &settings() const { return m_settings; }

private:
    friend class SpanExportWorker;
    // Up to `count` spans from the front of the queue.
    std::vector<nlohmann::json> take(int count);
    // A failed batch goes back to the front, as far as room allows.
    void giveBack(std::vector<nlohmann::json> spans, const QString &error);
    void exported(qint64 count);
    void refused(qint64 count, const QString &error);

    OtlpSettings m_settings;
    mutable QMutex m_mutex;
    std::deque<nlohmann::json> m_queue;
    Stats m_stats;
    int m_inFlight = 0;
    QThread m_thread;
    QObject *m_worker;
};

} // namespace switchboard::core::gateway
