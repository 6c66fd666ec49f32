// Support's path from a complaint to a reproduction: filter the log by what the customer
// said, open the call, replay it three times exactly, read that every run gave the original
// answer; then replay it on another model and read the words that differ.
#include "execute/callexecution.h"
#include "execute/workspaceexecutor.h"
#include "demo/demorecipe.h"
#include "demo/demoworkspace.h"
#include "common/messagebanner.h"
#include "mainwindow/mainwindow.h"
#include "pagetestsupport.h"
#include "replay/reprobundle.h"
#include "requests/callactions.h"
#include "requests/calldetailview.h"
#include "requests/calllogmodel.h"
#include "requests/filterbar.h"
#include "requests/replaydialog.h"
#include "requests/requestspage.h"
#include "requests/triagedialog.h"
#include "resultcheck.h"
#include "store/connection.h"
#include "store/workspace.h"
#include "temporaryworkspace.h"
#include "windowtestsupport.h"

#include <QFile>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTabWidget>
#include <QTest>
#include <QTextBrowser>
#include <QToolButton>
#include <QTreeWidget>

using namespace switchboard;
using core::store::Connection;

class TestReplayDialog final : public QObject
{
    Q_OBJECT

    std::unique_ptr<tests::TemporaryWorkspace> m_temp;
    QString m_callId;
    QString m_answer;

private Q_SLOTS:
    void initTestCase()
    {
        tests::useOwnSettings("replaydialog", QStringLiteral("sam"));
        m_temp = std::make_unique<tests::TemporaryWorkspace>();
        QVERIFY_OK(core::store::prepareWorkspace(m_temp->location(), Connection::Mode::CreateIfMissing));
        {
            auto connection = Connection::open(m_temp->location());
            QVERIFY_OK(connection);
            auto recipe = core::demo::DemoRecipe::shipped();
            QVERIFY_OK(recipe);
            QVERIFY_OK(core::demo::seedDemoWorkspace(**connection, *recipe, QDateTime::currentMSecsSinceEpoch()));
            QVERIFY_OK((*connection)->exec(QStringLiteral(
                "UPDATE providers SET settings_json = '{\"time_scale\": 0.01, \"faults\": false}'")));
        }
        // The customer's call, as the gateway would have made it.
        core::execute::WorkspaceExecutor workspace(m_temp->location());
        QVERIFY_OK(workspace.prepare());
        auto target = workspace.targetForAlias(QStringLiteral("chat-fast"));
        QVERIFY_OK(target);
        core::execute::CallSpec spec;
        spec.request.model = QStringLiteral("chat-fast");
        spec.request.messages.push_back(
            core::ChatMessage::text(core::Role::User, QStringLiteral("My kumquat order arrived damaged, what now?")));
        spec.request.temperature = 0.7;
        spec.request.stream = true;
        spec.targets.push_back(*target);
        spec.tenant = QStringLiteral("acme");
        spec.feature = QStringLiteral("support-answer");
        spec.userId = QStringLiteral("acme-user-12");
        auto *execution = workspace.start(std::move(spec));
        QSignalSpy finished(execution, &core::execute::CallExecution::finished);
        QVERIFY(finished.wait(20'000));
        const auto outcome = finished.front().front().value<core::execute::CallOutcome>();
        QCOMPARE(outcome.record.status, core::CallStatus::Ok);
        m_callId = outcome.record.id;
        m_answer = outcome.response->choices.front().message.plainText();
        workspace.flush();
    }

    void filterOpenReplayAndCompare()
    {
        ui::MainWindow window;
        QVERIFY(tests::openOnPage(window, m_temp->location(), QStringLiteral("requests")));
        auto *page = window.findChild<ui::RequestsPage *>();
        QVERIFY(page);

        QVERIFY(page->filterBar()->applyText(QStringLiteral("kumquat")));
        QTRY_VERIFY_WITH_TIMEOUT(page->model()->isExhausted() && !page->model()->isLoading(), 10'000);
        QCOMPARE(page->model()->rowCount(), 1);
        QTRY_COMPARE(page->detail()->callId(), m_callId);
        QTRY_VERIFY(page->detail()->replayButton()->isEnabled());
        page->detail()->replayButton()->click();
        auto *dialog = page->findChild<ui::ReplayDialog *>();
        QVERIFY(dialog);
        QVERIFY(QTest::qWaitForWindowExposed(dialog));

        // Three exact runs: all give the original answer.
        QSignalSpy done(dialog, &ui::ReplayDialog::replaysFinished);
        dialog->setRuns(3);
        dialog->runButton()->click();
        QVERIFY(dialog->isRunning());
        QVERIFY(!dialog->runButton()->isEnabled());
        QVERIFY(done.wait(20'000));
        QCOMPARE(dialog->runs()->rowCount(), 3);
        for (int row = 0; row < 3; ++row) {
            QCOMPARE(dialog->runs()->item(row, 0)->text(), QString::number(row + 1));
            QCOMPARE(dialog->runs()->item(row, 4)->text(), QStringLiteral("same as the original"));
        }
        const QString summary = dialog->summary()->text();
        QVERIFY2(summary.contains(QLatin1String("<b>3 of 3</b> answered")), qPrintable(summary));
        QVERIFY2(summary.contains(QLatin1String("<b>3</b> identical to the original")), qPrintable(summary));
        QVERIFY2(summary.contains(QLatin1String("<b>1</b> distinct answer")), qPrintable(summary));
        QCOMPARE(dialog->original()->toPlainText(), m_answer);
        QCOMPARE(dialog->replayed()->toPlainText(), m_answer);
        QTest::qWait(50); // the summary's second line is laid out
        QVERIFY(dialog->grab().save(tests::screenshotDir() + QLatin1String("/replay-exact.png")));

        // Another model answers otherwise; the words that differ are marked on both sides.
        dialog->setChange(ui::ReplayDialog::Change::Model, QStringLiteral("chat-smart"));
        dialog->setRuns(1);
        dialog->runButton()->click();
        QVERIFY(done.wait(20'000));
        QCOMPARE(dialog->runs()->rowCount(), 1);
        QCOMPARE(dialog->runs()->item(0, 4)->text(), QStringLiteral("differs"));
        QVERIFY2(dialog->summary()->text().contains(QLatin1String("sim-large")), qPrintable(dialog->summary()->text()));
        QVERIFY(dialog->summary()->text().contains(QLatin1String("<b>0</b> identical to the original")));
        QVERIFY(dialog->replayed()->toHtml().contains(QLatin1String("#cdeccd"))); // added words
        QVERIFY(dialog->original()->toHtml().contains(QLatin1String("#fbd6d6"))); // removed words
        QTest::qWait(50);
        QVERIFY(dialog->grab().save(tests::screenshotDir() + QLatin1String("/replay-model.png")));

        // A change that cannot be made says why, in the window.
        dialog->setChange(ui::ReplayDialog::Change::Prompt, QStringLiteral("@2"));
        dialog->runButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(dialog->banner()->isVisible(), 10'000);
        QVERIFY2(dialog->banner()->text().contains(QLatin1String("did not render a prompt")), qPrintable(dialog->banner()->text()));
        QVERIFY(dialog->runButton()->isEnabled());

        // The same call opens the same window; the replays are in the log, linked to it.
        QCOMPARE(page->openReplay(m_callId), dialog);
        QVERIFY(page->filterBar()->applyText(QStringLiteral("origin:replay")));
        QTRY_VERIFY_WITH_TIMEOUT(page->model()->isExhausted() && !page->model()->isLoading(), 10'000);
        QCOMPARE(page->model()->rowCount(), 4);
        QCOMPARE(page->model()->callAt(0)->parentId, m_callId);
        dialog->close();

        // The call's detail: the conversation, its stream on the timeline, its replays beside it.
        page->filterBar()->enter(m_callId);
        QTRY_COMPARE(page->detail()->callId(), m_callId);
        QTRY_COMPARE_WITH_TIMEOUT(page->detail()->related()->topLevelItemCount(), 4, 10'000);
        QCOMPARE(page->detail()->related()->topLevelItem(0)->text(0), QStringLiteral("replay"));
        QVERIFY(page->detail()->conversation()->toPlainText().contains(QLatin1String("My kumquat order arrived damaged")));
        QVERIFY(page->detail()->conversation()->toPlainText().contains(m_answer.left(40)));
        auto *tabs = page->detail()->findChild<QTabWidget *>();
        QVERIFY(tabs);
        tabs->setCurrentIndex(1); // Timing
        QVERIFY(window.grab().save(tests::screenshotDir() + QLatin1String("/requests-timing.png")));
        tabs->setCurrentIndex(0);
        QVERIFY(window.grab().save(tests::screenshotDir() + QLatin1String("/requests-conversation.png")));
        // A replay opens from there, and names its source.
        QTreeWidgetItem *replayItem = page->detail()->related()->topLevelItem(0);
        const QString replayId = replayItem->text(4);
        Q_EMIT page->detail()->related()->itemActivated(replayItem, 0);
        QTRY_COMPARE(page->detail()->callId(), replayId);
        // Its source first, then the same user's other calls: the three other replays.
        QTRY_COMPARE_WITH_TIMEOUT(page->detail()->related()->topLevelItemCount(), 4, 10'000);
        QCOMPARE(page->detail()->related()->topLevelItem(0)->text(0), QStringLiteral("its source"));
        QCOMPARE(page->detail()->related()->topLevelItem(1)->text(0), QStringLiteral("same user"));
        QCOMPARE(page->detail()->related()->topLevelItem(0)->text(4), m_callId);

        // The call exported as a bundle, with its replays; imported again, nothing doubles.
        QVERIFY(page->filterBar()->applyText(QStringLiteral("kumquat origin:gateway"))); // not its replays
        QTRY_VERIFY_WITH_TIMEOUT(page->model()->isExhausted() && !page->model()->isLoading(), 10'000);
        QCOMPARE(page->model()->rowCount(), 1);
        page->table()->selectRow(0);
        QVERIFY(page->exportButton()->isEnabled());
        QCOMPARE(page->selectedCallIds(), QStringList { m_callId });
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("repro.json"));
        QSignalSpy exported(page->actions(), &ui::CallActions::exported);
        page->actions()->exportCalls(page->selectedCallIds(), path, QStringLiteral("sam"));
        QVERIFY(exported.wait(10'000));
        QVERIFY2(page->notice()->text().contains(QLatin1String("Exported 5 calls")), qPrintable(page->notice()->text()));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const auto bundle = core::replay::bundleFromBytes(file.readAll());
        QVERIFY_OK(bundle);
        QCOMPARE(bundle->calls.front().record.id, m_callId);
        QSignalSpy imported(page->actions(), &ui::CallActions::imported);
        page->actions()->importFile(path, QStringLiteral("sam"));
        QVERIFY(imported.wait(10'000));
        QVERIFY2(page->notice()->text().contains(QLatin1String("Imported 0 calls (5 already here)")), qPrintable(page->notice()->text()));
        QTRY_COMPARE(page->detail()->callId(), m_callId); // the bundle's call is opened
        QTRY_VERIFY(page->detail()->replayButton()->isEnabled() && page->model()->rowCount() == 1);
        QVERIFY(window.grab().save(tests::screenshotDir() + QLatin1String("/requests-bundle.png")));

        QSignalSpy failed(page->actions(), &ui::CallActions::failed);
        QFile broken(dir.filePath(QStringLiteral("broken.json")));
        QVERIFY(broken.open(QIODevice::WriteOnly));
        broken.write("<html>502 Bad Gateway</html>");
        broken.close();
        page->actions()->importFile(broken.fileName(), QStringLiteral("sam"));
        QVERIFY(failed.wait(10'000));
        QVERIFY2(page->notice()->text().contains(QLatin1String("not JSON")), qPrintable(page->notice()->text()));
        QVERIFY(page->notice()->text().contains(QLatin1String("Nothing was imported")));

        // The call goes to a dataset, its answer the reference; a second time it is there already.
        QTRY_COMPARE(page->model()->rowCount(), 1);
        page->table()->selectRow(0);
        QVERIFY(page->datasetButton()->isEnabled());
        QSignalSpy added(page->actions(), &ui::CallActions::addedToDataset);
        page->actions()->addToDataset({ m_callId }, QStringLiteral("damaged-orders"), QStringLiteral("sam"));
        QVERIFY(added.wait(10'000));
        QVERIFY2(page->notice()->text().contains(QLatin1String("Added 1 call to the dataset damaged-orders (now version 1)")),
                 qPrintable(page->notice()->text()));
        page->actions()->addToDataset({ m_callId }, QStringLiteral("damaged-orders"), QStringLiteral("sam"));
        QVERIFY(added.wait(10'000));
        QVERIFY2(page->notice()->text().contains(QLatin1String("has these calls already")), qPrintable(page->notice()->text()));
        QVERIFY(window.grab().save(tests::screenshotDir() + QLatin1String("/requests-dataset.png")));

        // Support triage on the customer: their calls that day, exported without what they wrote.
        page->filterBar()->enter(m_callId);
        QTRY_VERIFY(page->detail()->callId() == m_callId && page->detail()->triageButton()->isEnabled());
        page->detail()->triageButton()->click();
        auto *triage = page->findChild<ui::TriageDialog *>();
        QVERIFY(triage);
        QSignalSpy triaged(triage, &ui::TriageDialog::loaded);
        QVERIFY(triaged.wait(10'000));
        QCOMPARE(triaged.front().front().toInt(), 5); // the call and its four replays
        QCOMPARE(triage->timeline()->topLevelItemCount(), 5);
        QVERIFY2(triage->summary()->text().contains(QLatin1String("5 calls")), qPrintable(triage->summary()->text()));
        QVERIFY(triage->timeline()->topLevelItem(1)->text(1).contains(QLatin1String("(replay)")));
        QVERIFY(QTest::qWaitForWindowExposed(triage));
        QVERIFY(triage->grab().save(tests::screenshotDir() + QLatin1String("/triage.png")));
        const QString redactedPath = dir.filePath(QStringLiteral("triage.json"));
        triage->exportTo(redactedPath);
        QVERIFY(exported.wait(10'000));
        QFile redacted(redactedPath);
        QVERIFY(redacted.open(QIODevice::ReadOnly));
        const QByteArray redactedBytes = redacted.readAll();
        QVERIFY(!redactedBytes.contains("kumquat"));
        QCOMPARE(core::replay::bundleFromBytes(redactedBytes)->calls.size(), std::size_t(5));
        // A double click opens the call in the log.
        Q_EMIT triage->timeline()->itemActivated(triage->timeline()->topLevelItem(2), 0);
        QTRY_VERIFY(page->detail()->callId() != m_callId);
        triage->close();
    }
};

QTEST_MAIN(TestReplayDialog)
#include "tst_replaydialog.moc"
