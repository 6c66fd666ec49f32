#pragma once

#include "http/httpserver.h"
#include "providers/sim/simprofile.h"
#include "providers/sim/simrandom.h"

#include <QHash>
#include <QHostAddress>
#include <QObject>

#include <deque>
#include <memory>
#include <optional>

namespace switchboard::core::providers::sim {

// What the simulated provider does with one attempt instead of answering normally.
enum class SimFault {
    None,
    RateLimited,    // 429 with Retry-After
    ServerError,    // 500
    Unavailable,    // 503 (OpenAI format), 529 overloaded_error (Anthropic format)
    BadGatewayHtml, // 502 with a proxy's HTML page
    Hang,           // sends headers (streams) or nothing, then never finishes
    CutStream,      // the connection drops after part of the answer
    Malformed,      // a body, or one stream event, that is not JSON
    ErrorEvent,     // streams: an overloaded error event after HTTP 200
    Refusal,
    Truncated,      // stops at a few tokens with finish reason "length"
    EmptyOutput,
    InvalidOutput,  // JSON was asked for; prose comes back
};

QString nameOf(SimFault fault);

// What a simulated model is going through for a while, on top of its profile: an incident
// (a burst of 429s, an overload), a latency regression, or a silent change of behaviour (a
// provider updating the model behind a name: shorter answers, more refusals), which is what
// drift detection is for.
struct SimConditions
{
    double rateLimitedRate = 0; // added to the profile's
    double unavailableRate = 0;
    double latencyFactor = 1.0; // multiplies time to first token and time per token
    double outputTokensFactor = 1.0; // multiplies the median answer length
    double refusalRate = 0;          // added to the profile's
    double invalidOutputRate = 0;    // added to the profile's
};

std::optional<SimFault> simFaultFromName(QStringView name);

// A real loopback HTTP server that speaks the OpenAI chat completions and Anthropic Messages
// wire formats, streaming included, with seeded latencies and injected faults. The answer
// depends only on the request (its seed included): the same request gets the same bytes,
// so a replay against it reproduces exactly. Latency and faults come from the server's own
// seed. It answers any model name; the name picks a profile (SimProfile::forModel).
class SimulatedProvider final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SimulatedProvider)

public:
    struct Settings
    {
        quint64 seed = 1;
        double timeScale = 1.0; // 0.01 makes every delay a hundred times shorter
        bool faultsFromProfile = true; // false: only scripted faults and x-sim-fault headers
    };

    explicit SimulatedProvider(Settings settings, QObject *parent = nullptr);
    ~SimulatedProvider() override;

    bool listen(const QHostAddress &address, quint16 port);
    quint16 port() const;
    QString errorString() const;
    QString baseUrl() const; // http://127.0.0.1:PORT

    // The next attempts get these faults, in order, before the profile's rates apply again.
    void scriptFaults(const QList<SimFault> &faults);
    qint64 requestsServed() const { return m_requests; }
    // Models whose name starts with the prefix behave under these conditions until cleared.
    void setConditions(const QString &modelPrefix, SimConditions conditions);
    void clearConditions();

private:
    struct Job;
    void handle(http::HttpExchange *exchange);
    bool answerWithError(const std::shared_ptr<Job> &job);
    void writeAnswer(Job &job) const;
    void answerWhole(const std::shared_ptr<Job> &job);
    void answerStreaming(const std::shared_ptr<Job> &job);
    SimFault pickFault(const http::HttpExchange &exchange, const SimProfile &profile);
    int delayMs(double ms) const;
    void applyConditions(SimProfile &profile, const QString &model) const;
    static void streamDuePieces(const std::shared_ptr<Job> &job);

    Settings m_settings;
    http::HttpServer *m_server;
    SimRandom m_faultRandom;
    SimRandom m_timingRandom;
    std::deque<SimFault> m_script;
    QHash<QString, SimConditions> m_conditions;
    qint64 m_requests = 0;
};

} // namespace switchboard::core::providers::sim
