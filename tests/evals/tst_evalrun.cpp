// Eval runs on the demo workspace's simulated providers: every case asked and judged, results
// kept per case with their reasons, the dataset version a run saw, cancel then resume asking
// only the rest, rubric assertions judged by a model through the executor, and a label that
// a gate keeps from moving until a run passes.
#include "demofixture.h"
#include "evals/evalbatch.h"
#include "prompts/prompt.h"
#include "resultcheck.h"
#include "store/callrepository.h"
#include "store/datasetrepository.h"
#include "store/evalrunrepository.h"
#include "store/labelgaterepository.h"
#include "store/promptrepository.h"

#include <QSignalSpy>
#include <QTest>

using namespace switchboard;
using namespace switchboard::core;
using nlohmann::json;

namespace {

evals::DatasetItem ticket(const QString &text, json assertions)
{
    evals::DatasetItem item;
    item.input = { { "variables", { { "ticket", text.toStdString() } } } };
    item.assertions = std::move(assertions);
    return item;
}

json isJson()
{
    return json::array({ { { "type", "is-json" } } });
}

evals::EvalRunSpec triageSpec(const QString &dataset)
{
    evals::EvalRunSpec spec;
    spec.promptName = QStringLiteral("support/triage");
    spec.promptVersion = 1;
    spec.dataset = dataset;
    spec.concurrency = 3;
    return spec;
}

// Runs the batch until it ends; the run it ended with, or nothing when it failed.
std::optional<evals::EvalRun> runToEnd(evals::EvalBatch &batch, const std::function<void()> &begin, QString *failure = nullptr)
{
    QSignalSpy finished(&batch, &evals::EvalBatch::finished);
    QSignalSpy failed(&batch, &evals::EvalBatch::failed);
    begin();
    (void)QTest::qWaitFor([&] { return !finished.isEmpty() || !failed.isEmpty(); }, 60'000);
    if (!failed.isEmpty()) {
        if (failure)
            *failure = failed.front().front().toString();
        return std::nullopt;
    }
    if (finished.isEmpty())
        return std::nullopt;
    return finished.front().front().value<evals::EvalRun>();
}

} // namespace

class TestEvalRun final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aRunAsksEveryCaseAndKeepsEachVerdictWithItsReason()
    {
        tests::DemoFixture fixture;
        QVERIFY(fixture.isReady());
        store::DatasetRepository datasets(fixture.connection());
        QVERIFY_OK(datasets.addItems(QStringLiteral("triage-golden"),
                                     { ticket(QStringLiteral("I was charged twice this month."), isJson()),
                                       ticket(QStringLiteral("The export button does nothing."),
                                              json::array({ { { "type", "contains" }, { "value", "never-in-any-answer" } } })),
                                       evals::DatasetItem { 0, { { "variables", { { "tikcet", "typo in the variable" } } } }, {}, isJson(), {} } },
                                     QStringLiteral("test")));

        evals::EvalBatch batch(fixture.workspace());
        evals::EvalRunSpec spec = triageSpec(QStringLiteral("triage-golden"));
        spec.repeats = 2;
        QSignalSpy cases(&batch, &evals::EvalBatch::caseFinished);
        const auto run = runToEnd(batch, [&] { batch.start(spec); });
        QVERIFY(run);
        QCOMPARE(run->status, evals::EvalRunStatus::Finished);
        QCOMPARE(run->cases, 6);
        QCOMPARE(run->done, 6);
        QCOMPARE(cases.size(), 6);
        QCOMPARE(run->passed, 2);  // the JSON item, twice
        QCOMPARE(run->errored, 2); // the item the prompt cannot render, twice: never asked
        QCOMPARE(run->resolvedAlias, QStringLiteral("chat-fast"));
        QCOMPARE(run->datasetVersion, 1);
        QVERIFY(run->costMicros > 0);

        auto results = store::EvalRunRepository(fixture.connection()).results(run->id);
        QVERIFY_OK(results);
        QCOMPARE(results->size(), std::size_t(6));
        const evals::EvalCaseResult &json = results->at(0);
        QVERIFY(json.passed);
        QCOMPARE(json.verdicts.size(), std::size_t(1));
        QCOMPARE(json.verdicts[0].reason, QStringLiteral("is JSON"));
        const evals::EvalCaseResult &missed = results->at(2);
        QVERIFY(!missed.passed);
        QVERIFY(missed.error.isEmpty());
        QVERIFY2(missed.verdicts[0].reason.startsWith(QStringLiteral("does not contain")), qPrintable(missed.verdicts[0].reason));
        const evals::EvalCaseResult &unrendered = results->at(4);
        QVERIFY(unrendered.callId.isEmpty());
        QVERIFY2(unrendered.error.contains(QStringLiteral("tikcet")), qPrintable(unrendered.error));

        // Each case's call is in the log as an eval call of this run, so dashboards can leave it out.
        fixture.workspace().flush();
        auto call = store::CallRepository(fixture.connection()).load(json.callId);
        QVERIFY_OK(call);
        QVERIFY(*call);
        QCOMPARE((*call)->record.origin, CallOrigin::Eval);
        QVERIFY((*call)->record.tags.contains(QStringLiteral("eval-run:%1").arg(run->id)));
        QCOMPARE((*call)->record.promptName, QStringLiteral("support/triage"));
    }

    void aRunKeepsTheDatasetVersionItSaw()
    {
        tests::DemoFixture fixture;
        QVERIFY(fixture.isReady());
        store::DatasetRepository datasets(fixture.connection());
        QVERIFY_OK(datasets.addItems(QStringLiteral("d"), { ticket(QStringLiteral("one"), isJson()) }, QStringLiteral("test")));
        evals::EvalBatch batch(fixture.workspace());
        const auto run = runToEnd(batch, [&] { batch.start(triageSpec(QStringLiteral("d"))); });
        QVERIFY(run);
        QVERIFY_OK(datasets.addItems(QStringLiteral("d"), { ticket(QStringLiteral("two"), isJson()) }, QStringLiteral("test")));

        auto loaded = store::EvalRunRepository(fixture.connection()).load(run->id);
        QVERIFY_OK(loaded);
        QCOMPARE((*loaded)->datasetVersion, 1);
        QCOMPARE((*loaded)->cases, 1);
        auto seen = datasets.items(QStringLiteral("d"), 1);
        QVERIFY_OK(seen);
        QCOMPARE(seen->size(), std::size_t(1));
        auto now = datasets.items(QStringLiteral("d"));
        QVERIFY_OK(now);
        QCOMPARE(now->size(), std::size_t(2));
    }

    void aCancelledRunResumesWithOnlyTheCasesLeft()
    {
        tests::DemoFixture fixture;
        QVERIFY(fixture.isReady());
        std::vector<evals::DatasetItem> items;
        for (int i = 0; i < 24; ++i)
            items.push_back(ticket(QStringLiteral("Ticket number %1").arg(i), isJson()));
        QVERIFY_OK(store::DatasetRepository(fixture.connection()).addItems(QStringLiteral("many"), items, QStringLiteral("test")));

        evals::EvalRunSpec spec = triageSpec(QStringLiteral("many"));
        spec.concurrency = 2;
        std::optional<evals::EvalRun> cancelled;
        QStringList firstCalls;
        {
            evals::EvalBatch batch(fixture.workspace());
            connect(&batch, &evals::EvalBatch::caseFinished, &batch, [&](const evals::EvalCaseResult &result) {
                firstCalls << result.callId;
                if (firstCalls.size() == 3)
                    batch.cancel();
            });
            cancelled = runToEnd(batch, [&] { batch.start(spec); });
        }
        QVERIFY(cancelled);
        QCOMPARE(cancelled->status, evals::EvalRunStatus::Cancelled);
        QVERIFY2(cancelled->done >= 3 && cancelled->done < 24, qPrintable(QString::number(cancelled->done)));
        QVERIFY(!cancelled->message.isEmpty());

        evals::EvalBatch again(fixture.workspace());
        QSignalSpy cases(&again, &evals::EvalBatch::caseFinished);
        const auto resumed = runToEnd(again, [&] { again.resume(cancelled->id); });
        QVERIFY(resumed);
        QCOMPARE(resumed->id, cancelled->id);
        QCOMPARE(resumed->status, evals::EvalRunStatus::Finished);
        QCOMPARE(resumed->done, 24);
        QCOMPARE(cases.size(), 24 - cancelled->done); // only the rest were asked

        auto results = store::EvalRunRepository(fixture.connection()).results(cancelled->id);
        QVERIFY_OK(results);
        QCOMPARE(results->size(), std::size_t(24));
        for (const QString &call : std::as_const(firstCalls).first(3)) // what was done before stays as it was
            QVERIFY(std::ranges::any_of(*results, [&](const evals::EvalCaseResult &r) { return r.callId == call; }));

        QString failure;
        evals::EvalBatch finished(fixture.workspace());
        QVERIFY(!runToEnd(finished, [&] { finished.resume(cancelled->id); }, &failure));
        QVERIFY2(failure.contains(QStringLiteral("nothing left")), qPrintable(failure));
    }

    void aRubricIsJudgedByAModelAndItsReasonKept()
    {
        tests::DemoFixture fixture;
        QVERIFY(fixture.isReady());
        QVERIFY_OK(store::DatasetRepository(fixture.connection())
                       .addItems(QStringLiteral("rubric"),
                                 { ticket(QStringLiteral("Refund please"),
                                          json::array({ { { "type", "llm-rubric" }, { "value", "Names a category for the ticket" } } })) },
                                 QStringLiteral("test")));
        evals::EvalBatch batch(fixture.workspace());
        evals::EvalRunSpec spec = triageSpec(QStringLiteral("rubric"));
        spec.judge = QStringLiteral("extract-json");
        const auto run = runToEnd(batch, [&] { batch.start(spec); });
        QVERIFY(run);
        auto results = store::EvalRunRepository(fixture.connection()).results(run->id);
        QVERIFY_OK(results);
        QCOMPARE(results->size(), std::size_t(1));
        const evals::AssertionVerdict &verdict = results->front().verdicts.at(0);
        QCOMPARE(verdict.assertion, QStringLiteral("llm-rubric"));
        QVERIFY2(verdict.reason.startsWith(QStringLiteral("the judge ")), qPrintable(verdict.reason));
        QCOMPARE(results->front().passed, verdict.passed);

        // The judge's call is logged too, under the call it graded.
        fixture.workspace().flush();
        auto children = fixture.connection().exec(QStringLiteral("SELECT COUNT(*) FROM calls WHERE parent_id = ? AND origin = 'eval'"),
                                                  { results->front().callId });
        QVERIFY_OK(children);
        QVERIFY(children->next());
        QCOMPARE(children->value(0).toInt(), 1);
    }

    void aGatedLabelMovesOnlyAfterAPassingRun()
    {
        tests::DemoFixture fixture;
        QVERIFY(fixture.isReady());
        const QString prompt = QStringLiteral("support/answer");
        store::DatasetRepository datasets(fixture.connection());
        evals::DatasetItem answerable;
        answerable.input = { { "variables", { { "product", "Northwind" }, { "question", "How do I reset my password?" } } } };
        answerable.assertions = json::array({ { { "type", "max-output-tokens" }, { "threshold", 100000 } } });
        QVERIFY_OK(datasets.addItems(QStringLiteral("answers"), { answerable }, QStringLiteral("test")));
        store::LabelGateRepository gates(fixture.connection());
        QVERIFY_OK(gates.set({ prompt, QStringLiteral("production"), QStringLiteral("answers"), 0.9 }, QStringLiteral("test")));

        store::PromptRepository prompts(fixture.connection());
        auto refused = prompts.moveLabel(prompt, QStringLiteral("production"), 2, QStringLiteral("promote"), QStringLiteral("test"));
        QCOMPARE(tests::codeOf(refused), QStringLiteral("conflict"));
        QVERIFY2(refused.error().message.contains(QStringLiteral("no finished run")), qPrintable(refused.error().message));

        // A run that fails everything is not enough, and the refusal says how far it got.
        QVERIFY_OK(datasets.addItems(QStringLiteral("strict"), { [&] {
                                         evals::DatasetItem item = answerable;
                                         item.assertions = json::array({ { { "type", "equals" }, { "value", "no answer is this" } } });
                                         return item;
                                     }() },
                                     QStringLiteral("test")));
        QVERIFY_OK(gates.set({ prompt, QStringLiteral("production"), QStringLiteral("strict"), 0.9 }, QStringLiteral("test")));
        evals::EvalRunSpec spec { prompt, 2, {}, QStringLiteral("strict"), 1, 2, {} };
        evals::EvalBatch failing(fixture.workspace());
        QVERIFY(runToEnd(failing, [&] { failing.start(spec); }));
        refused = prompts.moveLabel(prompt, QStringLiteral("production"), 2, QStringLiteral("promote"), QStringLiteral("test"));
        QCOMPARE(tests::codeOf(refused), QStringLiteral("conflict"));
        QVERIFY2(refused.error().message.contains(QStringLiteral("passed 0.0 %")), qPrintable(refused.error().message));

        QVERIFY_OK(gates.set({ prompt, QStringLiteral("production"), QStringLiteral("answers"), 0.9 }, QStringLiteral("test")));
        spec.dataset = QStringLiteral("answers");
        evals::EvalBatch passing(fixture.workspace());
        const auto run = runToEnd(passing, [&] { passing.start(spec); });
        QVERIFY(run);
        QCOMPARE(run->passRate(), 1.0);
        QVERIFY_OK(prompts.moveLabel(prompt, QStringLiteral("production"), 2, QStringLiteral("promote"), QStringLiteral("test")));
        // Rolling back to the version production held before is never held up.
        QVERIFY_OK(prompts.moveLabel(prompt, QStringLiteral("production"), 1, QStringLiteral("roll back"), QStringLiteral("test")));
        // A label without a gate moves freely.
        QVERIFY_OK(prompts.moveLabel(prompt, QStringLiteral("canary"), 2, QStringLiteral("try"), QStringLiteral("test")));
    }

    void aRunThatCannotStartSaysWhy()
    {
        tests::DemoFixture fixture;
        QVERIFY(fixture.isReady());
        QString failure;
        evals::EvalBatch missing(fixture.workspace());
        QVERIFY(!runToEnd(missing, [&] { missing.start(triageSpec(QStringLiteral("nope"))); }, &failure));
        QVERIFY2(failure.contains(QStringLiteral("no dataset \"nope\"")), qPrintable(failure));

        QVERIFY_OK(store::DatasetRepository(fixture.connection())
                       .addItems(QStringLiteral("bad"), { ticket(QStringLiteral("x"), json::array({ { { "type", "contians" } } })) },
                                 QStringLiteral("test")));
        evals::EvalBatch bad(fixture.workspace());
        QVERIFY(!runToEnd(bad, [&] { bad.start(triageSpec(QStringLiteral("bad"))); }, &failure));
        QVERIFY2(failure.contains(QStringLiteral("Unknown assertion type \"contians\"")), qPrintable(failure));

        evals::EvalRunSpec spec = triageSpec(QStringLiteral("bad"));
        spec.promptVersion = 9;
        evals::EvalBatch version(fixture.workspace());
        QVERIFY(!runToEnd(version, [&] { version.start(spec); }, &failure));
        QVERIFY2(failure.contains(QStringLiteral("9")), qPrintable(failure));
    }
};

QTEST_GUILESS_MAIN(TestEvalRun)
#include "tst_evalrun.moc"
