// Rule sets: the stored JSON round-trips byte for byte, every problem of a bad rule set is
// reported at once by its path, and validate() finds rules that cannot do what they say.
#include "jsoncompare.h"
#include "resultcheck.h"
#include "routing/ruleset.h"

#include <QTest>
#include <algorithm>
#include <functional>

using namespace switchboard;
using namespace switchboard::core;
using namespace switchboard::core::routing;
using nlohmann::json;
using tests::codeOf;

Q_DECLARE_METATYPE(switchboard::core::routing::RuleSet)

namespace {

RuleSet fullRuleSet()
{
    RuleSet ruleSet;
    RoutingRule vip;
    vip.name = QStringLiteral("vip");
    vip.description = QStringLiteral("Enterprise tenants get the smart model");
    vip.when.gatewayKeys = { QStringLiteral("prod-key") };
    vip.when.tenants = { QStringLiteral("acme"), QStringLiteral("globex") };
    vip.when.features = { QStringLiteral("chat") };
    vip.when.userTiers = { QStringLiteral("gold") };
    vip.when.prompts = { QStringLiteral("support/answer") };
    vip.when.promptLabels = { QStringLiteral("production") };
    vip.when.models = { QStringLiteral("chat-fast") };
    vip.when.tagsAll = { QStringLiteral("beta"), QStringLiteral("eu") };
    vip.when.minInputTokens = 0;
    vip.when.maxInputTokens = 8000;
    vip.then.split
        = { { QStringLiteral("chat-smart"), 95 }, { QStringLiteral("chat-smart-next"), 5 } };
    vip.then.stickyPerUser = false;
    vip.then.fallbacks = { QStringLiteral("openai/gpt-4o-mini") };
    vip.then.shadow = QStringLiteral("anthropic/claude-3-haiku");
    vip.then.timeoutMs = 30000;
    vip.then.maxOutputTokens = 1024;
    vip.then.cache = { CachePolicy::Mode::Exact, 600 };
    ruleSet.rules.push_back(vip);

    RoutingRule off;
    off.name = QStringLiteral("parked");
    off.enabled = false;
    off.then.target = QStringLiteral("chat-cheap");
    ruleSet.rules.push_back(off);

    RoutingRule rest;
    rest.name = QStringLiteral("everyone else");
    ruleSet.rules.push_back(rest);
    return ruleSet;
}

QByteArray bytes(const json &value)
{
    const std::string text = value.dump(2);
    return QByteArray(text.data(), qsizetype(text.size()));
}

QStringList pathsOf(const std::vector<RuleProblem> &problems)
{
    QStringList paths;
    for (const RuleProblem &problem : problems)
        paths.push_back(problem.path);
    return paths;
}

RuleSet oneRule(const std::function<void(RoutingRule &)> &edit)
{
    RuleSet ruleSet;
    RoutingRule rule;
    rule.name = QStringLiteral("only");
    rule.when.tenants = { QStringLiteral("acme") };
    rule.then.target = QStringLiteral("chat-smart");
    edit(rule);
    ruleSet.rules.push_back(rule);
    return ruleSet;
}

} // namespace

class TestRuleSet final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTripIsByteStable()
    {
        const RuleSet original = fullRuleSet();
        const QByteArray first = bytes(toJson(original));
        auto parsed = parseRuleSet(first);
        QVERIFY_OK(parsed);
        QVERIFY(*parsed == original);
        QCOMPARE(bytes(toJson(*parsed)), first);
    }

    void defaultsAreLeftOut()
    {
        RuleSet ruleSet;
        RoutingRule rule;
        rule.name = QStringLiteral("plain");
        rule.then.target = QStringLiteral("chat-smart");
        ruleSet.rules.push_back(rule);
        QCOMPARE_JSON(toJson(ruleSet),
            json::parse(R"({"rules":[{"name":"plain","then":{"target":"chat-smart"}}]})"));
        QCOMPARE_JSON(toJson(RuleSet {}), json::parse(R"({"rules":[]})"));

        auto read = parseRuleSet(R"({"rules":[{"name":"plain","then":{"target":"chat-smart"}}]})");
        QVERIFY_OK(read);
        QVERIFY(read->rules.at(0).enabled);
        QVERIFY(read->rules.at(0).then.stickyPerUser);
        QCOMPARE(read->rules.at(0).then.cache, CachePolicy {});
        QVERIFY(read->rules.at(0).when.isEmpty());
    }

    void readsTheDocumentedShape()
    {
        auto read = parseRuleSet(
            R"({"rules":[{"name":"vip","enabled":false,"when":{"tenants":["acme"],"max_input_tokens":8000},
            "then":{"split":[{"target":"a","weight":95},{"target":"b","weight":5}],"sticky_per_user":false,
            "cache":{"mode":"exact","ttl_seconds":60}}}]})");
        QVERIFY_OK(read);
        const RoutingRule &rule = read->rules.at(0);
        QVERIFY(!rule.enabled);
        QCOMPARE(rule.when.tenants, QStringList { QStringLiteral("acme") });
        QCOMPARE(rule.when.maxInputTokens, std::optional<qint64>(8000));
        QVERIFY(!rule.when.minInputTokens);
        QCOMPARE(rule.then.split.size(), std::size_t(2));
        QCOMPARE(rule.then.split.at(1).target, QStringLiteral("b"));
        QCOMPARE(rule.then.split.at(1).weight, 5);
        QVERIFY(!rule.then.stickyPerUser);
        QCOMPARE(rule.then.cache.mode, CachePolicy::Mode::Exact);
        QCOMPARE(rule.then.cache.ttlSeconds, qint64(60));
    }

    void everyProblemIsReportedWithItsPath()
    {
        const json bad = json::parse(R"({"rules":[
            {"name":"a","then":{"target":"x"}},
            {"name":"b","enabled":"yes","when":{"tenants":"acme","models":["m",3]}},
            {"name":"c","then":{"split":[{"target":"x","weight":95},{"target":"y","weight":"five"}],
                                "cache":{"mode":"fuzzy"},"timeout_ms":1.5}},
            {"then":{"target":7}}
        ]})");
        std::vector<RuleProblem> problems;
        QVERIFY(!ruleSetFromJson(bad, problems));
        const QStringList paths = pathsOf(problems);
        const QStringList expected { QStringLiteral("rules[1].enabled"),
            QStringLiteral("rules[1].when.tenants"), QStringLiteral("rules[1].when.models[1]"),
            QStringLiteral("rules[2].then.split[1].weight"),
            QStringLiteral("rules[2].then.timeout_ms"), QStringLiteral("rules[2].then.cache.mode"),
            QStringLiteral("rules[3].name"), QStringLiteral("rules[3].then.target") };
        for (const QString &path : expected)
            QVERIFY2(paths.contains(path),
                qPrintable(path + QLatin1String(" not in: ") + paths.join(QLatin1String(", "))));
        QCOMPARE(paths.size(), expected.size());
        for (const RuleProblem &problem : problems)
            QVERIFY2(!problem.message.isEmpty(), qPrintable(problem.path));
    }

    void unknownKeysAreProblems()
    {
        std::vector<RuleProblem> problems;
        const json typo = json::parse(
            R"({"rules":[{"name":"a","when":{"tenant":["acme"]},"then":{"target":"x","fallback":["y"]}}],
                                          "version":2})");
        QVERIFY(!ruleSetFromJson(typo, problems));
        const QStringList paths = pathsOf(problems);
        QVERIFY2(paths.contains(QStringLiteral("rules[0].when.tenant")),
            qPrintable(paths.join(QLatin1String(", "))));
        QVERIFY(paths.contains(QStringLiteral("rules[0].then.fallback")));
        QVERIFY(paths.contains(QStringLiteral("version")));
        const auto tenant = std::find_if(problems.begin(), problems.end(),
            [](const RuleProblem &p) { return p.path == QLatin1String("rules[0].when.tenant"); });
        QVERIFY(tenant->message.contains(QLatin1String("unknown key")));
        QVERIFY(tenant->message.contains(QLatin1String("tenants")));
    }

    void wrongShapesAreProblems()
    {
        std::vector<RuleProblem> problems;
        QVERIFY(!ruleSetFromJson(json::array(), problems));
        QCOMPARE(problems.size(), std::size_t(1));
        problems.clear();
        QVERIFY(!ruleSetFromJson(json::object(), problems));
        QCOMPARE(pathsOf(problems), QStringList { QStringLiteral("rules") });
        problems.clear();
        QVERIFY(!ruleSetFromJson(json::parse(R"({"rules":{"name":"a"}})"), problems));
        QCOMPARE(pathsOf(problems), QStringList { QStringLiteral("rules") });
        problems.clear();
        QVERIFY(!ruleSetFromJson(json::parse(R"({"rules":["a"]})"), problems));
        QCOMPARE(pathsOf(problems), QStringList { QStringLiteral("rules[0]") });
    }

    void malformedJsonSaysWhere()
    {
        auto parsed = parseRuleSet("{\"rules\": [\n  {\"name\": \"a\",}\n]}");
        QCOMPARE(codeOf(parsed), nameOf(ErrorCode::InvalidArgument));
        const QString message = parsed.error().message;
        QVERIFY2(message.contains(QLatin1String("not valid JSON")), qPrintable(message));
        QVERIFY2(message.contains(QLatin1String("line 2, column 16")), qPrintable(message));
        QVERIFY2(message.contains(QLatin1String("fix")), qPrintable(message));

        auto empty = parseRuleSet("");
        QCOMPARE(codeOf(empty), nameOf(ErrorCode::InvalidArgument));
        QVERIFY2(empty.error().message.contains(QLatin1String("line 1")),
            qPrintable(empty.error().message));
    }

    void parseJoinsProblemsIntoTheMessage()
    {
        auto parsed = parseRuleSet(
            R"({"rules":[{"name":"a","then":{"split":[{"target":"x","weight":"many"}]}},{"name":3}]})");
        QCOMPARE(codeOf(parsed), nameOf(ErrorCode::InvalidArgument));
        const QString message = parsed.error().message;
        QVERIFY2(message.contains(QLatin1String("rules[0].then.split[0].weight: ")),
            qPrintable(message));
        QVERIFY2(message.contains(QLatin1String("rules[1].name: ")), qPrintable(message));
    }

    void aGoodRuleSetHasNoProblems()
    {
        QCOMPARE(pathsOf(validate(fullRuleSet())), QStringList {});
        const QStringList known { QStringLiteral("chat-smart"), QStringLiteral("chat-smart-next"),
            QStringLiteral("chat-cheap"), QStringLiteral("openai/gpt-4o-mini"),
            QStringLiteral("anthropic/claude-3-haiku") };
        QCOMPARE(pathsOf(validate(fullRuleSet(), known)), QStringList {});
    }

    void validationProblems_data()
    {
        QTest::addColumn<RuleSet>("ruleSet");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("words");

        QTest::newRow("empty name") << oneRule([](RoutingRule &r) { r.name.clear(); })
                                    << QStringLiteral("rules[0].name") << QStringLiteral("name");
        QTest::newRow("zero weight") << oneRule([](RoutingRule &r) {
            r.then.split = { { QStringLiteral("a"), 100 }, { QStringLiteral("b"), 0 } };
        }) << QStringLiteral("rules[0].then.split[1].weight")
                                     << QStringLiteral("above 0");
        QTest::newRow("min above max") << oneRule([](RoutingRule &r) {
            r.when.minInputTokens = 9000;
            r.when.maxInputTokens = 8000;
        }) << QStringLiteral("rules[0].when.min_input_tokens")
                                       << QStringLiteral("8000");
        QTest::newRow("zero timeout")
            << oneRule([](RoutingRule &r) { r.then.timeoutMs = 0; })
            << QStringLiteral("rules[0].then.timeout_ms") << QStringLiteral("above 0");
        QTest::newRow("own fallback") << oneRule([](RoutingRule &r) {
            r.then.fallbacks = { QStringLiteral("other"), QStringLiteral("chat-smart") };
        }) << QStringLiteral("rules[0].then.fallbacks[1]")
                                      << QStringLiteral("also the target");
        QTest::newRow("split arm as fallback") << oneRule([](RoutingRule &r) {
            r.then.split = { { QStringLiteral("a"), 95 }, { QStringLiteral("b"), 5 } };
            r.then.fallbacks = { QStringLiteral("b") };
        }) << QStringLiteral("rules[0].then.fallbacks[0]")
                                               << QStringLiteral("also the target");
        QTest::newRow("shadow is target")
            << oneRule([](RoutingRule &r) { r.then.shadow = QStringLiteral("chat-smart"); })
            << QStringLiteral("rules[0].then.shadow") << QStringLiteral("shadow");
        QTest::newRow("exact cache without time") << oneRule([](RoutingRule &r) {
            r.then.cache = { CachePolicy::Mode::Exact, 0 };
        }) << QStringLiteral("rules[0].then.cache.ttl_seconds")
                                                  << QStringLiteral("above 0");

        RuleSet duplicate = oneRule([](RoutingRule &) {});
        duplicate.rules.push_back(duplicate.rules.front());
        QTest::newRow("duplicate names")
            << duplicate << QStringLiteral("rules[1].name") << QStringLiteral("rules[0]");

        RuleSet shadowed = oneRule([](RoutingRule &r) { r.when = {}; });
        shadowed.rules.front().name = QStringLiteral("catch-all");
        shadowed.rules.push_back(
            oneRule([](RoutingRule &r) { r.name = QStringLiteral("late"); }).rules.front());
        QTest::newRow("unreachable after catch-all")
            << shadowed << QStringLiteral("rules[1]") << QStringLiteral("catch-all");
    }

    void validationProblems()
    {
        QFETCH(RuleSet, ruleSet);
        QFETCH(QString, path);
        QFETCH(QString, words);
        const auto problems = validate(ruleSet);
        QCOMPARE(pathsOf(problems), QStringList { path });
        QVERIFY2(problems.front().message.contains(words), qPrintable(problems.front().message));
    }

    void disabledCatchAllDoesNotHideLaterRules()
    {
        RuleSet ruleSet = oneRule([](RoutingRule &r) {
            r.when = {};
            r.enabled = false;
        });
        ruleSet.rules.push_back(
            oneRule([](RoutingRule &r) { r.name = QStringLiteral("late"); }).rules.front());
        QCOMPARE(pathsOf(validate(ruleSet)), QStringList {});
    }

    void unknownTargetsWhenTheyAreKnown()
    {
        RuleSet ruleSet = oneRule([](RoutingRule &r) {
            r.then.fallbacks = { QStringLiteral("openai/gpt-4o") };
            r.then.shadow = QStringLiteral("ghost");
        });
        QCOMPARE(pathsOf(validate(ruleSet)), QStringList {});
        const QStringList known { QStringLiteral("chat-smart"), QStringLiteral("openai/gpt-4o") };
        const auto problems = validate(ruleSet, known);
        QCOMPARE(pathsOf(problems), QStringList { QStringLiteral("rules[0].then.shadow") });
        QVERIFY(problems.front().message.contains(QLatin1String("\"ghost\"")));
        QCOMPARE(pathsOf(validate(ruleSet, QStringList {})),
            (QStringList { QStringLiteral("rules[0].then.target"),
                QStringLiteral("rules[0].then.fallbacks[0]"),
                QStringLiteral("rules[0].then.shadow") }));
    }
};

QTEST_GUILESS_MAIN(TestRuleSet)
#include "tst_routing_ruleset.moc"
