// The console shell: pages, workspace opening, errors, recent workspaces, window state.
#include "common/emptystate.h"
#include "common/messagebanner.h"
#include "common/page.h"
#include "mainwindow/mainwindow.h"
#include "model/productinfo.h"
#include "temporaryworkspace.h"
#include "overview/overviewpage.h"
#include "overview/headlinetiles.h"
#include "requests/calllogmodel.h"
#include "requests/requestspage.h"
#include "workspace/demoprogressdialog.h"
#include "workspace/recentworkspaces.h"

#include <QDir>
#include <QFile>
#include <QLabel>
#include <QListWidget>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QPointer>
#include <QPushButton>
#include <QSqlQuery>
#include <QTableWidget>
#include <QTest>

using namespace switchboard;

class TestMainWindow final : public QObject
{
    Q_OBJECT

private:
    static bool openAndWait(ui::MainWindow &window, const core::store::WorkspaceLocation &location)
    {
        QSignalSpy opened(&window, &ui::MainWindow::workspaceOpened);
        window.openWorkspace(location, core::store::Connection::Mode::CreateIfMissing);
        return opened.wait(10000);
    }

    static QString screenshotDir()
    {
        const QString base = qEnvironmentVariable("SWITCHBOARD_TEST_OUTPUT", QDir::tempPath());
        const QString dir = base + QLatin1String("/screenshots");
        QDir().mkpath(dir);
        return dir;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        core::applyProductIdentity();
        QSettings().clear();
    }

    void init() { QSettings().clear(); }

    void everyPageRendersWithItsEmptyState()
    {
        tests::TemporaryWorkspace temp;
        ui::MainWindow window;
        window.resize(1180, 760);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(openAndWait(window, temp.location()));

        const QStringList expected { QStringLiteral("overview"), QStringLiteral("requests"),
                                     QStringLiteral("prompts"),  QStringLiteral("models"),
                                     QStringLiteral("routing"),  QStringLiteral("evals"),
                                     QStringLiteral("budgets"),  QStringLiteral("alerts"),
                                     QStringLiteral("settings") };
        QCOMPARE(window.pageIds(), expected);
        for (const QString &id : expected) {
            QVERIFY(window.showPage(id));
            QCOMPARE(window.currentPage()->description().id, id);
            QVERIFY(window.currentPage()->isVisible());
            // Every page says something: either its content or an empty state with a title and
            // an explanation of how to fill it.
            const auto *empty = window.currentPage()->findChild<ui::EmptyState *>();
            if (id != QLatin1String("settings")) {
                QVERIFY2(empty && empty->isVisible(), qPrintable(id));
                const auto *title = empty->findChild<QLabel *>(QStringLiteral("emptyStateTitle"));
                const auto *body = empty->findChild<QLabel *>(QStringLiteral("emptyStateBody"));
                QVERIFY2(title && !title->text().isEmpty(), qPrintable(id));
                QVERIFY2(body && body->text().size() > 100, qPrintable(id));
            }
            const QImage shot = window.grab().toImage();
            QVERIFY(!shot.isNull());
            QVERIFY(shot.save(screenshotDir() + QLatin1Char('/') + id + QLatin1String(".png")));
        }
    }

    void statusBarAndSettingsShowTheOpenWorkspace()
    {
        tests::TemporaryWorkspace temp;
        ui::MainWindow window;
        window.show();
        QVERIFY(openAndWait(window, temp.location(QStringLiteral("team-ops.switchboard"))));
        const auto *status = window.findChild<QLabel *>(QStringLiteral("workspaceLabel"));
        QVERIFY(status);
        QVERIFY(status->text().contains(QStringLiteral("team-ops")));
        QVERIFY(status->text().contains(temp.dir()));
        QVERIFY(window.windowTitle().startsWith(QStringLiteral("team-ops")));
        QVERIFY(window.workspace().has_value());
        QVERIFY(!window.workspace()->info.id.isEmpty());
        QVERIFY(window.showPage(QStringLiteral("settings")));
        bool idShown = false;
        for (const QLabel *label : window.currentPage()->findChildren<QLabel *>())
            idShown = idShown || (label->isVisible() && label->text() == window.workspace()->info.id);
        QVERIFY(idShown);
    }

    void aFileThatIsNotAWorkspaceShowsAnInlineErrorAndKeepsTheOpenOne()
    {
        tests::TemporaryWorkspace temp;
        ui::MainWindow window;
        window.show();
        QVERIFY(openAndWait(window, temp.location()));
        const QString openId = window.workspace()->info.id;

        QFile notes(temp.path(QStringLiteral("notes.txt")));
        QVERIFY(notes.open(QIODevice::WriteOnly));
        notes.write("meeting notes, not a database\n");
        notes.close();

        QSignalSpy failed(&window, &ui::MainWindow::workspaceFailed);
        window.openWorkspace(core::store::WorkspaceLocation::sqliteFile(notes.fileName()),
                             core::store::Connection::Mode::OpenExisting);
        QVERIFY(failed.wait(10000));
        const auto *banner = window.findChild<ui::MessageBanner *>();
        QVERIFY(banner && banner->isVisible());
        QVERIFY(banner->text().contains(QStringLiteral("not a Switchboard workspace")));
        QCOMPARE(window.workspace()->info.id, openId);
        QVERIFY(window.grab().toImage().save(screenshotDir() + QLatin1String("/open-error.png")));

        QVERIFY(notes.open(QIODevice::ReadOnly));
        QCOMPARE(notes.readAll(), QByteArray("meeting notes, not a database\n"));
    }

    void recentWorkspacesAreRememberedAndReopened()
    {
        tests::TemporaryWorkspace temp;
        const auto first = temp.location(QStringLiteral("first.switchboard"));
        const auto second = temp.location(QStringLiteral("second.switchboard"));
        {
            ui::MainWindow window;
            QVERIFY(openAndWait(window, first));
            QVERIFY(openAndWait(window, second));
        }
        QSettings settings;
        const auto recent = ui::RecentWorkspaces(settings).list();
        QCOMPARE(recent.size(), 2);
        QCOMPARE(recent.at(0), second);
        QCOMPARE(recent.at(1), first);

        ui::MainWindow reopened;
        QSignalSpy opened(&reopened, &ui::MainWindow::workspaceOpened);
        QSignalSpy failed(&reopened, &ui::MainWindow::workspaceFailed);
        reopened.openLastOrDefaultWorkspace();
        QVERIFY2(opened.wait(10000),
                 failed.isEmpty() ? "neither opened nor failed" : qPrintable(failed.at(0).at(0).toString()));
        QCOMPARE(reopened.workspace()->location, second);
    }

    void firstRunBuildsTheDemoWorkspaceAndOpensIt()
    {
        const auto fallback = core::store::WorkspaceLocation::defaultLocation();
        for (const QString &suffix : { QString(), QStringLiteral("-wal"), QStringLiteral("-shm") })
            QFile::remove(fallback.target() + suffix);
        ui::MainWindow window;
        window.resize(1180, 760);
        window.setDemoOptions({ 450, { 32, 20 } });
        window.show();
        QSignalSpy opened(&window, &ui::MainWindow::workspaceOpened);
        window.openLastOrDefaultWorkspace();
        // The dialog closes itself when the build ends.
        QPointer<ui::DemoProgressDialog> dialog = window.findChild<ui::DemoProgressDialog *>();
        QVERIFY(dialog);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog || dialog->labelText().contains(QLatin1String("calls")), 60000);
        if (dialog)
            QVERIFY(dialog->grab().toImage().save(screenshotDir() + QLatin1String("/demo-progress.png")));
        QVERIFY(opened.wait(120000));
        QVERIFY(window.workspace()->info.demo);
        QCOMPARE(window.workspace()->location, fallback);
        QCOMPARE(window.workspace()->providers, 2);
        QVERIFY(window.workspace()->prompts >= 4);
        QVERIFY(!window.findChild<ui::DemoProgressDialog *>());
        QVERIFY(window.workspace()->calls > 450); // the traffic, and the demo's eval runs

        // The Overview shows the demo's totals, read off the GUI thread.
        auto *overview = window.findChild<ui::OverviewPage *>();
        QVERIFY(overview);
        QSignalSpy shown(overview, &ui::OverviewPage::reportShown);
        window.openWorkspace(fallback, core::store::Connection::Mode::OpenExisting);
        QVERIFY(window.showPage(QStringLiteral("overview")));
        // The open just asked for is asynchronous, and a report read for the open before it may
        // come first: wait for one with the demo's calls (once, under load, the first report
        // checked had none; not reproduced since).
        QTRY_VERIFY_WITH_TIMEOUT(!shown.isEmpty() && overview->report().current.calls > 0, 15000);
        QVERIFY(overview->tiles()->isVisible());
        QCOMPARE(overview->tiles()->valueText(0), QLocale().toString(overview->report().current.calls));
        QVERIFY(window.grab().toImage().save(screenshotDir() + QLatin1String("/overview-demo.png")));
        QVERIFY(window.showPage(QStringLiteral("requests")));
        // The request log opens on the demo's newest calls and reads the rest as it scrolls.
        auto *requests = window.findChild<ui::RequestsPage *>();
        QVERIFY(requests);
        QTRY_COMPARE_WITH_TIMEOUT(requests->model()->rowCount(), ui::CallLogModel::kPageSize, 10000);
        QVERIFY(!requests->model()->isExhausted());
        QVERIFY(window.grab().toImage().save(screenshotDir() + QLatin1String("/requests-demo.png")));
        for (const QString &suffix : { QString(), QStringLiteral("-wal"), QStringLiteral("-shm") })
            QFile::remove(fallback.target() + suffix);
    }

    void stoppingTheDemoKeepsWhatWasMadeAndOpensIt()
    {
        tests::TemporaryWorkspace temp;
        ui::MainWindow window;
        window.setDemoOptions({ 20000, { 16, 10 } });
        window.show();
        QSignalSpy opened(&window, &ui::MainWindow::workspaceOpened);
        window.buildDemoWorkspace(temp.location());
        QPointer<ui::DemoProgressDialog> dialog = window.findChild<ui::DemoProgressDialog *>();
        QVERIFY(dialog);
        QTRY_VERIFY_WITH_TIMEOUT(dialog->labelText().contains(QLatin1String("calls")), 60000);
        auto *stop = dialog->findChild<QPushButton *>();
        QVERIFY(stop);
        QCOMPARE(stop->text(), QStringLiteral("Stop Here"));
        stop->click();
        QVERIFY(opened.wait(60000));
        QVERIFY(window.workspace()->info.demo);
        auto connection = core::store::Connection::open(temp.location());
        QVERIFY(connection);
        auto count = (*connection)->exec(QStringLiteral("SELECT COUNT(*) FROM calls"));
        QVERIFY(count && count->next());
        QVERIFY(count->value(0).toLongLong() >= 200);
        QVERIFY(count->value(0).toLongLong() < 20000);
    }

    void recentListSkipsDuplicatesAndIsBounded()
    {
        QSettings settings;
        ui::RecentWorkspaces recent(settings);
        for (int i = 0; i < 12; ++i)
            recent.add(core::store::WorkspaceLocation::sqliteFile(QStringLiteral("/tmp/w%1").arg(i)));
        recent.add(core::store::WorkspaceLocation::sqliteFile(QStringLiteral("/tmp/w5")));
        const auto list = recent.list();
        QCOMPARE(list.size(), ui::RecentWorkspaces::kMaximum);
        QCOMPARE(list.first().target(), QStringLiteral("/tmp/w5"));
        QCOMPARE(list.count(list.first()), 1);
    }

    void keyboardShortcutsSwitchPages()
    {
        tests::TemporaryWorkspace temp;
        ui::MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QTest::keyClick(&window, Qt::Key_3, Qt::ControlModifier);
        QCOMPARE(window.currentPage()->description().id, QStringLiteral("prompts"));
        QTest::keyClick(&window, Qt::Key_8, Qt::ControlModifier);
        QCOMPARE(window.currentPage()->description().id, QStringLiteral("alerts"));
        QTest::keyClick(&window, Qt::Key_9, Qt::ControlModifier);
        QCOMPARE(window.currentPage()->description().id, QStringLiteral("settings"));
    }

    void windowGeometryAndPageAreRemembered()
    {
        {
            ui::MainWindow window;
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            window.resize(1000, 700);
            QVERIFY(window.showPage(QStringLiteral("routing")));
            window.close();
        }
        ui::MainWindow again;
        QCOMPARE(again.size(), QSize(1000, 700));
        QCOMPARE(again.currentPage()->description().id, QStringLiteral("routing"));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
