// Routing on live traffic: the active rule set picks target, fallbacks, shadow, canary arm,
// timeout and output cap; activating another set takes effect while the gateway serves.
#include "gatewayfixture.h"

#include "resultcheck.h"
#include "store/rulesetrepository.h"

#include <QSignalSpy>
#include <QTest>

using namespace switchboard;
using namespace switchboard::core;
using namespace switchboard::tests;
using nlohmann::json;

namespace {

json chat(const char *model)
{
    return { { "model", model }, { "messages", json::array({ { { "role", "user" }, { "content", "Hello there." } } }) } };
}

// Saves and activates a rule set read from JSON; the test fails with the problems otherwise.
qint64 activate(store::Connection &connection, const json &rules)
{
    auto parsed = routing::parseRuleSet(QByteArray::fromStdString(rules.dump()));
    if (!parsed)
        qFatal("%s", qPrintable(parsed.error().message));
    store::RuleSetRepository repository(connection);
    auto version = repository.saveDraft(*parsed, QStringLiteral("test"), QStringLiteral("test"));
    if (!version)
        qFatal("%s", qPrintable(version.error().message));
    if (auto activated = repository.activate(*version, QStringLiteral("test"), QStringLiteral("test")); !activated)
        qFatal("%s", qPrintable(activated.error().message));
    return *version;
}

Reply postAs(GatewayFixture &fixture, const json &body, const QByteArray &feature, const QByteArray &user = {})
{
    core::http::HttpHeaders headers { { "authorization", "Bearer " + fixture.secret() }, { "x-switchboard-feature", feature } };
    if (!user.isEmpty())
        headers.push_back({ "x-switchboard-user", user });
    return fixture.post("/v1/chat/completions", QByteArray::fromStdString(body.dump()), headers);
}

} // namespace

class TestGatewayRouting : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void matchingRuleChoosesTheTargetAndIsRecorded()
    {
        GatewayFixture fixture;
        const qint64 version = activate(fixture.connection(), { { "rules", json::array({
            { { "name", "vip-to-smart" }, { "when", { { "features", { "vip" } } } }, { "then", { { "target", "chat-smart" } } } } }) } });
        QVERIFY(fixture.startGateway());
        QCOMPARE(postAs(fixture, chat("chat-fast"), "vip").status, 200);
        QCOMPARE(postAs(fixture, chat("chat-fast"), "other").status, 200);
        const json calls = fixture.recordedCalls();
        QCOMPARE(text(calls[0]["model"]), QStringLiteral("sim-large-2025-06-01"));
        QCOMPARE(text(calls[0]["rule_name"]), QStringLiteral("vip-to-smart"));
        QCOMPARE(number(calls[0]["rule_set_version"]), version);
        QCOMPARE(text(calls[1]["model"]), QStringLiteral("sim-small-2025-01-15")); // no rule matched: as asked
        QCOMPARE(text(calls[1]["rule_name"]), QString());
    }

    void fallbackCarriesTheCallWhenTheTargetFails()
    {
        GatewayFixture fixture;
        activate(fixture.connection(), { { "rules", json::array({ { { "name", "with-fallback" },
                                                                   { "then", { { "target", "sim/sim-flaky-2025-03-01" },
                                                                               { "fallbacks", { "chat-smart" } } } } } }) } });
        QVERIFY(fixture.startGateway());
        using providers::sim::SimFault;
        fixture.sim().scriptFaults(QList<SimFault>(3, SimFault::Unavailable));
        const Reply reply = postAs(fixture, chat("chat-fast"), "any");
        QVERIFY2(reply.status == 200, reply.body.constData());
        const json calls = fixture.recordedCalls();
        QCOMPARE(text(calls[0]["model"]), QStringLiteral("sim-large-2025-06-01"));
        QVERIFY(number(calls[0]["attempts"]) >= 2);
    }

    void shadowIsCalledAndRecordedBesideTheCall()
    {
        GatewayFixture fixture;
        activate(fixture.connection(), { { "rules", json::array({ { { "name", "shadowed" },
                                                                   { "then", { { "target", "chat-fast" }, { "shadow", "chat-smart" } } } } }) } });
        QVERIFY(fixture.startGateway());
        const Reply reply = postAs(fixture, chat("chat-fast"), "any");
        QCOMPARE(reply.status, 200);
        const QString callId = QString::fromLatin1(reply.header("x-switchboard-call-id"));
        QTRY_COMPARE_WITH_TIMEOUT(fixture.recordedCalls().size(), 2u, 10'000);
        const json shadows = fixture.recordedCalls(QStringLiteral("origin = 'shadow'"));
        QCOMPARE(shadows.size(), 1u);
        QCOMPARE(text(shadows[0]["parent_id"]), callId);
        QCOMPARE(text(shadows[0]["model"]), QStringLiteral("sim-large-2025-06-01"));
    }

    void canaryArmIsStickyPerUser()
    {
        GatewayFixture fixture;
        activate(fixture.connection(),
                 { { "rules", json::array({ { { "name", "canary" },
                                              { "then", { { "split", json::array({ { { "target", "chat-fast" }, { "weight", 50 } },
                                                                                   { { "target", "chat-smart" }, { "weight", 50 } } }) } } } } }) } });
        QVERIFY(fixture.startGateway());
        for (const QByteArray user : { "ada", "grace", "linus", "barbara" }) {
            for (int i = 0; i < 3; ++i)
                QCOMPARE(postAs(fixture, chat("chat-fast"), "any", user).status, 200);
        }
        const json calls = fixture.recordedCalls();
        QCOMPARE(calls.size(), 12u);
        QMap<QString, QSet<QString>> modelsByUser;
        for (const json &call : calls)
            modelsByUser[text(call["user_id"])].insert(text(call["model"]));
        QCOMPARE(modelsByUser.size(), 4);
        for (const auto &models : std::as_const(modelsByUser))
            QCOMPARE(models.size(), 1); // each user always on the same arm
    }

    void timeoutAndOutputCapApply()
    {
        GatewayFixture fixture(1.0); // real pace: sim-large takes ~700 ms to its first token
        activate(fixture.connection(), { { "rules", json::array({
            { { "name", "tight" }, { "when", { { "features", { "tight" } } } }, { "then", { { "timeout_ms", 100 } } } },
            { { "name", "capped" }, { "then", { { "max_output_tokens", 5 } } } } }) } });
        QVERIFY(fixture.startGateway());
        const Reply timedOut = postAs(fixture, chat("chat-smart"), "tight");
        QCOMPARE(timedOut.status, 504);
        json asksForMore = chat("chat-fast");
        asksForMore["max_tokens"] = 500;
        QCOMPARE(postAs(fixture, asksForMore, "other").status, 200);
        const json calls = fixture.recordedCalls();
        QCOMPARE(text(calls[0]["failure"]), QStringLiteral("timeout"));
        QVERIFY(number(calls[1]["output_tokens"]) <= 5);
    }

    void activatingAnotherRuleSetTakesEffectWhileServing()
    {
        GatewayFixture fixture;
        activate(fixture.connection(), { { "rules", json::array({ { { "name", "to-fast" }, { "then", { { "target", "chat-fast" } } } } }) } });
        QVERIFY(fixture.startGateway());
        QCOMPARE(postAs(fixture, chat("chat-smart"), "any").status, 200);
        QSignalSpy reloaded(&fixture.gateway(), &gateway::Gateway::configReloaded);
        activate(fixture.connection(), { { "rules", json::array({ { { "name", "to-smart" }, { "then", { { "target", "chat-smart" } } } } }) } });
        QVERIFY(reloaded.wait(1000));
        QCOMPARE(postAs(fixture, chat("chat-fast"), "any").status, 200);
        const json calls = fixture.recordedCalls();
        QCOMPARE(text(calls[0]["model"]), QStringLiteral("sim-small-2025-01-15"));
        QCOMPARE(text(calls[1]["model"]), QStringLiteral("sim-large-2025-06-01"));
        QCOMPARE(text(calls[1]["rule_name"]), QStringLiteral("to-smart"));
    }

    void exactMatchCacheAnswersRepeatsAndRecordsTheSaving()
    {
        GatewayFixture fixture;
        activate(fixture.connection(), { { "rules", json::array({ { { "name", "cached" },
                                                                   { "then", { { "cache", { { "mode", "exact" }, { "ttl_seconds", 60 } } } } } } }) } });
        QVERIFY(fixture.startGateway());
        const Reply first = postAs(fixture, chat("chat-fast"), "faq");
        QCOMPARE(first.status, 200);
        json streamed = chat("chat-fast");
        streamed["stream"] = true;
        const Reply second = postAs(fixture, chat("chat-fast"), "faq");
        const Reply third = postAs(fixture, streamed, "faq");
        QCOMPARE(second.status, 200);
        QCOMPARE(third.status, 200);
        QCOMPARE(text(second.json()["choices"][0]["message"]["content"]), text(first.json()["choices"][0]["message"]["content"]));
        QVERIFY(third.body.contains("data: [DONE]"));
        QCOMPARE(fixture.sim().requestsServed(), qint64(1)); // only the first reached the provider

        const json calls = fixture.recordedCalls();
        QCOMPARE(calls.size(), 3u);
        QCOMPARE(number(calls[0]["cache_hit"]), 0);
        QVERIFY(number(calls[0]["cost_micros"]) > 0);
        for (int i : { 1, 2 }) {
            QCOMPARE(number(calls[i]["cache_hit"]), 1);
            QCOMPARE(number(calls[i]["cost_micros"]), 0);
            QCOMPARE(text(calls[i]["parent_id"]), text(calls[0]["id"])); // the call whose cost it saved
            QCOMPARE(number(calls[i]["output_tokens"]), number(calls[0]["output_tokens"]));
        }
        // Another question is not a hit.
        QCOMPARE(postAs(fixture, chat("chat-smart"), "faq").status, 200);
        QCOMPARE(fixture.sim().requestsServed(), qint64(2));
    }

    void ruleSetPointingNowhereIsNotSaved()
    {
        GatewayFixture fixture;
        auto parsed = routing::parseRuleSet(R"({"rules":[{"name":"typo","then":{"target":"chat-fsat"}}]})");
        QVERIFY_OK(parsed);
        auto saved = store::RuleSetRepository(fixture.connection()).saveDraft(*parsed, {}, QStringLiteral("test"));
        QVERIFY(!saved);
        QVERIFY2(saved.error().message.contains(QStringLiteral("chat-fsat")), qPrintable(saved.error().message));
    }
};

QTEST_GUILESS_MAIN(TestGatewayRouting)
#include "tst_gateway_routing.moc"
