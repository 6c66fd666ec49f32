// The Prompts page as a prompt engineer uses it: edit a template, save a version with Ctrl+S,
// promote it to production, roll production back, keep unsaved edits while looking elsewhere,
// and try a version in the playground.
#include "demo/demorecipe.h"
#include "dialoganswer.h"
#include "pagetestsupport.h"
#include "demo/demoworkspace.h"
#include "model/productinfo.h"
#include "prompts/messagetemplateedit.h"
#include "prompts/playgroundpane.h"
#include "prompts/playgroundview.h"
#include "prompts/promptdiffview.h"
#include "prompts/prompteditor.h"
#include "prompts/promptfileactions.h"
#include "prompts/promptlistmodel.h"
#include "prompts/promptlistpanel.h"
#include "prompts/promptspage.h"
#include "prompts/versionhistoryview.h"
#include "resultcheck.h"
#include "store/auditlogrepository.h"
#include "store/connection.h"
#include "store/datasetrepository.h"
#include "store/labelgaterepository.h"
#include "store/promptrepository.h"
#include "store/workspace.h"
#include "temporaryworkspace.h"
#include "testdata.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTest>
#include <QTimer>
#include <QTreeWidget>

using namespace switchboard;
using core::store::Connection;

class TestPromptsPage final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<tests::TemporaryWorkspace> m_temp;
    core::store::WorkspaceSummary m_summary;

    std::unique_ptr<ui::PromptsPage> openPage()
    {
        auto page = std::make_unique<ui::PromptsPage>();
        page->resize(1400, 860);
        page->show();
        // Shortcuts (Ctrl+S) reach only the active window.
        page->activateWindow();
        if (!QTest::qWaitForWindowActive(page.get()))
            return nullptr;
        QSignalSpy loaded(page.get(), &ui::PromptsPage::promptLoaded);
        page->setWorkspace(m_summary);
        if (!loaded.wait(10'000))
            return nullptr;
        return page;
    }

    void selectAndWait(ui::PromptsPage &page, const QString &name)
    {
        if (page.currentPrompt() == name)
            return;
        QSignalSpy loaded(&page, &ui::PromptsPage::promptLoaded);
        page.selectPrompt(name);
        QVERIFY(loaded.wait(10'000));
        QCOMPARE(page.currentPrompt(), name);
    }

    std::optional<qint64> production(const QString &name)
    {
        auto connection = Connection::open(m_temp->location());
        auto prompt = connection ? core::store::PromptRepository(**connection).load(name) : std::unexpected(connection.error());
        return prompt ? prompt->labelled(QString(core::prompts::kProductionLabel)) : std::nullopt;
    }

private Q_SLOTS:
    void initTestCase()
    {
        tests::useOwnSettings("promptspage", QStringLiteral("grace"));
    }

    void init()
    {
        m_temp = std::make_unique<tests::TemporaryWorkspace>();
        QVERIFY_OK(core::store::prepareWorkspace(m_temp->location(), Connection::Mode::CreateIfMissing));
        {
            auto connection = Connection::open(m_temp->location());
            QVERIFY_OK(connection);
            auto recipe = core::demo::DemoRecipe::shipped();
            QVERIFY_OK(recipe);
            // The demo's week began seven days ago: its label moves are all in the past.
            QVERIFY_OK(core::demo::seedDemoWorkspace(**connection, *recipe,
                                                     QDateTime::currentMSecsSinceEpoch() - 7 * 24 * 3'600'000LL));
        }
        auto summary = core::store::prepareWorkspace(m_temp->location());
        QVERIFY_OK(summary);
        m_summary = *summary;
    }

    void editSavePromoteAndRollBack()
    {
        auto page = openPage();
        QVERIFY(page);
        selectAndWait(*page, QStringLiteral("support/answer"));
        QCOMPARE(page->loadedPrompt().versions.size(), 2u);
        QVERIFY(QTest::qWaitForWindowExposed(page.get()));
        // The page fits the console's smallest window on every tab.
        for (int tab = 0; tab < page->tabs()->count(); ++tab) {
            page->tabs()->setCurrentIndex(tab);
            QVERIFY2(page->minimumSizeHint().width() <= 900, qPrintable(QString::number(page->minimumSizeHint().width())));
        }
        page->tabs()->setCurrentIndex(0);
        QTest::qWait(400); // past the editor's lint delay: looking is not editing
        QVERIFY(!page->hasUnsavedEdits(QStringLiteral("support/answer")));
        QVERIFY(page->grab().save(tests::screenshotDir() + QLatin1String("/prompts-editor.png")));

        // Type into the user message, as a person would.
        QPlainTextEdit *user = page->editor()->messageEdit(1)->textEdit();
        user->setFocus();
        user->moveCursor(QTextCursor::End);
        QTest::keyClicks(user, QStringLiteral(" Order: {{order_id}}"));
        QVERIFY(page->hasUnsavedEdits(QStringLiteral("support/answer")));
        QVERIFY(page->tabs()->tabText(0).contains(QLatin1String("unsaved")));
        // The variables panel picked up the new variable.
        QTRY_VERIFY(page->editor()->content().variable(QStringLiteral("order_id")) != nullptr);

        // Ctrl+S asks for a commit message and saves version 3.
        QSignalSpy saved(page.get(), &ui::PromptsPage::saved);
        tests::answerNextDialog(QStringLiteral("Ask for the order number"));
        QTest::keySequence(user, QKeySequence::Save);
        QVERIFY(saved.wait(10'000));
        QCOMPARE(saved.front().at(0).toLongLong(), 3);
        QVERIFY(saved.front().at(1).toBool());
        QVERIFY(!page->hasUnsavedEdits(QStringLiteral("support/answer")));
        QTRY_COMPARE(page->loadedPrompt().versions.size(), 3u);
        QCOMPARE(page->loadedPrompt().latest()->commitMessage, QStringLiteral("Ask for the order number"));
        QCOMPARE(page->loadedPrompt().latest()->author, QStringLiteral("grace"));

        // The diff of production and the new version shows what changed, word by word.
        page->diffView()->compare(1, 3);
        page->tabs()->setCurrentIndex(2);
        QVERIFY2(page->diffView()->summary().contains(QLatin1String("2 messages changed")), qPrintable(page->diffView()->summary()));
        QVERIFY(page->grab().save(tests::screenshotDir() + QLatin1String("/prompts-diff.png")));

        // Saving the same content again makes no version.
        saved.clear();
        page->saveDraft(QStringLiteral("again"));
        QVERIFY(saved.wait(10'000));
        QCOMPARE(saved.front().at(0).toLongLong(), 3);
        QVERIFY(!saved.front().at(1).toBool());

        // Promote v3: one click, a reason, and production moves.
        page->tabs()->setCurrentIndex(1);
        page->history()->selectVersion(3);
        QSignalSpy moved(page.get(), &ui::PromptsPage::labelMoved);
        tests::answerNextDialog(QStringLiteral("Reviewed: asks for order numbers"));
        QTest::mouseClick(page->history()->promoteButton(), Qt::LeftButton);
        QVERIFY(moved.wait(10'000));
        QCOMPARE(production(QStringLiteral("support/answer")), std::optional<qint64>(3));
        QVERIFY(page->grab().save(tests::screenshotDir() + QLatin1String("/prompts-history.png")));

        // Roll back: production returns to where it was, v1.
        moved.clear();
        QVERIFY(page->history()->rollbackButton()->isEnabled());
        tests::answerNextDialog(QStringLiteral("Refusals went up"));
        QTest::mouseClick(page->history()->rollbackButton(), Qt::LeftButton);
        QVERIFY(moved.wait(10'000));
        QCOMPARE(production(QStringLiteral("support/answer")), std::optional<qint64>(1));
        QTRY_COMPARE(page->history()->timeline()->topLevelItemCount(), 4); // production x3, staging
        QCOMPARE(page->history()->timeline()->topLevelItem(0)->text(4), QStringLiteral("Refusals went up"));

        auto connection = Connection::open(m_temp->location());
        QVERIFY_OK(connection);
        auto audit = core::store::AuditLogRepository(**connection).list(QStringLiteral("prompt"), QStringLiteral("support/answer"));
        QVERIFY_OK(audit);
        QCOMPARE(audit->front().action, QStringLiteral("label.move"));
        QCOMPARE(audit->front().reason, QStringLiteral("Refusals went up"));
        QCOMPARE(audit->front().actor, QStringLiteral("grace"));

        // Gated on a dataset, production cannot move to a version without a passing run, and
        // the page says why and how to get one.
        core::evals::DatasetItem item;
        item.input = { { "variables", { { "question", "Where is my order?" } } } };
        QVERIFY_OK(core::store::DatasetRepository(**connection).addItems(QStringLiteral("answers"), { item }, QStringLiteral("grace")));
        QVERIFY_OK(core::store::LabelGateRepository(**connection)
                       .set({ QStringLiteral("support/answer"), QStringLiteral("production"), QStringLiteral("answers"), 0.9 },
                            QStringLiteral("grace")));
        page->history()->selectVersion(2);
        tests::answerNextDialog(QStringLiteral("Try the staging version"));
        QTest::mouseClick(page->history()->promoteButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(page->statusText().contains(QLatin1String("needs a finished eval run on dataset \"answers\"")), 10'000);
        QVERIFY2(page->statusText().contains(QLatin1String("switchboard-cli eval --prompt support/answer@2")), qPrintable(page->statusText()));
        QCOMPARE(production(QStringLiteral("support/answer")), std::optional<qint64>(1));
        QVERIFY(page->grab().save(tests::screenshotDir() + QLatin1String("/prompts-gate-refused.png")));
    }

    // Two consoles on one prompt: the second to save is told who saved first, keeps its edits,
    // sees the other version, and saves after it.
    void aSaveAfterAnotherConsolesIsRefusedAndTheEditsKept()
    {
        auto page = openPage();
        QVERIFY(page);
        const QString name = QStringLiteral("support/triage");
        selectAndWait(*page, name);
        const auto before = static_cast<qint64>(page->loadedPrompt().versions.size());
        QPlainTextEdit *user = page->editor()->messageEdit(1)->textEdit();
        user->setFocus();
        user->moveCursor(QTextCursor::End);
        QTest::keyClicks(user, QStringLiteral(" Be terse."));
        QVERIFY(page->hasUnsavedEdits(name));
        {
            auto other = Connection::open(m_temp->location());
            QVERIFY_OK(other);
            auto theirs = page->loadedPrompt().latest()->content;
            theirs.messages.front().text += QStringLiteral(" Use the customer's words.");
            QVERIFY_OK(core::store::PromptRepository(**other).saveVersion(name, theirs, QStringLiteral("From the other console"), QStringLiteral("grace")));
        }
        QSignalSpy refused(page.get(), &ui::PromptsPage::saveRefused);
        page->saveDraft(QStringLiteral("Terse answers"));
        QVERIFY(refused.wait(10'000));
        QVERIFY2(page->statusText().contains(QStringLiteral("grace saved version %1").arg(before + 1)), qPrintable(page->statusText()));
        QVERIFY(page->hasUnsavedEdits(name));
        QTRY_COMPARE(static_cast<qint64>(page->loadedPrompt().versions.size()), before + 1);
        QTest::qWait(300); // the list reads the prompts again: the refusal stays in view
        QVERIFY2(page->statusText().startsWith(QLatin1String("Not saved: grace")), qPrintable(page->statusText()));
        const ui::PromptListModel *listed = page->promptList()->model();
        QTRY_COMPARE(listed->promptAt(listed->rowOf(name))->latestVersion, before + 1);
        QVERIFY(page->grab().save(tests::screenshotDir() + QLatin1String("/prompts-save-conflict.png")));

        QSignalSpy saved(page.get(), &ui::PromptsPage::saved);
        page->saveDraft(QStringLiteral("Terse answers, after grace's"));
        QVERIFY(saved.wait(10'000));
        QCOMPARE(saved.front().at(0).toLongLong(), before + 2);
    }

    void unsavedEditsSurviveSwitchingPrompts()
    {
        auto page = openPage();
        QVERIFY(page);
        selectAndWait(*page, QStringLiteral("docs/summarize"));
        QPlainTextEdit *system = page->editor()->messageEdit(0)->textEdit();
        system->moveCursor(QTextCursor::End);
        QTest::keyClicks(system, QStringLiteral(" Keep it short."));
        const QString edited = system->toPlainText();

        selectAndWait(*page, QStringLiteral("support/triage"));
        QVERIFY(page->editor()->messageEdit(0)->textEdit()->toPlainText() != edited);
        selectAndWait(*page, QStringLiteral("docs/summarize"));
        QCOMPARE(page->editor()->messageEdit(0)->textEdit()->toPlainText(), edited);
        QVERIFY(page->hasUnsavedEdits(QStringLiteral("docs/summarize")));

        // Undo is the editor's own.
        page->editor()->messageEdit(0)->textEdit()->undo();
        QVERIFY(page->editor()->messageEdit(0)->textEdit()->toPlainText() != edited);
    }

    void anUndefinedVariableBlocksSaving()
    {
        auto page = openPage();
        QVERIFY(page);
        selectAndWait(*page, QStringLiteral("support/triage"));
        QPlainTextEdit *user = page->editor()->messageEdit(1)->textEdit();
        user->moveCursor(QTextCursor::End);
        QTest::keyClicks(user, QStringLiteral(" {{#items}}"));
        page->saveDraft(QStringLiteral("broken"));
        // The unclosed section is reported where the user looks; nothing is written.
        QVERIFY(page->editor()->blockingProblems().join(u' ').contains(QLatin1String("items")));
        auto connection = Connection::open(m_temp->location());
        QVERIFY_OK(connection);
        auto prompt = core::store::PromptRepository(**connection).load(QStringLiteral("support/triage"));
        QVERIFY_OK(prompt);
        QTRY_VERIFY(!page->statusText().isEmpty());
        QCOMPARE(prompt->versions.size(), 1u);
    }

    void importReportsProblemsInlineAndKeepsTheWorkspace()
    {
        auto page = openPage();
        QVERIFY(page);
        const auto write = [this](const QString &name, const QByteArray &bytes) {
            const QString path = m_temp->path(name);
            QFile file(path);
            return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size() ? path : QString();
        };
        QSignalSpy finished(page.get(), &ui::PromptsPage::importFinished);
        page->fileActions()->importFile(write(QStringLiteral("bad.json"), tests::testData(QStringLiteral("prompts/langfuse-bad.json"))));
        QVERIFY(finished.wait(10'000));
        QVERIFY2(page->statusText().contains(QLatin1String("Nothing was imported")), qPrintable(page->statusText()));
        QVERIFY(page->grab().save(tests::screenshotDir() + QLatin1String("/prompts-import-error.png")));

        finished.clear();
        QSignalSpy listed(page.get(), &ui::PromptsPage::promptsListed);
        page->fileActions()->importFile(
            write(QStringLiteral("langfuse.json"), tests::testData(QStringLiteral("prompts/langfuse-export.json"))));
        QVERIFY(finished.wait(10'000));
        QVERIFY2(page->statusText().startsWith(QLatin1String("Imported")), qPrintable(page->statusText()));
        QVERIFY(listed.wait(10'000));
        QTRY_COMPARE(page->currentPrompt(), QStringLiteral("movie-critic"));
    }

    void playgroundStreamsAndComparesTwoVersions()
    {
        auto page = openPage();
        QVERIFY(page);
        selectAndWait(*page, QStringLiteral("support/answer"));
        page->tabs()->setCurrentIndex(3);
        ui::PlaygroundView *playground = page->playground();
        playground->pane(0)->selectVersion(1);
        playground->pane(1)->selectVersion(2);
        playground->setComparing(true);
        playground->setValue(QStringLiteral("product"), QStringLiteral("Switchboard"));
        playground->setValue(QStringLiteral("question"), QStringLiteral("How do I rotate a key?"));
        playground->setValue(QStringLiteral("tone"), QStringLiteral("calm"));
        QSignalSpy finished(playground, &ui::PlaygroundView::runFinished);
        playground->run();
        QVERIFY(finished.wait(30'000));
        for (int pane = 0; pane < 2; ++pane) {
            QVERIFY2(!playground->pane(pane)->output().isEmpty(), qPrintable(playground->pane(pane)->metrics()));
            QVERIFY2(playground->pane(pane)->metrics().contains(QLatin1String("ok")), qPrintable(playground->pane(pane)->metrics()));
        }
        QVERIFY(page->grab().save(tests::screenshotDir() + QLatin1String("/prompts-playground.png")));
    }
};

QTEST_MAIN(TestPromptsPage)
#include "tst_promptspage.moc"
