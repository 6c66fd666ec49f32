// Two runs side by side: regressions first (largest drop first), then fixes, items failing in
// both, passing in both, and those only one run saw; the pass-rate, cost and latency deltas;
// the CI gate's verdict; and the JUnit report CI systems read, which must be valid XML whose
// counts match the run and which fails exactly when the gate does.
#include "evals/evalcomparison.h"
#include "evals/junitreport.h"

#include <QTest>
#include <QXmlStreamReader>

using namespace switchboard::core;
using namespace switchboard::core::evals;

namespace {

EvalCaseResult result(qint64 item, int repeat, bool passed, qint64 latencyMs = 100, qint64 costMicros = 10)
{
    EvalCaseResult out;
    out.itemId = item;
    out.repeat = repeat;
    out.passed = passed;
    out.latencyMs = latencyMs;
    out.costMicros = costMicros;
    out.output = QStringLiteral("answer %1").arg(item);
    if (!passed)
        out.verdicts.push_back({ QStringLiteral("contains"), false, 0, QStringLiteral("does not contain \"refund\"") });
    return out;
}

EvalRun finishedRun(qint64 id, const std::vector<EvalCaseResult> &results, int repeats = 1)
{
    EvalRun run;
    run.id = id;
    run.spec.promptName = QStringLiteral("support/answer");
    run.spec.promptVersion = id;
    run.spec.dataset = QStringLiteral("golden");
    run.spec.repeats = repeats;
    run.status = EvalRunStatus::Finished;
    run.cases = static_cast<int>(results.size());
    tally(run, results);
    return run;
}

} // namespace

class TestEvalComparison final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void regressionsComeFirstThenFixes()
    {
        // Two repeats per item. 1: 2/2 -> 1/2 (regressed by half); 2: 2/2 -> 0/2 (regressed
        // wholly); 3: 0/2 -> 2/2 (fixed); 4: 0/2 -> 0/2; 5: 2/2 -> 2/2; 6 only in the
        // baseline; 7 only in the candidate; 8: 1/2 -> 2/2 (fixed by half).
        const std::vector<EvalCaseResult> before { result(1, 0, true), result(1, 1, true), result(2, 0, true), result(2, 1, true),
                                                   result(3, 0, false), result(3, 1, false), result(4, 0, false), result(4, 1, false),
                                                   result(5, 0, true), result(5, 1, true), result(6, 0, true), result(6, 1, true),
                                                   result(8, 0, true), result(8, 1, false) };
        const std::vector<EvalCaseResult> after { result(1, 0, true, 300, 30), result(1, 1, false, 300, 30), result(2, 0, false),
                                                  result(2, 1, false), result(3, 0, true), result(3, 1, true), result(4, 0, false),
                                                  result(4, 1, false), result(5, 0, true), result(5, 1, true), result(7, 0, true),
                                                  result(7, 1, true), result(8, 0, true), result(8, 1, true) };
        const RunComparison comparison = compareRuns(finishedRun(1, before, 2), before, finishedRun(2, after, 2), after);

        std::vector<qint64> order;
        for (const ItemComparison &item : comparison.items)
            order.push_back(item.itemId);
        QCOMPARE(order, (std::vector<qint64> { 2, 1, 3, 8, 4, 5, 6, 7 }));
        QCOMPARE(comparison.items[0].change, ItemComparison::Change::Regressed);
        QCOMPARE(comparison.items[2].change, ItemComparison::Change::Fixed);
        QCOMPARE(comparison.items[4].change, ItemComparison::Change::StillFailing);
        QCOMPARE(comparison.items[5].change, ItemComparison::Change::StillPassing);
        QCOMPARE(comparison.items[6].change, ItemComparison::Change::OnlyInBaseline);
        QCOMPARE(comparison.items[7].change, ItemComparison::Change::OnlyInCandidate);
        QCOMPARE(comparison.regressions, 2);
        QCOMPARE(comparison.fixes, 2);
        // Item 1's candidate cases took 200 ms and 20 micro-dollars more on average.
        QCOMPARE(comparison.items[1].latencyDeltaMs, 200);
        QCOMPARE(comparison.items[1].costDeltaMicros, 20);
        QCOMPARE(comparison.items[1].candidateFailures, QStringList { QStringLiteral("#2 contains: does not contain \"refund\"") });
        // 9 of 14 passed in each: the same pass rate can hide two regressions.
        QCOMPARE(comparison.baseline.passRate(), 9.0 / 14);
        QCOMPARE(comparison.passRateDelta, 0.0);
        QCOMPARE(comparison.latencyP95DeltaMs, 200);
    }

    void assertionsAreTalliedByKind()
    {
        std::vector<EvalCaseResult> results { result(1, 0, true), result(2, 0, false), result(3, 0, false) };
        results[0].verdicts.push_back({ QStringLiteral("is-json"), true, 1, QStringLiteral("is JSON") });
        results[1].verdicts.push_back({ QStringLiteral("is-json"), true, 1, QStringLiteral("is JSON") });
        const auto tallies = tallyAssertions(results);
        QCOMPARE(tallies.size(), std::size_t(2));
        QCOMPARE(tallies[0], (AssertionTally { QStringLiteral("is-json"), 2, 2 }));
        QCOMPARE(tallies[1], (AssertionTally { QStringLiteral("contains"), 0, 2 }));
        QCOMPARE(describe(tallies), QStringLiteral("is-json 2/2 · contains 0/2"));
    }

    void theGateNeedsTheThresholdAndNoDropAgainstTheBaseline()
    {
        const std::vector<EvalCaseResult> nine { result(1, 0, true), result(2, 0, true), result(3, 0, true), result(4, 0, true),
                                                 result(5, 0, true), result(6, 0, true), result(7, 0, true), result(8, 0, true),
                                                 result(9, 0, true), result(10, 0, false) };
        const EvalRun run = finishedRun(2, nine);
        QVERIFY(gateVerdict(run, 0.9, std::nullopt).passed);
        const GateVerdict high = gateVerdict(run, 0.95, std::nullopt);
        QVERIFY(!high.passed);
        QCOMPARE(high.reasons.front(), QStringLiteral("pass rate 90.0 % is below the threshold 95.0 %"));

        std::vector<EvalCaseResult> all = nine;
        all.back().passed = true;
        const RunComparison worse = compareRuns(finishedRun(1, all), all, run, nine);
        const GateVerdict dropped = gateVerdict(run, 0.9, worse);
        QVERIFY(!dropped.passed);
        QCOMPARE(dropped.reasons.last(), QStringLiteral("pass rate 90.0 % against the baseline's 100.0 % (1 regressed, 0 fixed)"));

        EvalRun cancelled = run;
        cancelled.status = EvalRunStatus::Cancelled;
        QVERIFY(!gateVerdict(cancelled, 0.5, std::nullopt).passed);
    }

    void theJUnitReportIsValidAndCountsWhatFailed()
    {
        std::vector<EvalCaseResult> results { result(1, 0, true), result(2, 0, false), result(3, 0, false) };
        results[2].verdicts.clear();
        results[2].error = QStringLiteral("The provider answered 500 <server error> & gave up");
        results[0].callId = QStringLiteral("01JCALL");
        const EvalRun run = finishedRun(7, results);
        DatasetItem item;
        item.id = 1;
        item.input = { { "variables", { { "question", "Where is my <refund>?" } } } };
        const GateVerdict gate = gateVerdict(run, 0.9, std::nullopt);
        const QByteArray xml = junitReport(run, results, { item }, gate, std::nullopt);

        QXmlStreamReader reader(xml);
        int testcases = 0;
        int failures = 0;
        int errors = 0;
        QString suiteTests;
        QString suiteFailures;
        QStringList names;
        while (!reader.atEnd()) {
            reader.readNext();
            if (!reader.isStartElement())
                continue;
            if (reader.name() == QLatin1String("testsuite")) {
                suiteTests = reader.attributes().value(QLatin1String("tests")).toString();
                suiteFailures = reader.attributes().value(QLatin1String("failures")).toString();
            } else if (reader.name() == QLatin1String("testcase")) {
                ++testcases;
                names << reader.attributes().value(QLatin1String("name")).toString();
            } else if (reader.name() == QLatin1String("failure")) {
                ++failures;
            } else if (reader.name() == QLatin1String("error")) {
                ++errors;
            }
        }
        QVERIFY2(!reader.hasError(), qPrintable(reader.errorString()));
        QCOMPARE(testcases, 4); // the gate, then one per case
        QCOMPARE(failures, 2);  // item 2 and the gate (1 of 3 is below 90 %)
        QCOMPARE(errors, 1);
        QCOMPARE(suiteTests, QStringLiteral("4"));
        QCOMPARE(suiteFailures, QStringLiteral("2"));
        QVERIFY(names.contains(QStringLiteral("item 1: question: Where is my <refund>?")));
        QVERIFY(names.front().startsWith(QStringLiteral("pass rate 33.3 %")));
    }
};

QTEST_GUILESS_MAIN(TestEvalComparison)
#include "tst_evalcomparison.moc"
