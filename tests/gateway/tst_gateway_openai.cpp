// The gateway as an OpenAI-format caller sees it: answers, streams, errors in the caller's
// format, limits and budgets, and a record of every call, refused ones included.
#include "gatewayfixture.h"

#include "http/httpclient.h"
#include "prompts/promptcontent.h"
#include "resultcheck.h"
#include "store/budgetrepository.h"
#include "store/gatewaykeyrepository.h"
#include "store/promptrepository.h"

#include <QDateTime>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

using namespace switchboard;
using namespace switchboard::tests;
using nlohmann::json;

namespace {

json chat(const char *model, const char *text = "Say hello.")
{
    return { { "model", model }, { "messages", json::array({ { { "role", "user" }, { "content", text } } }) } };
}

} // namespace

class TestGatewayOpenAi : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void answersInOpenAiFormatAndRecordsTheCall()
    {
        GatewayFixture fixture;
        QVERIFY(fixture.startGateway());
        const Reply reply = fixture.postOpenAi(chat("chat-fast"));
        QVERIFY2(reply.status == 200, reply.body.constData());
        const json body = reply.json();
        QCOMPARE(text(body["object"]), QStringLiteral("chat.completion"));
        QVERIFY(!body["choices"][0]["message"]["content"].get<std::string>().empty());
        QVERIFY(body["usage"]["prompt_tokens"].get<int>() > 0);
        const QByteArray callId = reply.header("x-switchboard-call-id");
        QCOMPARE(callId.size(), 26);

        const json calls = fixture.recordedCalls();
        QCOMPARE(calls.size(), 1u);
        QCOMPARE(text(calls[0]["id"]), QString::fromLatin1(callId));
        QCOMPARE(text(calls[0]["tenant"]), QStringLiteral("acme"));
        QCOMPARE(text(calls[0]["alias"]), QStringLiteral("chat-fast"));
        QCOMPARE(text(calls[0]["provider"]), QStringLiteral("sim"));
        QCOMPARE(text(calls[0]["model"]), QStringLiteral("sim-small-2025-01-15"));
        QCOMPARE(text(calls[0]["status"]), QStringLiteral("ok"));
        QVERIFY(calls[0]["gateway_key_id"].get<qint64>() > 0);
    }

    void streamsChunksThenUsageThenDone()
    {
        GatewayFixture fixture;
        QVERIFY(fixture.startGateway());
        json request = chat("chat-fast");
        request["stream"] = true;
        request["stream_options"] = { { "include_usage", true } };
        const Reply reply = fixture.postOpenAi(request);
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.header("content-type"), "text/event-stream");
        const QList<QByteArray> events = reply.body.split('\n');
        QList<json> chunks;
        for (const QByteArray &line : events) {
            if (line.startsWith("data: {"))
                chunks.push_back(json::parse(line.mid(6).toStdString()));
        }
        QVERIFY(chunks.size() >= 3);
        QCOMPARE(text(chunks.front()["object"]), QStringLiteral("chat.completion.chunk"));
        QVERIFY(chunks.back()["choices"].empty());
        QVERIFY(chunks.back()["usage"]["completion_tokens"].get<int>() > 0);
        QVERIFY(reply.body.endsWith("data: [DONE]\n\n"));
        const json calls = fixture.recordedCalls();
        QCOMPARE(number(calls[0]["streamed"]), 1);
        QVERIFY(!calls[0]["ttft_us"].is_null());
    }

    void refusesMissingAndUnknownKeysWith401AndRecordsThem()
    {
        GatewayFixture fixture;
        QVERIFY(fixture.startGateway());
        const Reply none = fixture.post("/v1/chat/completions", QByteArray::fromStdString(chat("chat-fast").dump()), {});
        QCOMPARE(none.status, 401);
        QCOMPARE(text(none.json()["error"]["code"]), QStringLiteral("invalid_api_key"));
        const Reply wrong = fixture.postOpenAi(chat("chat-fast"), "sbk-not-a-key");
        QCOMPARE(wrong.status, 401);
        const json calls = fixture.recordedCalls();
        QCOMPARE(calls.size(), 2u);
        QCOMPARE(text(calls[1]["failure"]), QStringLiteral("auth"));
        QCOMPARE(number(calls[1]["attempts"]), 0);
    }

    void malformedBodyGets400AndTheBodyIsKept()
    {
        GatewayFixture fixture;
        QVERIFY(fixture.startGateway());
        const Reply reply = fixture.post("/v1/chat/completions", "{\"model\": \"chat-fast\", \"messages\": [",
                                         { { "authorization", "Bearer " + fixture.secret() } });
        QCOMPARE(reply.status, 400);
        QCOMPARE(text(reply.json()["error"]["type"]), QStringLiteral("invalid_request_error"));
        QVERIFY(reply.json()["error"]["message"].get<std::string>().find("not a JSON object") != std::string::npos);
        const json calls = fixture.recordedCalls();
        QCOMPARE(text(calls[0]["failure"]), QStringLiteral("bad_request"));
        auto payload = fixture.connection().exec(QStringLiteral("SELECT request_json FROM call_payloads"));
        QVERIFY(payload && payload->next());
        QCOMPARE(payload->value(0).toString(), QStringLiteral("{\"model\": \"chat-fast\", \"messages\": ["));

        // The gateway keeps serving.
        QCOMPARE(fixture.postOpenAi(chat("chat-fast")).status, 200);
    }

    void unknownModelGets404ModelNotFound()
    {
        GatewayFixture fixture;
        QVERIFY(fixture.startGateway());
        const Reply reply = fixture.postOpenAi(chat("gpt-nonexistent"));
        QCOMPARE(reply.status, 404);
        QCOMPARE(text(reply.json()["error"]["code"]), QStringLiteral("model_not_found"));
        QVERIFY(reply.json()["error"]["message"].get<std::string>().find("/v1/models") != std::string::npos);
    }

    void providerModelNamedDirectlyIsServed()
    {
        GatewayFixture fixture;
        QVERIFY(fixture.startGateway());
        const Reply reply = fixture.postOpenAi(chat("sim/sim-small-2025-01-15"));
        QCOMPARE(reply.status, 200);
    }

    void keyLimitedToAliasesGets403ForOthers()
    {
        GatewayFixture fixture;
        core::gateway::GatewayKey key;
        key.name = QStringLiteral("narrow");
        key.tenant = QStringLiteral("acme");
        key.allowedAliases = { QStringLiteral("chat-fast") };
        const QByteArray secret = fixture.createKey(key);
        QVERIFY(fixture.startGateway());
        QCOMPARE(fixture.postOpenAi(chat("chat-fast"), secret).status, 200);
        const Reply refused = fixture.postOpenAi(chat("chat-smart"), secret);
        QCOMPARE(refused.status, 403);
        QCOMPARE(text(refused.json()["error"]["type"]), QStringLiteral("permission_error"));
        const Reply models = fixture.get("/v1/models", { { "x-api-key", secret } });
        QCOMPARE(models.json()["data"].size(), 1u); // only what the key may call
        QCOMPARE(text(models.json()["data"][0]["id"]), QStringLiteral("chat-fast"));
    }

    void rateLimitGives429WithRetryAfter()
    {
        GatewayFixture fixture;
        core::gateway::GatewayKey key;
        key.name = QStringLiteral("slow");
        key.tenant = QStringLiteral("acme");
        key.requestsPerMinute = 2;
        const QByteArray secret = fixture.createKey(key);
        QVERIFY(fixture.startGateway());
        QCOMPARE(fixture.postOpenAi(chat("chat-fast"), secret).status, 200);
        QCOMPARE(fixture.postOpenAi(chat("chat-fast"), secret).status, 200);
        const Reply limited = fixture.postOpenAi(chat("chat-fast"), secret);
        QCOMPARE(limited.status, 429);
        QCOMPARE(text(limited.json()["error"]["type"]), QStringLiteral("rate_limit_error"));
        // Only the limit the key has is named.
        QCOMPARE(text(limited.json()["error"]["message"]),
                 QStringLiteral("The key \"slow\" is over its rate limit of 2 requests a minute; retry after the time in "
                                "Retry-After."));
        const int retryAfter = limited.header("retry-after").toInt();
        QVERIFY2(retryAfter >= 1 && retryAfter <= 30, limited.header("retry-after").constData());
        QCOMPARE(text(fixture.recordedCalls().back()["failure"]), QStringLiteral("budget_exceeded"));
    }

    void budgetHoldsUnderConcurrency()
    {
        // Each call may cost at most 20 output tokens of sim-large ($10 per million): 200
        // micro-dollars plus its input. A budget of 1,100 micro-dollars covers five of them.
        GatewayFixture fixture(0.05);
        core::gateway::GatewayKey key;
        key.name = QStringLiteral("budgeted");
        key.tenant = QStringLiteral("acme");
        key.budgetMicrosPerDay = 1'100;
        const QByteArray secret = fixture.createKey(key);
        core::gateway::GatewaySettings settings;
        settings.servingThreads = 4; // the connections are spread over four event loops
        QVERIFY(fixture.startGateway(settings));
        QCOMPARE(fixture.gateway().servingThreads(), 4);
        json request = chat("chat-smart");
        request["max_tokens"] = 20;
        const QList<Reply> replies = fixture.postConcurrently("/v1/chat/completions", QByteArray::fromStdString(request.dump()),
                                                              { { "authorization", "Bearer " + secret } }, 50);
        int admitted = 0;
        int refused = 0;
        for (const Reply &reply : replies) {
            if (reply.status == 200)
                ++admitted;
            else if (reply.status == 429 && reply.json()["error"]["code"] == "budget_exceeded")
                ++refused;
        }
        QVERIFY2(admitted >= 1 && admitted <= 5, qPrintable(QString::number(admitted)));
        QCOMPARE(admitted + refused, 50);
        QCOMPARE(fixture.recordedCalls().size(), 50u);
    }

    void aTenantsHardBudgetHoldsAcrossItsKeys()
    {
        // As above, a budget that covers five calls, here the tenant's, with two keys of it
        // calling at once; an alerts-only budget of a cent on the workspace refuses nothing.
        GatewayFixture fixture(0.05);
        QByteArray secrets[2];
        for (int i = 0; i < 2; ++i) {
            core::gateway::GatewayKey key;
            key.name = QStringLiteral("acme-%1").arg(i);
            key.tenant = QStringLiteral("acme");
            secrets[i] = fixture.createKey(key);
        }
        core::store::Budget tenant;
        tenant.scope = core::store::Budget::Scope::Tenant;
        tenant.scopeValue = QStringLiteral("acme");
        tenant.period = core::store::Budget::Period::Day;
        tenant.limitMicros = 1'100;
        tenant.hardLimit = true;
        core::store::Budget alertsOnly;
        alertsOnly.period = core::store::Budget::Period::Day;
        alertsOnly.limitMicros = 10;
        core::store::BudgetRepository budgets(fixture.connection());
        QVERIFY_OK(budgets.save(tenant, QStringLiteral("finance"), QDateTime::currentMSecsSinceEpoch()));
        QVERIFY_OK(budgets.save(alertsOnly, QStringLiteral("finance"), QDateTime::currentMSecsSinceEpoch()));
        core::gateway::GatewaySettings settings;
        settings.servingThreads = 2;
        QVERIFY(fixture.startGateway(settings));
        json request = chat("chat-smart");
        request["max_tokens"] = 20;
        const QByteArray body = QByteArray::fromStdString(request.dump());
        QList<Reply> replies = fixture.postConcurrently("/v1/chat/completions", body, { { "authorization", "Bearer " + secrets[0] } }, 25);
        replies += fixture.postConcurrently("/v1/chat/completions", body, { { "authorization", "Bearer " + secrets[1] } }, 25);
        int admitted = 0;
        for (const Reply &reply : replies) {
            if (reply.status == 200) {
                ++admitted;
                continue;
            }
            QCOMPARE(reply.status, 429);
            QCOMPARE(text(reply.json()["error"]["code"]), QStringLiteral("budget_exceeded"));
            QVERIFY2(text(reply.json()["error"]["message"]).startsWith(QLatin1String("Tenant acme has used its daily budget")),
                     qPrintable(text(reply.json()["error"]["message"])));
            QVERIFY(!reply.header("retry-after").isEmpty());
        }
        QVERIFY2(admitted >= 1 && admitted <= 5, qPrintable(QString::number(admitted)));
    }

    void rateLimitHoldsAcrossServingThreads()
    {
        GatewayFixture fixture;
        core::gateway::GatewayKey key;
        key.name = QStringLiteral("bursty");
        key.tenant = QStringLiteral("acme");
        key.requestsPerMinute = 5; // a burst of five, then one every twelve seconds
        const QByteArray secret = fixture.createKey(key);
        core::gateway::GatewaySettings settings;
        settings.servingThreads = 3;
        QVERIFY(fixture.startGateway(settings));
        const QList<Reply> replies = fixture.postConcurrently("/v1/chat/completions", QByteArray::fromStdString(chat("chat-fast").dump()),
                                                              { { "authorization", "Bearer " + secret } }, 30);
        const auto admitted = std::count_if(replies.begin(), replies.end(), [](const Reply &reply) { return reply.status == 200; });
        const auto limited = std::count_if(replies.begin(), replies.end(), [](const Reply &reply) { return reply.status == 429; });
        QCOMPARE(admitted, 5);
        QCOMPARE(limited, 25);
        // Every thread's provider connections are counted: twelve calls at once, four on each
        // thread, need twelve, where any one thread has at most five (four, or the five
        // admitted above).
        const QList<Reply> unlimited = fixture.postConcurrently("/v1/chat/completions", QByteArray::fromStdString(chat("chat-fast").dump()),
                                                                { { "authorization", "Bearer " + fixture.secret() } }, 12);
        QVERIFY(std::all_of(unlimited.begin(), unlimited.end(), [](const Reply &reply) { return reply.status == 200; }));
        const QByteArray metrics = fixture.get("/metrics").body;
        const QByteArray opened = "\nswitchboard_gateway_upstream_connections_opened_total ";
        const qsizetype at = metrics.indexOf(opened);
        QVERIFY(at >= 0);
        QVERIFY2(metrics.mid(at + opened.size()).split('\n').value(0).toInt() >= 6, metrics.constData());
    }

    void providerFailureComesBackInTheCallersFormat()
    {
        GatewayFixture fixture;
        QVERIFY(fixture.startGateway());
        using core::providers::sim::SimFault;
        fixture.sim().scriptFaults(QList<SimFault>(8, SimFault::ServerError));
        const Reply reply = fixture.postOpenAi(chat("chat-fast"));
        QCOMPARE(reply.status, 502);
        QCOMPARE(text(reply.json()["error"]["type"]), QStringLiteral("server_error"));
        const json calls = fixture.recordedCalls();
        QCOMPARE(text(calls[0]["failure"]), QStringLiteral("server_error"));
        QVERIFY(calls[0]["attempts"].get<int>() > 1); // retried before giving up
    }

    void listsAliasesAndAnswersHealthAndMetrics()
    {
        GatewayFixture fixture;
        QVERIFY(fixture.startGateway());
        QCOMPARE(fixture.get("/v1/models").status, 401); // the aliases are not for anyone who asks
        const Reply models = fixture.get("/v1/models", { { "authorization", "Bearer " + fixture.secret() } });
        QCOMPARE(models.status, 200);
        QCOMPARE(models.json()["data"].size(), 2u);
        QCOMPARE(text(models.json()["data"][0]["id"]), QStringLiteral("chat-fast"));
        QCOMPARE(fixture.get("/health").status, 200);
        QCOMPARE(fixture.postOpenAi(chat("chat-fast")).status, 200);
        const Reply metrics = fixture.get("/metrics");
        QCOMPARE(metrics.status, 200);
        QVERIFY(metrics.body.contains("switchboard_gateway_requests_total{format=\"openai\",status=\"200\"} 1"));
    }

    void oversizedBodyGets413AndIsRecorded()
    {
        GatewayFixture fixture;
        core::gateway::GatewaySettings settings;
        settings.maxBodyBytes = 1024;
        QVERIFY(fixture.startGateway(settings));
        const Reply reply = fixture.postOpenAi(chat("chat-fast", std::string(4096, 'x').c_str()));
        QCOMPARE(reply.status, 413);
        QVERIFY(reply.json()["error"].is_object());
        const json calls = fixture.recordedCalls();
        QCOMPARE(calls.size(), 1u);
        QCOMPARE(text(calls[0]["failure"]), QStringLiteral("bad_request"));
        QVERIFY(text(calls[0]["error_message"]).startsWith(QStringLiteral("HTTP 413")));
        QCOMPARE(fixture.postOpenAi(chat("chat-fast")).status, 200);
    }

    void slowClientGets408AndIsRecorded()
    {
        GatewayFixture fixture;
        core::gateway::GatewaySettings settings;
        settings.slowClientTimeoutMs = 200;
        QVERIFY(fixture.startGateway(settings));
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, fixture.gateway().port());
        QVERIFY(socket.waitForConnected(5'000));
        socket.write("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n\r\n{\"model\"");
        QTRY_VERIFY_WITH_TIMEOUT(socket.state() == QAbstractSocket::UnconnectedState, 5'000);
        QVERIFY(socket.readAll().startsWith("HTTP/1.1 408"));
        const json calls = fixture.recordedCalls();
        QCOMPARE(calls.size(), 1u);
        QCOMPARE(text(calls[0]["failure"]), QStringLiteral("timeout"));
        QCOMPARE(fixture.postOpenAi(chat("chat-fast")).status, 200);
    }

    void promptReferenceIsRenderedAndMissingVariablesAreNamed();
    void revokedKeyIsRefusedWithinASecond();
    void clientLeavingMidStreamIsRecordedAsCancelled();
};

void TestGatewayOpenAi::promptReferenceIsRenderedAndMissingVariablesAreNamed()
{
    GatewayFixture fixture;
    core::store::PromptRepository prompts(fixture.connection());
    QVERIFY_OK(prompts.create(QStringLiteral("support/answer"), {}, {}, QStringLiteral("test")));
    core::prompts::PromptContent content;
    content.messages.push_back({ core::Role::System, QStringLiteral("You answer support questions."), {}, {} });
    content.messages.push_back({ core::Role::User, QStringLiteral("Question: {{question}}"), {}, {} });
    core::prompts::PromptVariable question;
    question.name = QStringLiteral("question");
    content.variables.push_back(question);
    content.model.alias = QStringLiteral("chat-fast");
    QVERIFY_OK(prompts.saveVersion(QStringLiteral("support/answer"), content, QStringLiteral("first"), QStringLiteral("test")));
    QVERIFY_OK(prompts.moveLabel(QStringLiteral("support/answer"), QStringLiteral("production"), 1, QStringLiteral("ship"),
                                 QStringLiteral("test")));
    QVERIFY(fixture.startGateway());

    const json named { { "switchboard", { { "prompt", "support/answer" }, { "variables", { { "question", "Where is my order?" } } } } } };
    const Reply reply = fixture.postOpenAi(named);
    QCOMPARE(reply.status, 200);
    const json calls = fixture.recordedCalls();
    QCOMPARE(text(calls[0]["prompt_name"]), QStringLiteral("support/answer"));
    QCOMPARE(number(calls[0]["prompt_version"]), 1);
    QCOMPARE(text(calls[0]["alias"]), QStringLiteral("chat-fast"));
    auto payload = fixture.connection().exec(QStringLiteral("SELECT request_json, variables_json FROM call_payloads"));
    QVERIFY(payload && payload->next());
    QVERIFY(payload->value(0).toString().contains(QStringLiteral("Question: Where is my order?")));
    QVERIFY(!payload->value(0).toString().contains(QStringLiteral("switchboard")));
    QVERIFY(payload->value(1).toString().contains(QStringLiteral("Where is my order?")));

    const json missing { { "switchboard", { { "prompt", "support/answer@production" } } } };
    const Reply refused = fixture.postOpenAi(missing);
    QCOMPARE(refused.status, 400);
    QVERIFY2(refused.json()["error"]["message"].get<std::string>().find("question") != std::string::npos, refused.body.constData());
    const Reply unknown = fixture.postOpenAi(json { { "switchboard", { { "prompt", "support/none" } } } });
    QCOMPARE(unknown.status, 404);
}

void TestGatewayOpenAi::revokedKeyIsRefusedWithinASecond()
{
    GatewayFixture fixture;
    QVERIFY(fixture.startGateway());
    QCOMPARE(fixture.postOpenAi(chat("chat-fast")).status, 200);
    QSignalSpy reloaded(&fixture.gateway(), &core::gateway::Gateway::configReloaded);
    QVERIFY_OK(core::store::GatewayKeyRepository(fixture.connection()).revoke(QStringLiteral("app"), QStringLiteral("leaked"),
                                                                              QStringLiteral("test")));
    QVERIFY(reloaded.wait(1000));
    QCOMPARE(fixture.postOpenAi(chat("chat-fast")).status, 401);
}

void TestGatewayOpenAi::clientLeavingMidStreamIsRecordedAsCancelled()
{
    GatewayFixture fixture(1.0); // real-time pace: the stream lasts seconds
    QVERIFY(fixture.startGateway());
    json request = chat("chat-smart");
    request["stream"] = true;
    core::http::HttpClient client;
    core::http::ClientRequest post;
    post.url = QUrl(QStringLiteral("http://127.0.0.1:%1/v1/chat/completions").arg(fixture.gateway().port()));
    post.headers = { { "authorization", "Bearer " + fixture.secret() }, { "content-type", "application/json" } };
    post.body = QByteArray::fromStdString(request.dump());
    core::http::ClientCall *call = client.send(post, &client);
    QSignalSpy body(call, &core::http::ClientCall::bodyReceived);
    QVERIFY(body.wait(10'000));
    call->abort();
    QTRY_VERIFY_WITH_TIMEOUT(fixture.gateway().metrics().inflight() == 0, 10'000);
    const json calls = fixture.recordedCalls();
    QCOMPARE(calls.size(), 1u);
    QCOMPARE(text(calls[0]["failure"]), QStringLiteral("cancelled"));
    QCOMPARE(text(calls[0]["status"]), QStringLiteral("partial"));

    QCOMPARE(fixture.postOpenAi(chat("chat-fast")).status, 200); // and it keeps serving
}

QTEST_GUILESS_MAIN(TestGatewayOpenAi)
#include "tst_gateway_openai.moc"
