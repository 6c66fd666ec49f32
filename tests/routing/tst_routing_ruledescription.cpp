// What the Routing page shows of each rule and of a pasted request: conditions and plans in
// words, and a request body read as routing sees it, in either wire format.
#include "gateway/requestroute.h"
#include "routing/ruledescription.h"

#include <QTest>

using namespace switchboard::core;
using namespace switchboard::core::routing;

class TestRuleDescription final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void conditionsReadAsOneLine()
    {
        QCOMPARE(describeConditions({}), QStringLiteral("every call"));
        RuleConditions when;
        when.tenants = { QStringLiteral("acme"), QStringLiteral("globex") };
        when.features = { QStringLiteral("chat") };
        when.tagsAll = { QStringLiteral("beta"), QStringLiteral("eu") };
        when.maxInputTokens = 8000;
        QCOMPARE(describeConditions(when), QStringLiteral("tenant is one of acme, globex; feature is chat; tagged beta and eu; "
                                                          "at most 8000 input tokens"));
    }

    void plansReadAsOneLine()
    {
        RulePlan plan;
        QCOMPARE(describePlan(plan), QStringLiteral("the model asked for"));
        plan.split = { { QStringLiteral("smart"), 19 }, { QStringLiteral("smart-next"), 1 } };
        plan.fallbacks = { QStringLiteral("fast"), QStringLiteral("backup") };
        plan.shadow = QStringLiteral("next");
        plan.timeoutMs = 20000;
        plan.maxOutputTokens = 1024;
        plan.cache.mode = CachePolicy::Mode::Exact;
        plan.cache.ttlSeconds = 300;
        QCOMPARE(describePlan(plan), QStringLiteral("smart 95 % / smart-next 5 % (sticky per user); then fast, then backup; "
                                                    "shadow next; timeout 20 s; output ≤ 1024 tokens; cache 300 s"));
    }

    void anOpenAiBodyIsReadAsRoutingSeesIt()
    {
        auto input = gateway::routeInputFromBody(
            R"({"model": "chat-fast", "user": "u-7", "messages": [{"role": "user", "content": "Where is my parcel?"}],
                "switchboard": {"feature": "support", "user_tier": "gold", "tags": ["eu"], "prompt": "support/answer@staging",
                                "variables": {"q": "x"}}})");
        QVERIFY2(input, input ? "" : qPrintable(input.error().message));
        QCOMPARE(input->model, QStringLiteral("chat-fast"));
        QCOMPARE(input->feature, QStringLiteral("support"));
        QCOMPARE(input->userTier, QStringLiteral("gold"));
        QCOMPARE(input->tags, QStringList { QStringLiteral("eu") });
        QCOMPARE(input->promptName, QStringLiteral("support/answer"));
        QCOMPARE(input->promptLabel, QStringLiteral("staging"));
        QVERIFY(input->estimatedInputTokens > 0);
    }

    void anAnthropicBodyIsReadToo()
    {
        auto input = gateway::routeInputFromBody(
            R"({"model": "claude-fast", "max_tokens": 100, "system": [{"type": "text", "text": "Be brief."}],
                "messages": [{"role": "user", "content": [{"type": "text", "text": "Hi"}]}]})");
        QVERIFY2(input, input ? "" : qPrintable(input.error().message));
        QCOMPARE(input->model, QStringLiteral("claude-fast"));
    }

    void notJsonSaysWhatToPaste()
    {
        auto input = gateway::routeInputFromBody("<html>502 Bad Gateway</html>");
        QVERIFY(!input);
        QVERIFY2(input.error().message.contains(QLatin1String("Paste a request body")), qPrintable(input.error().message));
    }
};

QTEST_GUILESS_MAIN(TestRuleDescription)
#include "tst_routing_ruledescription.moc"
