// What-if: a draft rule set replayed over logged calls says where each would have gone, how
// many move, what they would cost at the new target's price and how fast that model was;
// shadows add their own cost; a run repeats exactly; the log sample honours its window.
#include "analytics/whatif.h"
#include "analytics/whatifsample.h"
#include "resultcheck.h"
#include "store/callrepository.h"
#include "store/connection.h"
#include "store/pinrepository.h"
#include "store/providerrepository.h"
#include "store/workspace.h"
#include "temporaryworkspace.h"

#include <QTest>

using namespace switchboard;
using namespace switchboard::core;
using namespace switchboard::core::analytics;

namespace {

constexpr qint64 kNow = 1'790'000'000'000;

ProviderConfig provider(const QString &name)
{
    ProviderConfig config;
    config.name = name;
    config.kind = ProviderKind::OpenAi;
    return config;
}

// Two models: "cheap" at $1/$2 per Mtok and "dear" at $10/$20; "unpriced" has no price.
WhatIfInput baseInput()
{
    WhatIfInput input;
    input.nowMs = kNow;
    input.prices.add(pricing::PriceRule { ProviderKind::OpenAi, pricing::PriceRule::Match::Equals, QStringLiteral("cheap-1"),
                                          { 1'000'000, 2'000'000, {}, {} }, 0, QStringLiteral("user"), {} });
    input.prices.add(pricing::PriceRule { ProviderKind::OpenAi, pricing::PriceRule::Match::Equals, QStringLiteral("dear-1"),
                                          { 10'000'000, 20'000'000, {}, {} }, 0, QStringLiteral("user"), {} });
    input.resolve = [](const QString &target) -> std::optional<execute::Target> {
        static const QHash<QString, QString> pins { { QStringLiteral("fast"), QStringLiteral("cheap-1") },
                                                    { QStringLiteral("smart"), QStringLiteral("dear-1") },
                                                    { QStringLiteral("odd"), QStringLiteral("unpriced-1") } };
        if (!pins.contains(target))
            return std::nullopt;
        return execute::Target { provider(QStringLiteral("openai")), pins.value(target) };
    };
    return input;
}

CallRecord call(const QString &id, const QString &tenant, const QString &model, qint64 latencyUs)
{
    CallRecord record;
    record.id = id;
    record.startedMs = kNow - 60'000;
    record.tenant = tenant;
    record.alias = model == QLatin1String("cheap-1") ? QStringLiteral("fast") : QStringLiteral("smart");
    record.provider = QStringLiteral("openai");
    record.model = model;
    record.latencyUs = latencyUs;
    record.inputTokens = 1000;
    record.outputTokens = 500;
    record.costMicros = model == QLatin1String("cheap-1") ? 2000 : 20000;
    return record;
}

routing::RoutingRule rule(const QString &name, const QString &tenant, const QString &target)
{
    routing::RoutingRule out;
    out.name = name;
    if (!tenant.isEmpty())
        out.when.tenants = { tenant };
    out.then.target = target;
    return out;
}

const WhatIfTarget *row(const WhatIfReport &report, const QString &target, bool shadow = false)
{
    for (const WhatIfTarget &candidate : report.targets) {
        if (candidate.target == target && candidate.shadow == shadow)
            return &candidate;
    }
    return nullptr;
}

} // namespace

class TestWhatIf final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void movedCallsAreProjectedAtTheirNewPrice()
    {
        WhatIfInput input = baseInput();
        // acme's calls ran on the dear model; the draft sends acme to the cheap one.
        input.calls = { call(QStringLiteral("c1"), QStringLiteral("acme"), QStringLiteral("dear-1"), 900'000),
                        call(QStringLiteral("c2"), QStringLiteral("acme"), QStringLiteral("dear-1"), 1'100'000),
                        call(QStringLiteral("c3"), QStringLiteral("globex"), QStringLiteral("cheap-1"), 200'000) };
        input.rules.rules = { rule(QStringLiteral("acme-cheap"), QStringLiteral("acme"), QStringLiteral("fast")) };

        const WhatIfReport report = whatIf(input);
        QCOMPARE(report.calls, 3);
        QCOMPARE(report.moved, 2);
        QCOMPARE(report.unresolved, 0);
        QCOMPARE(report.actualCostMicros, 42000);
        // 1000 in at $1/Mtok + 500 out at $2/Mtok = 2000 micro-dollars a call, three calls.
        QCOMPARE(report.projectedCostMicros, 6000);

        const WhatIfTarget *fast = row(report, QStringLiteral("fast"));
        QVERIFY(fast);
        // globex matched no rule and goes to what it asked for, "fast", where it already ran.
        QCOMPARE(fast->calls, 3);
        QCOMPARE(fast->moved, 2);
        QCOMPARE(fast->resolved, QStringLiteral("openai/cheap-1"));
        QCOMPARE(fast->actualCostMicros, 42000);
        QCOMPARE(fast->projectedCostMicros, std::optional<qint64>(6000));
        // The cheap model's latency comes from the call that ran on it.
        QCOMPARE(fast->observedCalls, 1);
        QVERIFY(fast->p50LatencyUs);
        QVERIFY(qAbs(*fast->p50LatencyUs - 200'000) < 200'000 / 50);
        QCOMPARE(report.targets.size(), std::size_t(1));
        QCOMPARE(report.rules.size(), std::size_t(2));
        QCOMPARE(report.rules[0].rule, QStringLiteral("acme-cheap"));
        QCOMPARE(report.rules[0].calls, 2);
        QVERIFY(report.rules[1].rule.isEmpty());
        QCOMPARE(report.rules[1].calls, 1);
    }

    void shadowsAddTheirCostAndUnknownTargetsAreCounted()
    {
        WhatIfInput input = baseInput();
        input.calls = { call(QStringLiteral("c1"), QStringLiteral("acme"), QStringLiteral("cheap-1"), 100'000),
                        call(QStringLiteral("c2"), QStringLiteral("initech"), QStringLiteral("cheap-1"), 100'000) };
        routing::RoutingRule shadowed = rule(QStringLiteral("shadow-smart"), QStringLiteral("acme"), QStringLiteral("fast"));
        shadowed.then.shadow = QStringLiteral("smart");
        input.rules.rules = { shadowed, rule(QStringLiteral("nowhere"), QStringLiteral("initech"), QStringLiteral("gone")) };

        const WhatIfReport report = whatIf(input);
        const WhatIfTarget *shadow = row(report, QStringLiteral("smart"), true);
        QVERIFY(shadow);
        QCOMPARE(shadow->calls, 1);
        QCOMPARE(shadow->projectedCostMicros, std::optional<qint64>(20000));
        QCOMPARE(shadow->moved, 0);
        // The dear model never ran in the sample: no latency to project.
        QVERIFY(!shadow->p50LatencyUs);

        const WhatIfTarget *gone = row(report, QStringLiteral("gone"));
        QVERIFY(gone);
        QVERIFY(gone->resolved.isEmpty());
        QVERIFY(!gone->projectedCostMicros);
        QCOMPARE(report.unresolved, 1);
        QCOMPARE(report.unpriced, 1);
        QCOMPARE(report.projectedCostMicros, 2000 + 20000);
        // Primary targets are listed before shadows.
        QVERIFY(!report.targets.front().shadow);
        QVERIFY(report.targets.back().shadow);
    }

    void aSplitRepeatsExactlyAndKeepsItsShares()
    {
        WhatIfInput input = baseInput();
        for (int i = 0; i < 2000; ++i) {
            CallRecord record = call(QStringLiteral("call-%1").arg(i), QStringLiteral("acme"), QStringLiteral("cheap-1"), 100'000);
            record.userId = QStringLiteral("user-%1").arg(i % 400);
            input.calls.push_back(record);
        }
        routing::RoutingRule canary = rule(QStringLiteral("canary"), {}, {});
        canary.then.split = { { QStringLiteral("fast"), 90 }, { QStringLiteral("smart"), 10 } };
        input.rules.rules = { canary };

        const WhatIfReport first = whatIf(input);
        const WhatIfReport second = whatIf(input);
        const WhatIfTarget *smart = row(first, QStringLiteral("smart"));
        QVERIFY(smart);
        QCOMPARE(row(second, QStringLiteral("smart"))->calls, smart->calls);
        // Sticky per user: 400 users, each all-in on one arm; about 10 % of them on "smart".
        QCOMPARE(smart->calls % 5, 0);
        QVERIFY2(smart->calls > 80 && smart->calls < 400, qPrintable(QString::number(smart->calls)));
        QCOMPARE(smart->moved, smart->calls);
    }

    void theLogSampleHonoursItsWindowAndOrigin()
    {
        tests::TemporaryWorkspace dir;
        QVERIFY_OK(store::prepareWorkspace(dir.location(), store::Connection::Mode::CreateIfMissing));
        auto connection = store::Connection::open(dir.location());
        QVERIFY_OK(connection);
        store::Connection &db = **connection;
        QVERIFY_OK(store::ProviderRepository(db).add(provider(QStringLiteral("openai"))));
        QVERIFY_OK(store::PinRepository(db).set(QStringLiteral("fast"), QStringLiteral("openai"), QStringLiteral("cheap-1"),
                                                QStringLiteral("first"), QStringLiteral("ada")));
        QVERIFY_OK(store::PinRepository(db).set(QStringLiteral("smart"), QStringLiteral("openai"), QStringLiteral("dear-1"),
                                                QStringLiteral("first"), QStringLiteral("ada")));

        std::vector<CallRecord> calls { call(QStringLiteral("recent-acme"), QStringLiteral("acme"), QStringLiteral("dear-1"), 1000),
                                        call(QStringLiteral("recent-globex"), QStringLiteral("globex"), QStringLiteral("dear-1"), 1000),
                                        call(QStringLiteral("old-acme"), QStringLiteral("acme"), QStringLiteral("dear-1"), 1000),
                                        call(QStringLiteral("playground"), QStringLiteral("acme"), QStringLiteral("dear-1"), 1000) };
        calls[2].startedMs = kNow - 3 * 86'400'000;
        calls[3].origin = CallOrigin::Playground;
        QVERIFY_OK(store::CallRepository(db).insert(calls));

        routing::RuleSet rules;
        rules.rules = { rule(QStringLiteral("all-fast"), {}, QStringLiteral("fast")) };
        WhatIfWindow window;
        window.sinceMs = kNow - 86'400'000;
        auto report = whatIfOverLog(db, rules, window, kNow);
        QVERIFY_OK(report);
        QCOMPARE(report->calls, 2);
        QCOMPARE(report->moved, 2);
        QCOMPARE(report->targets.front().resolved, QStringLiteral("openai/cheap-1"));

        window.tenant = QStringLiteral("acme");
        report = whatIfOverLog(db, rules, window, kNow);
        QVERIFY_OK(report);
        QCOMPARE(report->calls, 1);
    }
};

QTEST_GUILESS_MAIN(TestWhatIf)
#include "tst_whatif.moc"
