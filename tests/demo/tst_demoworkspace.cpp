// A real, shortened build of the demo workspace: the calls go through the executor against
// in-process simulated providers and land in the request log, stamped across the week, with
// the recipe's incidents visible in the data.
#include "demo/demobuilder.h"
#include "demo/demorecipe.h"
#include "replay/replayplan.h"
#include "store/alertrepository.h"
#include "store/budgetrepository.h"
#include "store/callrepository.h"
#include "store/connection.h"
#include "store/gatewaykeyrepository.h"
#include "store/promptrepository.h"
#include "store/rulesetrepository.h"
#include "store/slorepository.h"
#include "resultcheck.h"
#include "temporaryworkspace.h"

#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>

using namespace switchboard::core;
using namespace switchboard::core::demo;

namespace {

constexpr int kCalls = 1500;
constexpr qint64 kDayMs = 86'400'000;

qint64 scalar(store::Connection &connection, const QString &sql, const QVariantList &values = {})
{
    auto query = connection.exec(sql, values);
    if (!query || !query->next())
        qFatal("query failed: %s", qPrintable(sql));
    return query->value(0).toLongLong();
}

double median(store::Connection &connection, const QString &sql, const QVariantList &values)
{
    auto query = connection.exec(sql, values);
    std::vector<double> numbers;
    while (query && query->next())
        numbers.push_back(query->value(0).toDouble());
    if (numbers.empty())
        return 0;
    std::nth_element(numbers.begin(), numbers.begin() + static_cast<qsizetype>(numbers.size() / 2), numbers.end());
    return numbers[numbers.size() / 2];
}

DemoResult build(const store::WorkspaceLocation &location, int calls)
{
    DemoBuilder::Options options;
    options.calls = calls;
    // Slower and narrower than the default, so that a debug build's own CPU time distorts the
    // recorded latencies less.
    options.traffic.speed = 10;
    options.traffic.concurrency = 16;
    DemoBuilder builder(location, options);
    QSignalSpy finished(&builder, &DemoBuilder::finished);
    builder.start();
    if (finished.isEmpty() && !finished.wait(200'000))
        qFatal("the demo never finished");
    return finished.at(0).at(0).value<DemoResult>();
}

} // namespace

class TestDemoWorkspace final : public QObject
{
    Q_OBJECT

private:
    switchboard::tests::TemporaryWorkspace m_dir;
    std::unique_ptr<store::Connection> m_connection;
    DemoRecipe m_recipe;
    qint64 m_weekStart = 0;

    // Bounds of an incident's window, in the stored calls' time.
    std::pair<qint64, qint64> window(const DemoRecipe::Incident &incident) const
    {
        const qint64 from = m_weekStart + static_cast<qint64>(incident.startDay * kDayMs);
        return { from, from + static_cast<qint64>(incident.hours * 3'600'000) };
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_recipe = *DemoRecipe::shipped();
        const DemoResult result = build(m_dir.location(), kCalls);
        QVERIFY2(result.ok, qPrintable(result.message));
        QCOMPARE(result.calls, kCalls);
        auto connection = store::Connection::open(m_dir.location());
        QVERIFY(connection);
        m_connection = std::move(*connection);
        // The week ends at the last full hour before the build.
        const qint64 lastHour = QDateTime::currentMSecsSinceEpoch() / 3'600'000 * 3'600'000;
        m_weekStart = lastHour - 7 * kDayMs;
        if (scalar(*m_connection, QStringLiteral("SELECT MIN(started_ms) FROM calls")) < m_weekStart)
            m_weekStart -= 3'600'000; // the build crossed an hour
    }

    void everyPlannedCallIsInTheLogAcrossTheWeek()
    {
        store::Connection &db = *m_connection;
        // The week's traffic; the demo's eval runs come after it (origin eval).
        QCOMPARE(scalar(db, QStringLiteral("SELECT COUNT(*) FROM calls WHERE origin = 'gateway'")), kCalls);
        QCOMPARE(scalar(db, QStringLiteral("SELECT COUNT(*) FROM call_payloads p JOIN calls c ON c.id = p.call_id "
                                           "WHERE c.origin = 'gateway'")),
                 kCalls);
        QVERIFY(scalar(db, QStringLiteral("SELECT COUNT(*) FROM call_attempts")) >= kCalls);
        QVERIFY(scalar(db, QStringLiteral("SELECT MIN(started_ms) FROM calls")) >= m_weekStart);
        QVERIFY(scalar(db, QStringLiteral("SELECT MAX(started_ms) FROM calls WHERE origin = 'gateway'")) < m_weekStart + 7 * kDayMs);
        QVERIFY(scalar(db, QStringLiteral("SELECT MAX(started_ms) - MIN(started_ms) FROM calls")) > 6 * kDayMs);
        QCOMPARE(scalar(db, QStringLiteral("SELECT SUM(calls) FROM rollup_cells WHERE grain_ms = 86400000 AND origin = 'gateway'")), kCalls);
        QCOMPARE(scalar(db, QStringLiteral("SELECT COUNT(DISTINCT tenant) FROM calls WHERE origin = 'gateway'")), qint64(m_recipe.tenants.size()));
        QCOMPARE(scalar(db, QStringLiteral("SELECT COUNT(DISTINCT feature) FROM calls WHERE origin = 'gateway'")), qint64(m_recipe.features.size()));
        QVERIFY(scalar(db, QStringLiteral("SELECT SUM(cost_micros) FROM calls")) > 0);
    }

    // A prompt call logs the variables it was rendered with, which render its own version to
    // the very messages it sent: so support can replay it on another version.
    void promptCallsLogTheirVariables()
    {
        store::Connection &db = *m_connection;
        QCOMPARE(scalar(db, QStringLiteral("SELECT COUNT(*) FROM calls c JOIN call_payloads p ON p.call_id = c.id "
                                           "WHERE c.prompt_name <> '' AND p.variables_json IS NULL")),
                 0);
        auto query = db.exec(QStringLiteral("SELECT id FROM calls WHERE feature = 'support-answer' AND status = 'ok' LIMIT 1"));
        QVERIFY_OK(query);
        QVERIFY(query->next());
        auto source = store::CallRepository(db).load(query->value(0).toString());
        QVERIFY_OK(source);
        QVERIFY(source->has_value());
        replay::ReplayChange change;
        change.prompt = QStringLiteral("@2");
        auto planned = replay::planReplay(**source, change, db);
        QVERIFY_OK(planned);
        QVERIFY2(planned->assumptions.isEmpty(), qPrintable(planned->assumptions.join(u' ')));
        QCOMPARE(planned->promptVersion, 2);
    }

    void idsSortLikeTheCallsTime()
    {
        auto query = m_connection->exec(QStringLiteral("SELECT started_ms FROM calls ORDER BY id"));
        QVERIFY(query);
        qint64 previous = 0;
        while (query->next()) {
            QVERIFY(query->value(0).toLongLong() >= previous);
            previous = query->value(0).toLongLong();
        }
    }

    void attemptsStayWithinTheirCall()
    {
        QCOMPARE(scalar(*m_connection, QStringLiteral(
                     "SELECT COUNT(*) FROM call_attempts a JOIN calls c ON c.id = a.call_id "
                     "WHERE a.started_ms < c.started_ms OR a.started_ms > c.started_ms + c.latency_us / 1000 + 1")),
                 0);
    }

    void latenciesKeepTheirRealSizes()
    {
        // A ticket-triage answer from sim-small (a quarter second to the first token, then
        // about 100 characters of JSON at 3 ms each) takes some 0.6 s; compressed time must
        // not shrink or inflate that by much.
        const auto [from, to] = window(m_recipe.incidents[1]);
        const double latency = median(*m_connection, QStringLiteral(
            "SELECT latency_us / 1000.0 FROM calls WHERE model LIKE 'sim-small%' AND NOT streamed AND status = 'ok' "
            "AND (started_ms < ? OR started_ms >= ?)"), { from, to });
        QVERIFY2(latency > 300 && latency < 2500, qPrintable(QString::number(latency)));
    }

    void theGatewayServesTheDemoWithLiveRulesAndKeys()
    {
        auto active = store::RuleSetRepository(*m_connection).active();
        QVERIFY_OK(active);
        QVERIFY(*active);
        QCOMPARE((*active)->rules.rules.size(), m_recipe.aliases.size());
        for (const auto &rule : (*active)->rules.rules)
            QVERIFY2(!rule.then.fallbacks.isEmpty(), qPrintable(rule.name));
        auto keys = store::GatewayKeyRepository(*m_connection).list();
        QVERIFY_OK(keys);
        QCOMPARE(keys->size(), m_recipe.tenants.size());
        // Each tenant's traffic came in with its key.
        QCOMPARE(scalar(*m_connection, QStringLiteral("SELECT COUNT(*) FROM calls WHERE origin = 'gateway' AND (gateway_key_id IS NULL OR gateway_key_id = 0)")),
                 qint64(0));
        QCOMPARE(scalar(*m_connection, QStringLiteral("SELECT COUNT(DISTINCT gateway_key_id) FROM calls WHERE origin = 'gateway'")),
                 qint64(m_recipe.tenants.size()));
    }

    void budgetsObjectivesAndAlertRulesAreSetAndTheWeekJudged()
    {
        auto budgets = store::BudgetRepository(*m_connection).list();
        QVERIFY_OK(budgets);
        // Each tenant's gateway key has its budget; the workspace and the largest tenant have one too.
        QCOMPARE(budgets->size(), m_recipe.tenants.size() + 2);
        QCOMPARE(std::ranges::count(*budgets, store::Budget::Scope::Workspace, &store::Budget::scope), 1);
        auto slos = store::SloRepository(*m_connection).list();
        QVERIFY_OK(slos);
        QCOMPARE(slos->size(), m_recipe.features.size());
        auto rules = store::AlertRepository(*m_connection).rules();
        QVERIFY_OK(rules);
        // One rule per incident, each watching what the incident touches, and one on the budgets.
        QCOMPARE(rules->size(), m_recipe.incidents.size() + 1);
        for (const store::AlertRule &rule : *rules) {
            QVERIFY2(!rule.runbook.isEmpty(), qPrintable(rule.name));
            QVERIFY2(store::AlertRepository::problemWith(rule).isEmpty(), qPrintable(rule.name));
        }
        const auto latency = std::ranges::find(*rules, store::AlertRule::Kind::P95Latency, &store::AlertRule::kind);
        QVERIFY(latency != rules->end());
        QCOMPARE(scalar(*m_connection, QStringLiteral("SELECT COUNT(*) FROM calls WHERE model = ?"), { latency->value }) > 0, true);
        // The week was judged to its end, as a console left open would have.
        QVERIFY(scalar(*m_connection, QStringLiteral("SELECT MIN(evaluated_ms) FROM alert_rules")) >= m_weekStart + 7 * kDayMs - 600'000);
    }

    void theRateLimitStormShowsOnItsModel()
    {
        const DemoRecipe::Incident &storm = m_recipe.incidents[0];
        QCOMPARE(storm.kind, DemoRecipe::IncidentKind::RateLimitStorm);
        const auto [from, to] = window(storm);
        const QString sql = QStringLiteral(
            "SELECT COUNT(*), SUM(failure = 'rate_limited') FROM call_attempts WHERE provider = ? AND model LIKE ? "
            "AND (started_ms >= ? AND started_ms < ?) = ?");
        const QVariantList inside { storm.provider, QString(storm.model + QLatin1Char('%')), from, to, true };
        QVariantList outside = inside;
        outside.last() = false;
        auto in = m_connection->exec(sql, inside);
        auto out = m_connection->exec(sql, outside);
        QVERIFY(in && in->next() && out && out->next());
        QVERIFY2(in->value(0).toLongLong() >= 5, "too few attempts inside the storm to judge");
        const double insideRate = in->value(1).toDouble() / in->value(0).toDouble();
        const double outsideRate = out->value(1).toDouble() / out->value(0).toDouble();
        QVERIFY2(insideRate > 0.3, qPrintable(QString::number(insideRate)));
        QVERIFY2(outsideRate < 0.05, qPrintable(QString::number(outsideRate)));
        // Callers were carried through the storm: by a retry after the Retry-After, or by the
        // fallback. Which of the two depends on how the calls' timings interleave, so either counts.
        QVERIFY(scalar(*m_connection, QStringLiteral("SELECT COUNT(*) FROM calls WHERE alias = 'chat-smart' AND status = 'ok' "
                                                     "AND (provider = 'sim-backup' OR attempts > 1) "
                                                     "AND started_ms >= ? AND started_ms < ?"),
                       { from, to }) > 0);
    }

    void theLatencyRegressionShowsOnItsModel()
    {
        const DemoRecipe::Incident &regression = m_recipe.incidents[1];
        QCOMPARE(regression.kind, DemoRecipe::IncidentKind::LatencyRegression);
        const auto [from, to] = window(regression);
        const QString sql = QStringLiteral("SELECT latency_us FROM calls WHERE provider = ? AND model LIKE ? "
                                           "AND NOT streamed AND status = 'ok' AND (started_ms >= ? AND started_ms < ?) = ?");
        const QString model = regression.model + QLatin1Char('%');
        const double inside = median(*m_connection, sql, { regression.provider, model, from, to, true });
        const double outside = median(*m_connection, sql, { regression.provider, model, from, to, false });
        // 2.6 times slower in the recipe; a loaded machine adds the same delay to both sides.
        QVERIFY2(inside > 1.5 * outside, qPrintable(QStringLiteral("%1 vs %2").arg(inside).arg(outside)));
    }

    void theCostSpikeShowsOnItsFeature()
    {
        const DemoRecipe::Incident &spike = m_recipe.incidents[2];
        const auto [from, to] = window(spike);
        const QString sql = QStringLiteral("SELECT AVG(cost_micros) FROM calls WHERE feature = ? "
                                           "AND (started_ms >= ? AND started_ms < ?) = ?");
        auto in = m_connection->exec(sql, { spike.feature, from, to, true });
        auto out = m_connection->exec(sql, { spike.feature, from, to, false });
        QVERIFY(in && in->next() && out && out->next());
        QVERIFY2(in->value(0).toDouble() > 3 * out->value(0).toDouble(),
                 qPrintable(QStringLiteral("%1 vs %2").arg(in->value(0).toDouble()).arg(out->value(0).toDouble())));
    }

    void theSetupIsThere()
    {
        store::Connection &db = *m_connection;
        QCOMPARE(scalar(db, QStringLiteral("SELECT COUNT(*) FROM providers WHERE kind = 'simulated' AND base_url = ''")),
                 qint64(m_recipe.providers.size()));
        QCOMPARE(scalar(db, QStringLiteral("SELECT COUNT(*) FROM pins")), qint64(m_recipe.aliases.size()));
        QCOMPARE(scalar(db, QStringLiteral("SELECT COUNT(*) FROM prompt_labels WHERE label = 'production'")),
                 qint64(m_recipe.features.size()));
        QCOMPARE(scalar(db, QStringLiteral("SELECT COUNT(*) FROM workspace_info WHERE key = 'demo' AND value = 'true'")), 1);
        QVERIFY(scalar(db, QStringLiteral("SELECT COUNT(*) FROM calls WHERE origin = 'gateway' AND prompt_name <> '' AND prompt_version = 1")) == kCalls);

        // The prompts read back through the registry, their stored hashes those of their content,
        // and the support prompt has a staging candidate to compare with production.
        store::PromptRepository repository(db);
        for (const auto &feature : m_recipe.features) {
            auto prompt = repository.load(feature.prompt);
            QVERIFY_OK(prompt);
            for (const auto &version : prompt->versions)
                QCOMPARE(version.contentHash, prompts::contentHash(version.content));
            QCOMPARE(prompt->labelled(prompts::kProductionLabel), std::optional<qint64>(1));
        }
        auto support = repository.load(QStringLiteral("support/answer"));
        QVERIFY_OK(support);
        QCOMPARE(support->labelled(prompts::kStagingLabel), std::optional<qint64>(2));
        QVERIFY(support->version(2)->content.variable(QStringLiteral("vip")));
    }

    // A dataset for each prompt from the week's answers, a run of each production version and
    // of the staging candidate, and production gated on the support dataset, which the
    // candidate does not pass: the Evals page and the gate have something to show.
    void datasetsRunsAndAGateAreThere()
    {
        store::Connection &db = *m_connection;
        QCOMPARE(scalar(db, QStringLiteral("SELECT COUNT(*) FROM datasets")), qint64(m_recipe.features.size()));
        QCOMPARE(scalar(db, QStringLiteral("SELECT COUNT(*) FROM eval_runs WHERE status = 'finished'")), qint64(m_recipe.features.size() + 1));
        QCOMPARE(scalar(db, QStringLiteral("SELECT COUNT(*) FROM eval_results r JOIN calls c ON c.id = r.call_id WHERE c.origin = 'eval'")),
                 scalar(db, QStringLiteral("SELECT COUNT(*) FROM eval_results")));
        QCOMPARE(scalar(db, QStringLiteral("SELECT COUNT(*) FROM label_gates WHERE prompt_name = 'support/answer'")), 1);
        // Production reproduces its own answers; the candidate changes them.
        const auto passRate = [&](int version) {
            return scalar(db, QStringLiteral("SELECT 100 * SUM(x.passed) / COUNT(*) FROM eval_results x JOIN eval_runs r ON r.id = x.run_id "
                                             "WHERE r.prompt_name = 'support/answer' AND r.prompt_version = %1").arg(version));
        };
        QVERIFY2(passRate(1) >= 80 && passRate(2) < passRate(1), qPrintable(QStringLiteral("%1 %2").arg(passRate(1)).arg(passRate(2))));
        auto refused = store::PromptRepository(db).moveLabel(QStringLiteral("support/answer"), QStringLiteral("production"), 2,
                                                             QStringLiteral("promote"), QStringLiteral("test"));
        QVERIFY(!refused);
        QVERIFY2(refused.error().message.contains(QLatin1String("Its best run")), qPrintable(refused.error().message));
    }

    void aWorkspaceWithDataIsRefusedUntouched()
    {
        const qint64 before = scalar(*m_connection, QStringLiteral("SELECT COUNT(*) FROM calls"));
        const DemoResult again = build(m_dir.location(), 10);
        QVERIFY(!again.ok);
        QVERIFY2(again.message.contains(QLatin1String("new or empty workspace")), qPrintable(again.message));
        QCOMPARE(scalar(*m_connection, QStringLiteral("SELECT COUNT(*) FROM calls")), before);
        QCOMPARE(scalar(*m_connection, QStringLiteral("SELECT COUNT(*) FROM providers")), qint64(m_recipe.providers.size()));
    }
};

QTEST_GUILESS_MAIN(TestDemoWorkspace)
#include "tst_demoworkspace.moc"
