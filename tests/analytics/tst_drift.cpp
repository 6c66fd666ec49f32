// Drift detection on traffic the simulated provider answers through the executor: a baseline
// week and a recent day drawn from one profile do not drift; a recent day in which the model
// behind a name silently changes (answers half as long, 6 % refusals) drifts on output
// length, cost per call, refusal rate and finish-reason mix but not on invalid outputs; a
// drift rule opens an alert naming the feature and what drifted, and resolves when a normal
// day follows. Calls are stamped with times in the windows as the demo stamps its week.
#include "analytics/alertcheck.h"
#include "analytics/driftsample.h"
#include "analytics/statistics.h"
#include "execute/callexecution.h"
#include "execute/executor.h"
#include "execute/outcomerecord.h"
#include "model/callid.h"
#include "providers/sim/simulatedprovider.h"
#include "resultcheck.h"
#include "store/batchwriter.h"
#include "store/connection.h"
#include "store/encodedcall.h"
#include "store/workspace.h"
#include "temporaryworkspace.h"

#include <QDateTime>
#include <QTest>

#include <algorithm>
#include <cmath>

using namespace switchboard;
using namespace switchboard::core;
using core::analytics::DriftMetricKind;
using core::analytics::DriftReport;
using core::store::AlertRule;

namespace {

constexpr qint64 kDayMs = 86'400'000;
constexpr int kCallsPerDay = 250;
constexpr int kConcurrency = 24;

const qint64 kNow = QDateTime::fromString(QStringLiteral("2026-03-10T12:00:00Z"), Qt::ISODate).toMSecsSinceEpoch();
const QString kSupport = QStringLiteral("support-answer");
const QString kTriage = QStringLiteral("ticket-triage");

// A silent model update: answers half as long, and one in sixteen refused.
providers::sim::SimConditions shifted()
{
    providers::sim::SimConditions conditions;
    conditions.outputTokensFactor = 0.5;
    conditions.refusalRate = 0.06;
    return conditions;
}

// The model each feature's alias is pinned to: conditions apply to one of them only.
QString modelOf(const QString &feature)
{
    return QStringLiteral("sim-small-") + feature;
}

const analytics::DriftMetric &metric(const DriftReport &report, DriftMetricKind kind)
{
    const auto found = std::ranges::find(report.metrics, kind, &analytics::DriftMetric::kind);
    if (found == report.metrics.end())
        qFatal("the report has no such metric");
    return *found;
}

} // namespace

class TestDrift final : public QObject
{
    Q_OBJECT

private:
    tests::TemporaryWorkspace m_dir;
    std::unique_ptr<providers::sim::SimulatedProvider> m_sim;
    execute::SteadyClock m_clock;
    execute::SystemRandom m_random;
    std::unique_ptr<execute::Executor> m_executor;
    std::unique_ptr<store::Connection> m_connection;
    int m_question = 0;

    // Runs `calls` calls of a feature through the executor against the simulated provider,
    // stamps them evenly over [fromMs, toMs) and writes them as the recorder does.
    void generate(const QString &feature, qint64 fromMs, qint64 toMs, int calls)
    {
        ProviderConfig provider;
        provider.name = QStringLiteral("sim");
        provider.kind = ProviderKind::Simulated;
        provider.baseUrl = m_sim->baseUrl() + QLatin1String("/v1");
        std::vector<store::EncodedCall> written;
        int started = 0;
        int finished = 0;
        while (finished < calls) {
            while (started < calls && started - finished < kConcurrency) {
                const qint64 at = fromMs + (toMs - fromMs) * started / calls;
                ++started;
                execute::CallSpec spec;
                spec.request.model = feature;
                // Each question its own: the simulated answer's length follows from the request.
                ++m_question;
                spec.request.messages.push_back(ChatMessage::text(
                    Role::User, QStringLiteral("Question %1 from a customer: where is order %2?")
                               .arg(m_question, 6, 10, QLatin1Char('0'))
                               .arg(m_question * 7919 % 1'000'000, 6, 10, QLatin1Char('0'))));
                spec.feature = feature;
                spec.tenant = QStringLiteral("acme");
                spec.origin = CallOrigin::Gateway;
                spec.targets.push_back({ provider, modelOf(feature) });
                spec.deadlineMs = 20'000;
                execute::CallExecution *execution = m_executor->start(std::move(spec));
                connect(execution, &execute::CallExecution::finished, this, [&, at](const execute::CallOutcome &outcome) {
                    store::RecordedCall call = execute::recordOf(outcome);
                    call.record.startedMs = at;
                    call.record.id = callIdAt(at);
                    written.push_back(store::encodeForWriting(std::move(call)));
                    ++finished;
                });
            }
            const int before = finished;
            if (!QTest::qWaitFor([&] { return finished > before; }, 30'000))
                qFatal("the simulated provider stopped answering");
        }
        store::BatchWriter writer(*m_connection, 16);
        const auto stored = writer.write(written);
        if (!stored)
            qFatal("%s", qPrintable(stored.error().message));
    }

    // Seven days of one feature's normal traffic before the recent day.
    void baselineWeek(const QString &feature)
    {
        generate(feature, kNow - 8 * kDayMs, kNow - kDayMs, 7 * kCallsPerDay);
    }

    DriftReport judge(const QString &feature, qint64 nowMs = kNow, qint64 minCalls = 200)
    {
        analytics::DriftSettings settings;
        settings.minCalls = minCalls;
        auto report = analytics::readDrift(*m_connection, feature, analytics::driftWindows(nowMs, 1440), settings);
        if (!report)
            qFatal("%s", qPrintable(report.error().message));
        return *report;
    }

    AlertRule driftRule()
    {
        AlertRule rule;
        rule.name = QStringLiteral("Answers drifted");
        rule.kind = AlertRule::Kind::Drift;
        rule.threshold = 0.01;
        rule.forMinutes = 1440;
        rule.minCalls = 200;
        return rule;
    }

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        const QString file = QString::fromLatin1(QTest::currentTestFunction()) + QStringLiteral(".switchboard");
        QVERIFY_OK(store::prepareWorkspace(m_dir.location(file), store::Connection::Mode::CreateIfMissing));
        auto connection = store::Connection::open(m_dir.location(file));
        QVERIFY_OK(connection);
        m_connection = std::move(*connection);
        m_sim = std::make_unique<providers::sim::SimulatedProvider>(providers::sim::SimulatedProvider::Settings { 7, 0.001, true });
        QVERIFY(m_sim->listen(QHostAddress::LocalHost, 0));
        m_executor = std::make_unique<execute::Executor>(execute::ExecutorSettings {}, m_clock, m_random, providers::KeyResolver {},
                                                         pricing::PriceBook::simulated());
    }
    void cleanup()
    {
        m_executor.reset();
        m_sim.reset();
        m_connection.reset();
    }

    void oneProfileDoesNotDrift()
    {
        baselineWeek(kSupport);
        generate(kSupport, kNow - kDayMs, kNow, kCallsPerDay);
        const DriftReport report = judge(kSupport);
        QVERIFY(!report.tooFew);
        QCOMPARE(report.baselineCalls, qint64(7 * kCallsPerDay));
        QCOMPARE(report.recentCalls, qint64(kCallsPerDay));
        QCOMPARE(report.metrics.size(), std::size_t(5));
        for (const analytics::DriftMetric &m : report.metrics)
            QVERIFY2(!m.drifted(), qPrintable(m.text));
        QVERIFY2(!report.drifted(), qPrintable(report.summary()));
        QVERIFY(report.summary().startsWith(QStringLiteral("support-answer: no drift")));
        for (const analytics::DriftMetric &m : report.metrics)
            qInfo().noquote() << m.text;
        // The answers were real: about the profile's median of 120 tokens, on both sides.
        const analytics::DriftMetric &length = metric(report, DriftMetricKind::OutputLength);
        QVERIFY2(length.baseline > 90 && length.baseline < 150, qPrintable(length.text));
        QVERIFY2(length.recent > 90 && length.recent < 150, qPrintable(length.text));
    }

    void aSilentModelChangeDrifts()
    {
        baselineWeek(kSupport);
        m_sim->setConditions(modelOf(kSupport), shifted());
        generate(kSupport, kNow - kDayMs, kNow, kCallsPerDay);
        const DriftReport report = judge(kSupport);
        QVERIFY(!report.tooFew);
        QVERIFY2(report.drifted(), qPrintable(report.summary()));

        const analytics::DriftMetric &length = metric(report, DriftMetricKind::OutputLength);
        QVERIFY2(length.drifted(), qPrintable(length.text));
        QVERIFY2(length.recent < 0.7 * length.baseline, qPrintable(length.text));
        QVERIFY2(metric(report, DriftMetricKind::CostPerCall).drifted(), qPrintable(report.summary()));
        const analytics::DriftMetric &refusals = metric(report, DriftMetricKind::RefusalRate);
        QVERIFY2(refusals.drifted(), qPrintable(refusals.text));
        QCOMPARE(refusals.baseline, 0.0);
        QVERIFY2(refusals.recent > 0.02 && refusals.recent < 0.12, qPrintable(refusals.text));
        QVERIFY(refusals.statistic > 4);
        const analytics::DriftMetric &finish = metric(report, DriftMetricKind::FinishReasons);
        QVERIFY2(finish.drifted(), qPrintable(finish.text));
        QVERIFY(finish.category == analytics::FinishReasonClass::Refusal);
        // Nothing asked for JSON: no invalid outputs on either side, nothing to say.
        QVERIFY(!metric(report, DriftMetricKind::InvalidOutputRate).drifted());

        const QString summary = report.summary();
        qInfo().noquote() << summary;
        QVERIFY2(summary.startsWith(QStringLiteral("support-answer: output length drifted (KS D=")), qPrintable(summary));
        QVERIFY2(summary.contains(QStringLiteral("refusal rate 0.0 %→")), qPrintable(summary));
        QVERIFY2(summary.contains(QStringLiteral("p<0.001")), qPrintable(summary));
        QVERIFY2(!summary.contains(QStringLiteral("invalid-output")), qPrintable(summary));
    }

    void tooFewCallsAreNotJudged()
    {
        baselineWeek(kSupport);
        m_sim->setConditions(modelOf(kSupport), shifted());
        generate(kSupport, kNow - kDayMs, kNow, 60);
        const DriftReport report = judge(kSupport);
        QVERIFY(report.tooFew);
        QVERIFY(!report.drifted());
        QVERIFY(report.metrics.empty());
        QVERIFY2(report.summary().startsWith(QStringLiteral("support-answer: too few calls to judge (1750 baseline and 60 recent")),
                 qPrintable(report.summary()));
        // The same calls with a lower minimum are judged, and the shift shows.
        QVERIFY(judge(kSupport, kNow, 50).drifted());
    }

    void aHugeWindowIsSampled()
    {
        generate(kSupport, kNow - kDayMs, kNow, 300);
        auto whole = analytics::readDriftSample(*m_connection, kSupport, kNow - kDayMs, kNow);
        QVERIFY_OK(whole);
        QCOMPARE(whole->calls, qint64(300));
        QVERIFY(!whole->sampled);
        auto sample = analytics::readDriftSample(*m_connection, kSupport, kNow - kDayMs, kNow, 100);
        QVERIFY_OK(sample);
        QCOMPARE(sample->calls, qint64(100));
        QVERIFY(sample->sampled);
        // Spread over the window, not its newest hours: the sample's median answer is the window's.
        QVERIFY(std::fabs(analytics::stats::quantile(sample->outputTokens, 0.5) - analytics::stats::quantile(whole->outputTokens, 0.5))
                < 25);
    }

    void theDriftRuleOpensAnAlertAndResolvesIt()
    {
        // Two features; only support-answer's model changes on the recent day.
        baselineWeek(kSupport);
        baselineWeek(kTriage);
        generate(kTriage, kNow - kDayMs, kNow, kCallsPerDay);
        m_sim->setConditions(modelOf(kSupport), shifted());
        generate(kSupport, kNow - kDayMs, kNow, kCallsPerDay);

        store::AlertRepository alerts(*m_connection);
        auto rule = alerts.saveRule(driftRule(), QStringLiteral("test"), kNow - 10 * kDayMs);
        QVERIFY_OK(rule);
        auto check = analytics::checkAlerts(*m_connection, kNow, 54'000);
        QVERIFY_OK(check);
        QCOMPARE(check->judged, 1);
        QCOMPARE(check->changed, 1);
        auto open = alerts.openAlert(rule->id);
        QVERIFY_OK(open);
        QVERIFY(open->has_value());
        const QString summary = (*open)->summary;
        QVERIFY2(summary.startsWith(QStringLiteral("support-answer: output length drifted (KS D=")), qPrintable(summary));
        QVERIFY2(summary.contains(QStringLiteral("refusal rate")), qPrintable(summary));
        QVERIFY2(!summary.contains(kTriage), qPrintable(summary));
        QVERIFY((*open)->value < 0.001); // the strongest p-value

        // Judged again within nine minutes: the lease says not yet.
        check = analytics::checkAlerts(*m_connection, kNow + 5 * 60'000, 54'000);
        QVERIFY_OK(check);
        QCOMPARE(check->judged, 0);

        // The provider rolls the change back; a normal day follows and the alert resolves.
        m_sim->clearConditions();
        generate(kSupport, kNow, kNow + kDayMs, kCallsPerDay);
        generate(kTriage, kNow, kNow + kDayMs, kCallsPerDay);
        check = analytics::checkAlerts(*m_connection, kNow + kDayMs, 54'000);
        QVERIFY_OK(check);
        QCOMPARE(check->changed, 1);
        open = alerts.openAlert(rule->id);
        QVERIFY_OK(open);
        QVERIFY(!open->has_value());
        auto history = alerts.alerts();
        QVERIFY_OK(history);
        QCOMPARE(history->size(), std::size_t(1));
        QVERIFY(history->front().resolvedMs);
    }

    void ruleValidation()
    {
        AlertRule rule = driftRule();
        QVERIFY(store::AlertRepository::problemWith(rule).isEmpty());
        rule.dimension = QStringLiteral("model");
        rule.value = QStringLiteral("gpt");
        QVERIFY(store::AlertRepository::problemWith(rule).contains(QStringLiteral("feature")));
        rule = driftRule();
        rule.threshold = 0.5;
        QVERIFY(store::AlertRepository::problemWith(rule).contains(QStringLiteral("significance")));
        rule = driftRule();
        rule.forMinutes = 10;
        QVERIFY(!store::AlertRepository::problemWith(rule).isEmpty());
        rule = driftRule();
        rule.minCalls = 5;
        QVERIFY(!store::AlertRepository::problemWith(rule).isEmpty());
        QCOMPARE(store::nameOf(AlertRule::Kind::Drift), QStringLiteral("drift"));
        QVERIFY(store::alertKindFromString(u"drift") == AlertRule::Kind::Drift);
    }
};

QTEST_GUILESS_MAIN(TestDrift)
#include "tst_drift.moc"
