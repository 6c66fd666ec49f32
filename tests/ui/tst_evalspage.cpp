// The Evals page as a prompt engineer uses it: import a dataset, run a prompt version on it with
// progress, read each case's verdicts and reasons, cancel a run and resume it, and compare two
// runs with regressions first.
#include "common/noticeline.h"
#include "demofixture.h"
#include "evals/evalresultsview.h"
#include "evals/evalspage.h"
#include "pagetestsupport.h"
#include "resultcheck.h"
#include "store/workspace.h"

#include <QFile>
#include <QFileInfo>
#include <QProgressBar>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableWidget>
#include <QTest>
#include <QTextBrowser>

using namespace switchboard;
using core::evals::EvalRun;
using core::evals::EvalRunStatus;

namespace {

const QByteArray kTickets = "tests:\n"
                            "  - vars: {ticket: I was charged twice for March.}\n"
                            "    assert: [{type: is-json}, {type: json-path, path: $.category, value: billing}]\n"
                            "  - vars: {ticket: The export button crashes the app.}\n"
                            "    assert: [{type: is-json}]\n"
                            "  - vars: {ticket: \"How do I add a teammate?\"}\n"
                            "    assert: [{type: is-json}, {type: max-output-tokens, threshold: 400}]\n";

core::evals::EvalRunSpec spec(const QString &alias, int repeats)
{
    core::evals::EvalRunSpec spec;
    spec.promptName = QStringLiteral("support/triage");
    spec.promptVersion = 1;
    spec.alias = alias;
    spec.dataset = QStringLiteral("tickets");
    spec.repeats = repeats;
    spec.concurrency = 2;
    return spec;
}

} // namespace

class TestEvalsPage final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { tests::useOwnSettings("evalspage", QStringLiteral("prompt-engineer")); }

    void importRunReadCancelResumeCompare()
    {
        tests::DemoFixture fixture;
        QVERIFY(fixture.isReady());
        auto summary = core::store::prepareWorkspace(fixture.location());
        QVERIFY_OK(summary);
        ui::EvalsPage page;
        page.resize(1180, 760);
        page.show();
        QSignalSpy refreshed(&page, &ui::EvalsPage::refreshed);
        page.setWorkspace(*summary);
        QVERIFY(refreshed.wait(10'000));
        QVERIFY(page.contents().datasets.empty());

        const QString file = QFileInfo(fixture.location().target()).absolutePath() + QStringLiteral("/tickets.yaml");
        QFile yaml(file);
        QVERIFY(yaml.open(QIODevice::WriteOnly));
        yaml.write(kTickets);
        yaml.close();
        page.importDataset(file, QStringLiteral("tickets"));
        QTRY_VERIFY2_WITH_TIMEOUT(page.contents().datasets.size() == 1, qPrintable(page.notice()->text()), 10'000);
        QCOMPARE(page.datasetTable()->item(0, 2)->text(), QStringLiteral("3"));
        QVERIFY(page.notice()->text().contains(QLatin1String("Imported 3 item(s) into tickets")));

        // A run on the fast model, with progress, and its cases with their reasons.
        QSignalSpy ended(&page, &ui::EvalsPage::runEnded);
        page.startRun(spec(QStringLiteral("chat-fast"), 2));
        QVERIFY(page.progress()->isVisible());
        QVERIFY(ended.wait(30'000));
        const EvalRun fast = ended.takeFirst().front().value<EvalRun>();
        QCOMPARE(fast.status, EvalRunStatus::Finished);
        QCOMPARE(fast.done, 6);
        QVERIFY(!page.progress()->isVisible());
        QTRY_COMPARE_WITH_TIMEOUT(page.runTable()->rowCount(), 1, 10'000);
        QTRY_COMPARE_WITH_TIMEOUT(page.resultsView()->table()->rowCount(), 6, 10'000);
        QVERIFY(page.resultsView()->detail()->toPlainText().contains(QLatin1String("is-json")));

        // A run cancelled after its first case keeps what it did and resumes with the rest.
        QSignalSpy progress(page.progress(), &QProgressBar::valueChanged);
        page.startRun(spec(QStringLiteral("chat-smart"), 4));
        QTRY_VERIFY_WITH_TIMEOUT(page.progress()->value() >= 1, 30'000);
        page.cancelRun();
        QVERIFY(ended.wait(30'000));
        const EvalRun cancelled = ended.takeFirst().front().value<EvalRun>();
        QCOMPARE(cancelled.status, EvalRunStatus::Cancelled);
        QVERIFY(cancelled.done < 12);
        QTRY_COMPARE_WITH_TIMEOUT(page.runTable()->rowCount(), 2, 10'000);
        page.runTable()->selectRow(0); // newest first
        QVERIFY(page.notice()->text().contains(QLatin1String("Resume asks the rest")));
        page.resumeSelected();
        QVERIFY(ended.wait(30'000));
        const EvalRun resumed = ended.takeFirst().front().value<EvalRun>();
        QCOMPARE(resumed.id, cancelled.id);
        QCOMPARE(resumed.status, EvalRunStatus::Finished);
        QCOMPARE(resumed.done, 12);
        QTRY_COMPARE_WITH_TIMEOUT(page.contents().runs.front().status, EvalRunStatus::Finished, 10'000);
        QTRY_COMPARE_WITH_TIMEOUT(page.resultsView()->table()->rowCount(), 12, 10'000);
        QVERIFY(page.grab().toImage().save(tests::screenshotDir() + QLatin1String("/evals-runs.png")));

        // Both runs selected: compared, the older as the baseline.
        page.runTable()->selectAll();
        page.showSelection();
        QTRY_VERIFY_WITH_TIMEOUT(page.comparisonView()->toPlainText().contains(QLatin1String("against")), 10'000);
        const QString comparison = page.comparisonView()->toPlainText();
        QVERIFY2(comparison.contains(QStringLiteral("#%1 support/triage@1 against #%2").arg(resumed.id).arg(fast.id)), qPrintable(comparison));
        QVERIFY(comparison.contains(QLatin1String("Pass rate")));
        QVERIFY(comparison.contains(QLatin1String("item 1: ticket: I was charged twice for March.")));
        QVERIFY(page.grab().toImage().save(tests::screenshotDir() + QLatin1String("/evals-compare.png")));

        page.tabs()->setCurrentIndex(1);
        QVERIFY(page.grab().toImage().save(tests::screenshotDir() + QLatin1String("/evals-datasets.png")));
    }

    void aRunThatCannotStartSaysWhy()
    {
        tests::DemoFixture fixture;
        QVERIFY(fixture.isReady());
        auto summary = core::store::prepareWorkspace(fixture.location());
        QVERIFY_OK(summary);
        ui::EvalsPage page;
        QSignalSpy refreshed(&page, &ui::EvalsPage::refreshed);
        page.setWorkspace(*summary);
        QVERIFY(refreshed.wait(10'000));
        QSignalSpy failed(&page, &ui::EvalsPage::failed);
        page.startRun(spec(QStringLiteral("chat-fast"), 1));
        QVERIFY(failed.wait(20'000));
        QVERIFY2(failed.front().front().toString().contains(QLatin1String("no dataset \"tickets\"")), qPrintable(failed.front().front().toString()));
        QVERIFY(page.notice()->isProblem());
    }
};

QTEST_MAIN(TestEvalsPage)
#include "tst_evalspage.moc"
