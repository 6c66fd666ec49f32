#include "gatewayfixture.h"

#include "http/httpclient.h"
#include "store/gatewaykeyrepository.h"
#include "store/providerrepository.h"
#include "store/workspace.h"

#include <QDateTime>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTest>

namespace switchboard::tests {

using namespace core;

GatewayFixture::GatewayFixture(double simTimeScale)
{
    providers::sim::SimulatedProvider::Settings settings;
    settings.seed = 7;
    settings.timeScale = simTimeScale;
    settings.faultsFromProfile = false;
    m_sim = std::make_unique<providers::sim::SimulatedProvider>(settings);
    if (!m_sim->listen(QHostAddress::LocalHost, 0))
        qFatal("the simulated provider cannot listen");
    if (!store::prepareWorkspace(m_dir.location(), store::Connection::Mode::CreateIfMissing))
        qFatal("cannot prepare the workspace");
    auto connection = store::Connection::open(m_dir.location());
    if (!connection)
        qFatal("cannot open the workspace");
    m_connection = std::move(*connection);
    ProviderConfig provider;
    provider.name = QStringLiteral("sim");
    provider.kind = ProviderKind::Simulated;
    provider.baseUrl = m_sim->baseUrl() + QStringLiteral("/v1");
    auto id = store::ProviderRepository(*m_connection).add(provider);
    if (!id)
        qFatal("cannot add the provider");
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (const auto &[alias, model] : { std::pair { "chat-fast", "sim-small-2025-01-15" }, std::pair { "chat-smart", "sim-large-2025-06-01" } }) {
        auto pinned = m_connection->exec(QStringLiteral("INSERT INTO pins (alias, provider_id, model_name, version, updated_ms, updated_by) "
                                                        "VALUES (?, ?, ?, 1, ?, 'test')"),
                                         { QLatin1String(alias), *id, QLatin1String(model), now });
        if (!pinned)
            qFatal("cannot pin");
    }
    for (const char *model : { "sim-small-2025-01-15", "sim-large-2025-06-01", "sim-flaky-2025-03-01" }) {
        auto catalogued = m_connection->exec(QStringLiteral("INSERT INTO models (provider_id, name, created_ms) VALUES (?, ?, ?)"),
                                             { *id, QLatin1String(model), now });
        if (!catalogued)
            qFatal("cannot add a model");
    }
    gateway::GatewayKey key;
    key.name = QStringLiteral("app");
    key.tenant = QStringLiteral("acme");
    m_secret = createKey(key);
}

GatewayFixture::~GatewayFixture() = default;

QByteArray GatewayFixture::createKey(gateway::GatewayKey key)
{
    auto created = store::GatewayKeyRepository(*m_connection).create(key, QStringLiteral("test"));
    if (!created)
        qFatal("cannot create a key: %s", qPrintable(created.error().message));
    return created->secret;
}

bool GatewayFixture::startGateway(gateway::GatewaySettings settings)
{
    settings.configPollMs = 50;
    auto opened = gateway::Gateway::open(m_dir.location(), settings);
    if (!opened) {
        qWarning("%s", qPrintable(opened.error().message));
        return false;
    }
    m_gateway = std::move(*opened);
    return bool(m_gateway->listen(QHostAddress::LocalHost, 0));
}

Reply GatewayFixture::post(const QByteArray &path, const QByteArray &body, const http::HttpHeaders &headers)
{
    const QList<Reply> replies = postConcurrently(path, body, headers, 1);
    return replies.value(0);
}

QList<Reply> GatewayFixture::postConcurrently(const QByteArray &path, const QByteArray &body, const http::HttpHeaders &headers,
                                              int count)
{
    QList<Reply> replies(count);
    int done = 0;
    std::vector<std::unique_ptr<http::HttpClient>> clients; // one per request: one connection each
    for (int i = 0; i < count; ++i) {
        clients.push_back(std::make_unique<http::HttpClient>());
        http::ClientRequest request;
        request.method = path.startsWith("GET ") ? "GET" : "POST";
        request.url = QUrl(QStringLiteral("http://127.0.0.1:%1%2")
                               .arg(m_gateway->port())
                               .arg(QString::fromLatin1(path.startsWith("GET ") ? path.mid(4) : path)));
        request.headers = headers;
        if (request.method == "POST")
            request.headers.push_back({ "content-type", "application/json" });
        request.body = body;
        http::ClientCall *call = clients.back()->send(request, clients.back().get());
        Reply *reply = &replies[i];
        QObject::connect(call, &http::ClientCall::bodyReceived, call, [reply](const QByteArray &bytes) { reply->body += bytes; });
        QObject::connect(call, &http::ClientCall::finished, call, [reply, call, &done] {
            reply->status = call->status();
            reply->headers = call->headers();
            reply->completed = call->outcome() == http::ClientCall::Outcome::Complete;
            ++done;
        });
    }
    if (!QTest::qWaitFor([&] { return done == count; }, 30'000))
        qWarning("%d of %d requests got no answer within 30 s", count - done, count);
    return replies;
}

Reply GatewayFixture::postOpenAi(const nlohmann::json &body, const QByteArray &secret)
{
    return post("/v1/chat/completions", QByteArray::fromStdString(body.dump()),
                { { "authorization", "Bearer " + (secret.isEmpty() ? m_secret : secret) } });
}

Reply GatewayFixture::postAnthropic(const nlohmann::json &body, const QByteArray &secret)
{
    return post("/v1/messages", QByteArray::fromStdString(body.dump()),
                { { "x-api-key", secret.isEmpty() ? m_secret : secret }, { "anthropic-version", "2023-06-01" } });
}

Reply GatewayFixture::get(const QByteArray &path, const http::HttpHeaders &headers)
{
    return post("GET " + path, {}, headers);
}

nlohmann::json GatewayFixture::recordedCalls(const QString &where)
{
    m_gateway->flushRecorder();
    auto query = m_connection->exec(QStringLiteral("SELECT * FROM calls %1 ORDER BY id").arg(where.isEmpty() ? QString() : QLatin1String("WHERE ") + where));
    nlohmann::json rows = nlohmann::json::array();
    if (!query)
        return rows;
    while (query->next()) {
        nlohmann::json row = nlohmann::json::object();
        const QSqlRecord record = query->record();
        for (int i = 0; i < record.count(); ++i) {
            const QVariant value = query->value(i);
            const std::string name = record.fieldName(i).toStdString();
            if (value.isNull())
                row[name] = nullptr;
            else if (value.typeId() == QMetaType::LongLong || value.typeId() == QMetaType::Int)
                row[name] = value.toLongLong();
            else
                row[name] = value.toString().toStdString();
        }
        rows.push_back(std::move(row));
    }
    return rows;
}

} // namespace switchboard::tests
