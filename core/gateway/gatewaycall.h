#pragma once

#include "execute/callspec.h"
#include "gateway/admission.h"
#include "gateway/wiredialect.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>

#include <memory>

namespace switchboard::core::execute {
class CallExecution;
class Executor;
class ResponseCache;
}
namespace switchboard::core::http {
class HttpExchange;
}
namespace switchboard::core::store {
class Recorder;
}
namespace switchboard::core::gateway {

class BudgetLedger;
class GatewayMetrics;
class RateLimiter;
class SpanExporter;

// What every call on the serving thread shares.
struct GatewayServices
{
    execute::Executor &executor;
    store::Recorder &recorder;
    RateLimiter &limiter;
    BudgetLedger &ledger;
    GatewayMetrics &metrics;
    execute::ResponseCache &cache;
    SpanExporter *spans; // null: no collector configured
};

// One admitted call on its way: runs it through the executor, writes the answer back in
// the caller's wire format as it arrives (stream) or whole, starts the shadow call, settles
// limits and budget, records the call, and deletes itself. A caller that goes away cancels
// the call, which is recorded as cancelled.
class GatewayCall final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GatewayCall)

public:
    GatewayCall(GatewayServices services, http::HttpExchange *exchange, const WireDialect &dialect, QString format,
                Admission admission, QElapsedTimer received, QObject *parent);
    ~GatewayCall() override;

    void start();

private:
    void onDelta(const StreamDelta &delta);
    void onFinished(const execute::CallOutcome &outcome);
    void startShadow(const QString &parentId);
    void answer(const execute::CallOutcome &outcome);

    GatewayServices m_services;
    QPointer<http::HttpExchange> m_exchange;
    const WireDialect &m_dialect;
    QString m_format;
    Admission m_admission;
    QElapsedTimer m_received;
    QPointer<execute::CallExecution> m_execution;
    std::unique_ptr<StreamWriter> m_stream; // once the first delta went out
    QString m_callId;
};

// The answer to a call the provider could not give, in the caller's terms.
GatewayError errorForFailure(const execute::CallOutcome &outcome);

} // namespace switchboard::core::gateway
