#pragma once

#include "gateway/gateway.h"
#include "providers/sim/simulatedprovider.h"
#include "store/connection.h"
#include "temporaryworkspace.h"

#include <QByteArray>
#include <QList>

#include <memory>
#include <nlohmann/json.hpp>

namespace switchboard::tests {

// JSON values as Qt Test compares them.
inline QString text(const nlohmann::json &value)
{
    return value.is_string() ? QString::fromStdString(value.get<std::string>()) : QString::fromStdString(value.dump());
}
inline qint64 number(const nlohmann::json &value)
{
    return value.is_number() ? value.get<qint64>() : -1;
}

// An HTTP answer as a caller sees it.
struct Reply
{
    int status = 0;
    core::http::HttpHeaders headers;
    QByteArray body;
    bool completed = false; // false: the connection failed or broke

    QByteArray header(QByteArrayView name) const { return core::http::headerValue(headers, name); }
    nlohmann::json json() const { return nlohmann::json::parse(body.begin(), body.end(), nullptr, false); }
};

// A workspace with one simulated provider ("sim", served by the test on a loopback port so
// that faults can be scripted), two pinned aliases (chat-fast on sim-small, chat-smart on
// sim-large), a gateway key, and a gateway on a free port.
class GatewayFixture final
{
    Q_DISABLE_COPY_MOVE(GatewayFixture)

public:
    explicit GatewayFixture(double simTimeScale = 0.01);
    ~GatewayFixture();

    bool startGateway(core::gateway::GatewaySettings settings = {});

    // Creates a key (keys create) and returns its secret.
    QByteArray createKey(core::gateway::GatewayKey key);
    core::store::Connection &connection() { return *m_connection; }
    core::providers::sim::SimulatedProvider &sim() { return *m_sim; }
    core::gateway::Gateway &gateway() { return *m_gateway; }
    QByteArray secret() const { return m_secret; }

    Reply post(const QByteArray &path, const QByteArray &body, const core::http::HttpHeaders &headers);
    Reply postOpenAi(const nlohmann::json &body, const QByteArray &secret = {});
    Reply postAnthropic(const nlohmann::json &body, const QByteArray &secret = {});
    Reply get(const QByteArray &path, const core::http::HttpHeaders &headers = {});
    // Many requests at once, each on its own connection; answers in sending order.
    QList<Reply> postConcurrently(const QByteArray &path, const QByteArray &body, const core::http::HttpHeaders &headers, int count);

    // The request log as stored, after the recorder flushed: one JSON object per call, newest last.
    nlohmann::json recordedCalls(const QString &where = {});

private:
    TemporaryWorkspace m_dir;
    std::unique_ptr<core::providers::sim::SimulatedProvider> m_sim;
    std::unique_ptr<core::store::Connection> m_connection;
    std::unique_ptr<core::gateway::Gateway> m_gateway;
    QByteArray m_secret;
};

} // namespace switchboard::tests
