// The gateway as an Anthropic-format caller sees it: Messages answers and event streams,
// errors with Anthropic's error types, and x-api-key authentication.
#include "gatewayfixture.h"

#include <QTest>

using namespace switchboard;
using namespace switchboard::tests;
using nlohmann::json;

namespace {

json message(const char *model)
{
    return { { "model", model },
             { "max_tokens", 100 },
             { "system", "Be brief." },
             { "messages", json::array({ { { "role", "user" }, { "content", "Say hello." } } }) } };
}

QList<QByteArray> eventNames(const QByteArray &stream)
{
    QList<QByteArray> names;
    for (const QByteArray &line : stream.split('\n')) {
        if (line.startsWith("event: "))
            names.push_back(line.mid(7));
    }
    return names;
}

} // namespace

class TestGatewayAnthropic : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void answersInMessagesFormat()
    {
        GatewayFixture fixture;
        QVERIFY(fixture.startGateway());
        const Reply reply = fixture.postAnthropic(message("chat-fast"));
        QVERIFY2(reply.status == 200, reply.body.constData());
        const json body = reply.json();
        QCOMPARE(text(body["type"]), QStringLiteral("message"));
        QCOMPARE(text(body["role"]), QStringLiteral("assistant"));
        QCOMPARE(text(body["content"][0]["type"]), QStringLiteral("text"));
        QVERIFY(number(body["usage"]["output_tokens"]) > 0);
        const json calls = fixture.recordedCalls();
        QCOMPARE(text(calls[0]["alias"]), QStringLiteral("chat-fast"));
        auto payload = fixture.connection().exec(QStringLiteral("SELECT request_json FROM call_payloads"));
        QVERIFY(payload && payload->next());
        QVERIFY(payload->value(0).toString().contains(QStringLiteral("Be brief."))); // the system prompt travelled
    }

    void streamsMessageEvents()
    {
        GatewayFixture fixture;
        QVERIFY(fixture.startGateway());
        json request = message("chat-fast");
        request["stream"] = true;
        const Reply reply = fixture.postAnthropic(request);
        QCOMPARE(reply.status, 200);
        const QList<QByteArray> names = eventNames(reply.body);
        QVERIFY(names.size() >= 5);
        QCOMPARE(names.front(), QByteArray("message_start"));
        QVERIFY(names.contains("content_block_delta"));
        QCOMPARE(names.at(names.size() - 2), QByteArray("message_delta"));
        QCOMPARE(names.back(), QByteArray("message_stop"));
    }

    void errorsUseAnthropicTypes()
    {
        GatewayFixture fixture;
        QVERIFY(fixture.startGateway());
        const Reply badKey = fixture.postAnthropic(message("chat-fast"), "sbk-wrong");
        QCOMPARE(badKey.status, 401);
        QCOMPARE(text(badKey.json()["type"]), QStringLiteral("error"));
        QCOMPARE(text(badKey.json()["error"]["type"]), QStringLiteral("authentication_error"));

        json noMaxTokens = message("chat-fast");
        noMaxTokens.erase("max_tokens");
        const Reply invalid = fixture.postAnthropic(noMaxTokens);
        QCOMPARE(invalid.status, 400);
        QCOMPARE(text(invalid.json()["error"]["type"]), QStringLiteral("invalid_request_error"));
        QVERIFY(text(invalid.json()["error"]["message"]).contains(QStringLiteral("max_tokens")));

        const Reply unknown = fixture.postAnthropic(message("claude-nonexistent"));
        QCOMPARE(unknown.status, 404);
        QCOMPARE(text(unknown.json()["error"]["type"]), QStringLiteral("not_found_error"));

        using switchboard::core::providers::sim::SimFault;
        fixture.sim().scriptFaults(QList<SimFault>(8, SimFault::Unavailable));
        const Reply overloaded = fixture.postAnthropic(message("chat-fast"));
        QCOMPARE(overloaded.status, 503);
        QCOMPARE(text(overloaded.json()["error"]["type"]), QStringLiteral("overloaded_error"));
    }

    void unknownSwitchboardFieldIsRefusedNotForwarded()
    {
        GatewayFixture fixture;
        QVERIFY(fixture.startGateway());
        json request = message("chat-fast");
        request["switchboard"] = { { "featur", "typo" } };
        const Reply reply = fixture.postAnthropic(request);
        QCOMPARE(reply.status, 400);
        QVERIFY(text(reply.json()["error"]["message"]).contains(QStringLiteral("switchboard.featur")));
    }
};

QTEST_GUILESS_MAIN(TestGatewayAnthropic)
#include "tst_gateway_anthropic.moc"
