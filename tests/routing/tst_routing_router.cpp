// The router: the first enabled rule whose conditions all hold decides, every rule passed over
// says why, splits are sticky per user and keep their shares, and explain() reads as sentences.
#include "routing/router.h"

#include <QTest>
#include <functional>

using namespace switchboard;
using namespace switchboard::core;
using namespace switchboard::core::routing;

Q_DECLARE_METATYPE(switchboard::core::routing::RuleConditions)
Q_DECLARE_METATYPE(switchboard::core::routing::RouteInput)

namespace {

RoutingRule rule(const QString &name, const QString &target,
    const std::function<void(RuleConditions &)> &when = {})
{
    RoutingRule out;
    out.name = name;
    out.then.target = target;
    if (when)
        when(out.when);
    return out;
}

RouteInput acmeCall()
{
    RouteInput input;
    input.gatewayKey = QStringLiteral("prod-key");
    input.tenant = QStringLiteral("acme");
    input.feature = QStringLiteral("chat");
    input.userId = QStringLiteral("user-1");
    input.userTier = QStringLiteral("gold");
    input.promptName = QStringLiteral("support/answer");
    input.promptLabel = QStringLiteral("production");
    input.model = QStringLiteral("chat-fast");
    input.tags = { QStringLiteral("beta"), QStringLiteral("eu") };
    input.estimatedInputTokens = 1200;
    return input;
}

RuleSet canary(bool sticky)
{
    RoutingRule split = rule(QStringLiteral("canary"), {});
    split.then.split
        = { { QStringLiteral("chat-smart"), 95 }, { QStringLiteral("chat-smart-next"), 5 } };
    split.then.stickyPerUser = sticky;
    return RuleSet { { split } };
}

} // namespace

class TestRouter final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void firstMatchingRuleWins()
    {
        RuleSet ruleSet {
            { rule(QStringLiteral("globex"), QStringLiteral("a"),
                  [](RuleConditions &c) { c.tenants = { QStringLiteral("globex") }; }),
                rule(QStringLiteral("acme"), QStringLiteral("b"),
                    [](RuleConditions &c) { c.tenants = { QStringLiteral("acme") }; }),
                rule(QStringLiteral("all"), QStringLiteral("c")) }
        };
        const RouteDecision decision = route(ruleSet, acmeCall(), 0);
        QCOMPARE(decision.ruleIndex, std::optional<int>(1));
        QCOMPARE(decision.ruleName, QStringLiteral("acme"));
        QCOMPARE(decision.target, QStringLiteral("b"));
        QCOMPARE(decision.verdicts.size(), std::size_t(2));
        QVERIFY(!decision.verdicts.at(0).matched);
        QCOMPARE(decision.verdicts.at(0).reasons,
            QStringList { QStringLiteral("tenant is \"acme\", not one of globex") });
        QVERIFY(decision.verdicts.at(1).matched);
        QVERIFY(decision.verdicts.at(1).reasons.isEmpty());
    }

    void disabledRuleIsSkipped()
    {
        RoutingRule off = rule(QStringLiteral("off"), QStringLiteral("a"));
        off.enabled = false;
        RuleSet ruleSet { { off, rule(QStringLiteral("on"), QStringLiteral("b")) } };
        const RouteDecision decision = route(ruleSet, acmeCall(), 0);
        QCOMPARE(decision.target, QStringLiteral("b"));
        QCOMPARE(decision.verdicts.at(0).rule, QStringLiteral("off"));
        QVERIFY(!decision.verdicts.at(0).enabled);
        QVERIFY(!decision.verdicts.at(0).matched);
        QCOMPARE(
            decision.verdicts.at(0).reasons, QStringList { QStringLiteral("rule is disabled") });
    }

    void noRuleMatches()
    {
        RuleSet ruleSet { { rule(QStringLiteral("globex"), QStringLiteral("a"),
            [](RuleConditions &c) { c.tenants = { QStringLiteral("globex") }; }) } };
        const RouteDecision decision = route(ruleSet, acmeCall(), 0);
        QVERIFY(!decision.ruleIndex);
        QVERIFY(decision.ruleName.isEmpty());
        QCOMPARE(decision.target, QStringLiteral("chat-fast"));
        QCOMPARE(decision.verdicts.size(), std::size_t(1));
        QCOMPARE(route(RuleSet {}, acmeCall(), 0).target, QStringLiteral("chat-fast"));
    }

    void emptyTargetKeepsTheModelAskedFor()
    {
        RuleSet ruleSet { { rule(QStringLiteral("cap"), {}) } };
        ruleSet.rules.front().then.maxOutputTokens = 256;
        const RouteDecision decision = route(ruleSet, acmeCall(), 0);
        QCOMPARE(decision.ruleIndex, std::optional<int>(0));
        QCOMPARE(decision.target, QStringLiteral("chat-fast"));
        QCOMPARE(decision.maxOutputTokens, std::optional<qint64>(256));
    }

    void mismatchReasons_data()
    {
        QTest::addColumn<RuleConditions>("when");
        QTest::addColumn<RouteInput>("input");
        QTest::addColumn<QStringList>("reasons");

        const RouteInput input = acmeCall();
        const auto with = [](const std::function<void(RuleConditions &)> &edit) {
            RuleConditions c;
            edit(c);
            return c;
        };
        QTest::newRow("gateway key")
            << with([](RuleConditions &c) { c.gatewayKeys = { QStringLiteral("test-key") }; })
            << input
            << QStringList { QStringLiteral("gateway key is \"prod-key\", not one of test-key") };
        QTest::newRow("tenant") << with([](RuleConditions &c) {
            c.tenants = { QStringLiteral("globex"), QStringLiteral("initech") };
        }) << input
                                << QStringList { QStringLiteral(
                                       "tenant is \"acme\", not one of globex, initech") };
        QTest::newRow("tenant is case-sensitive")
            << with([](RuleConditions &c) { c.tenants = { QStringLiteral("ACME") }; }) << input
            << QStringList { QStringLiteral("tenant is \"acme\", not one of ACME") };
        QTest::newRow("feature") << with([](RuleConditions &c) {
            c.features = { QStringLiteral("search") };
        }) << input << QStringList { QStringLiteral("feature is \"chat\", not one of search") };
        QTest::newRow("user tier")
            << with([](RuleConditions &c) { c.userTiers = { QStringLiteral("free") }; }) << input
            << QStringList { QStringLiteral("user tier is \"gold\", not one of free") };
        QTest::newRow("prompt") << with([](RuleConditions &c) {
            c.prompts = { QStringLiteral("sales/pitch") };
        }) << input
                                << QStringList { QStringLiteral(
                                       "prompt is \"support/answer\", not one of sales/pitch") };
        QTest::newRow("prompt label")
            << with([](RuleConditions &c) { c.promptLabels = { QStringLiteral("staging") }; })
            << input
            << QStringList { QStringLiteral("prompt label is \"production\", not one of staging") };
        QTest::newRow("model")
            << with([](RuleConditions &c) { c.models = { QStringLiteral("chat-smart") }; }) << input
            << QStringList { QStringLiteral("model is \"chat-fast\", not one of chat-smart") };
        RouteInput anonymous = input;
        anonymous.tenant.clear();
        QTest::newRow("no tenant")
            << with([](RuleConditions &c) { c.tenants = { QStringLiteral("acme") }; }) << anonymous
            << QStringList { QStringLiteral(
                   "tenant is not given, and the rule needs one of acme") };
        QTest::newRow("tags all") << with([](RuleConditions &c) {
            c.tagsAll = { QStringLiteral("beta"), QStringLiteral("us"), QStringLiteral("Eu") };
        }) << input
                                  << QStringList { QStringLiteral("request has no tag \"us\""),
                                         QStringLiteral("request has no tag \"Eu\"") };
        QTest::newRow("above max")
            << with([](RuleConditions &c) { c.maxInputTokens = 1000; }) << input
            << QStringList { QStringLiteral("estimated input tokens 1200 is above 1000") };
        QTest::newRow("below min")
            << with([](RuleConditions &c) { c.minInputTokens = 2000; }) << input
            << QStringList { QStringLiteral("estimated input tokens 1200 is below 2000") };
        QTest::newRow("every failure")
            << with([](RuleConditions &c) {
                   c.tenants = { QStringLiteral("globex") };
                   c.maxInputTokens = 100;
               })
            << input
            << QStringList { QStringLiteral("tenant is \"acme\", not one of globex"),
                   QStringLiteral("estimated input tokens 1200 is above 100") };
    }

    void mismatchReasons()
    {
        QFETCH(RuleConditions, when);
        QFETCH(RouteInput, input);
        QFETCH(QStringList, reasons);
        RoutingRule only = rule(QStringLiteral("only"), QStringLiteral("x"));
        only.when = when;
        const RouteDecision decision = route(RuleSet { { only } }, input, 0);
        QVERIFY(!decision.ruleIndex);
        QCOMPARE(decision.verdicts.at(0).reasons, reasons);
    }

    void everyConditionCanHold()
    {
        RoutingRule all = rule(QStringLiteral("all"), QStringLiteral("x"), [](RuleConditions &c) {
            c.gatewayKeys = { QStringLiteral("prod-key") };
            c.tenants = { QStringLiteral("globex"), QStringLiteral("acme") };
            c.features = { QStringLiteral("chat") };
            c.userTiers = { QStringLiteral("gold") };
            c.prompts = { QStringLiteral("support/answer") };
            c.promptLabels = { QStringLiteral("production") };
            c.models = { QStringLiteral("chat-fast") };
            c.tagsAll = { QStringLiteral("eu"), QStringLiteral("beta") };
        });
        QCOMPARE(route(RuleSet { { all } }, acmeCall(), 0).ruleIndex, std::optional<int>(0));
    }

    void tokenBoundsAreInclusive()
    {
        RoutingRule bounded
            = rule(QStringLiteral("mid"), QStringLiteral("x"), [](RuleConditions &c) {
                  c.minInputTokens = 1000;
                  c.maxInputTokens = 8000;
              });
        const RuleSet ruleSet { { bounded } };
        RouteInput input = acmeCall();
        for (const qint64 tokens : { qint64(1000), qint64(8000) }) {
            input.estimatedInputTokens = tokens;
            QVERIFY2(route(ruleSet, input, 0).ruleIndex, qPrintable(QString::number(tokens)));
        }
        for (const qint64 tokens : { qint64(999), qint64(8001) }) {
            input.estimatedInputTokens = tokens;
            QVERIFY2(!route(ruleSet, input, 0).ruleIndex, qPrintable(QString::number(tokens)));
        }
        input.estimatedInputTokens = 9100;
        QCOMPARE(route(ruleSet, input, 0).verdicts.at(0).reasons,
            QStringList { QStringLiteral("estimated input tokens 9100 is above 8000") });
    }

    void stickySplitIsStablePerUser()
    {
        const RuleSet ruleSet = canary(true);
        RouteInput input = acmeCall();
        for (int user = 0; user < 50; ++user) {
            input.userId = QStringLiteral("user-%1").arg(user);
            const RouteDecision first = route(ruleSet, input, 0);
            // The random bucket must not matter when the user is known.
            QCOMPARE(route(ruleSet, input, 9999), first);
            QCOMPARE(route(ruleSet, input, 4242), first);
        }
        // Pinned: a change to the hash would move users between arms on upgrade.
        input.userId = QStringLiteral("ada@example.com");
        QCOMPARE(route(ruleSet, input, 0).splitNote,
            QStringLiteral("bucket 2903 of 10000 -> chat-smart (95 of 100)"));
    }

    void stickySplitKeepsItsShares()
    {
        const RuleSet ruleSet = canary(true);
        RouteInput input = acmeCall();
        constexpr int kUsers = 20000;
        int next = 0;
        for (int user = 0; user < kUsers; ++user) {
            input.userId = QStringLiteral("user-%1@example.com").arg(user);
            const RouteDecision decision = route(ruleSet, input, 0);
            if (decision.target == QLatin1String("chat-smart-next"))
                ++next;
            else
                QCOMPARE(decision.target, QStringLiteral("chat-smart"));
        }
        // 5% of 20,000 is 1,000; the binomial standard deviation is about 31, so ±150 only
        // fails for a broken hash, never by chance.
        QVERIFY2(next > 850 && next < 1150, qPrintable(QString::number(next)));
    }

    void nonStickySplitUsesTheRandomBucket()
    {
        RouteInput input = acmeCall();
        const RuleSet ruleSet = canary(false);
        QCOMPARE(route(ruleSet, input, 0).target, QStringLiteral("chat-smart"));
        QCOMPARE(route(ruleSet, input, 9499).target, QStringLiteral("chat-smart"));
        QCOMPARE(route(ruleSet, input, 9500).target, QStringLiteral("chat-smart-next"));
        QCOMPARE(route(ruleSet, input, 9999).target, QStringLiteral("chat-smart-next"));
        QCOMPARE(route(ruleSet, input, 9500).splitNote,
            QStringLiteral("bucket 9500 of 10000 -> chat-smart-next (5 of 100)"));

        // A sticky split with no user to stick to draws too.
        input.userId.clear();
        const RuleSet sticky = canary(true);
        QCOMPARE(route(sticky, input, 9499).target, QStringLiteral("chat-smart"));
        QCOMPARE(route(sticky, input, 9500).target, QStringLiteral("chat-smart-next"));
    }

    void planIsCopiedIntoTheDecision()
    {
        RoutingRule full = rule(QStringLiteral("full"), QStringLiteral("chat-smart"));
        full.then.fallbacks = { QStringLiteral("chat-fast"), QStringLiteral("openai/gpt-4o-mini") };
        full.then.shadow = QStringLiteral("chat-smart-next");
        full.then.timeoutMs = 30000;
        full.then.maxOutputTokens = 1024;
        full.then.cache = { CachePolicy::Mode::Exact, 120 };
        const RouteDecision decision = route(RuleSet { { full } }, acmeCall(), 0);
        QCOMPARE(decision.target, QStringLiteral("chat-smart"));
        QCOMPARE(decision.fallbacks, full.then.fallbacks);
        QCOMPARE(decision.shadow, QStringLiteral("chat-smart-next"));
        QCOMPARE(decision.timeoutMs, std::optional<qint64>(30000));
        QCOMPARE(decision.maxOutputTokens, std::optional<qint64>(1024));
        QVERIFY(decision.cache == full.then.cache);
        QVERIFY(decision.splitNote.isEmpty());
    }

    void explainNamesTheMatchAndWhyOthersDidNot()
    {
        RoutingRule off = rule(QStringLiteral("parked"), QStringLiteral("a"));
        off.enabled = false;
        RoutingRule big = rule(QStringLiteral("long inputs"), QStringLiteral("chat-long"),
            [](RuleConditions &c) { c.minInputTokens = 50000; });
        RoutingRule canaryRule = canary(false).rules.front();
        canaryRule.then.fallbacks = { QStringLiteral("chat-fast") };
        const RuleSet ruleSet { { off, big, canaryRule } };
        const RouteDecision decision = route(ruleSet, acmeCall(), 9600);
        const QStringList lines = explain(ruleSet, decision);
        const QString text = lines.join(u'\n');
        QVERIFY2(lines.at(0).contains(QLatin1String("\"parked\""))
                && lines.at(0).contains(QLatin1String("rule is disabled")),
            qPrintable(text));
        QVERIFY2(lines.at(1).contains(QLatin1String("\"long inputs\""))
                && lines.at(1).contains(QLatin1String("did not match"))
                && lines.at(1).contains(
                    QLatin1String("estimated input tokens 1200 is below 50000")),
            qPrintable(text));
        QVERIFY2(lines.at(2).contains(QLatin1String("\"canary\""))
                && lines.at(2).contains(QLatin1String("matched")),
            qPrintable(text));
        QVERIFY2(text.contains(QLatin1String("\"chat-smart-next\"")), qPrintable(text));
        QVERIFY2(text.contains(QLatin1String("bucket 9600 of 10000")), qPrintable(text));
        QVERIFY2(text.contains(QLatin1String("chat-fast")), qPrintable(text));

        const RouteDecision none = route(RuleSet { { off } }, acmeCall(), 0);
        const QStringList noneLines = explain(RuleSet { { off } }, none);
        QVERIFY2(noneLines.last().contains(QLatin1String("No rule matched"))
                && noneLines.last().contains(QLatin1String("\"chat-fast\"")),
            qPrintable(noneLines.join(u'\n')));
    }
};

QTEST_GUILESS_MAIN(TestRouter)
#include "tst_routing_router.moc"
