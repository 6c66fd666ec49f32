// The Requests page as support uses it: the log opens on the newest calls and reads more as
// it scrolls, filters combine and come off as chips, free text finds a call by what was said,
// a call id opens that call, and the detail shows the route, figures, attempts and payloads.
#include "mainwindow/mainwindow.h"
#include "model/callid.h"
#include "pagetestsupport.h"
#include "requests/calldetailview.h"
#include "requests/calllogmodel.h"
#include "requests/calltimeline.h"
#include "requests/filterbar.h"
#include "requests/requestspage.h"
#include "resultcheck.h"
#include "store/connection.h"
#include "store/recorder.h"
#include "store/workspace.h"
#include "temporaryworkspace.h"
#include "windowtestsupport.h"

#include <QAbstractItemModelTester>
#include <QClipboard>
#include <QComboBox>
#include <QGuiApplication>
#include <QDateTime>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTableView>
#include <QTextBrowser>
#include <QTest>
#include <QToolButton>
#include <QTreeWidget>

using namespace switchboard;
using core::store::Connection;

namespace {

constexpr int kCalls = 450;

} // namespace

class TestRequestsPage final : public QObject
{
    Q_OBJECT

    std::unique_ptr<tests::TemporaryWorkspace> m_temp;
    core::store::WorkspaceSummary m_summary;
    QStringList m_ids; // newest first
    qint64 m_now = 0;

    // n minutes ago; every 9th a timeout on billing, one asks about a "tangerine".
    core::store::RecordedCall call(int n)
    {
        core::store::RecordedCall recorded;
        core::CallRecord &r = recorded.record;
        r.startedMs = m_now - qint64(n) * 60'000;
        r.id = core::callIdAt(r.startedMs);
        r.tenant = n % 2 ? QStringLiteral("acme") : QStringLiteral("globex");
        r.feature = n % 9 == 0 ? QStringLiteral("billing") : QStringLiteral("support");
        r.alias = QStringLiteral("chat-fast");
        r.provider = QStringLiteral("sim");
        r.model = QStringLiteral("sim-small-2025-01-15");
        r.latencyUs = 300'000 + n * 1000;
        r.inputTokens = 120;
        r.outputTokens = 40;
        r.costMicros = 90;
        r.ruleSetVersion = 2;
        r.ruleName = QStringLiteral("support-default");
        if (n % 9 == 0) {
            r.status = core::CallStatus::Failed;
            r.failure = core::FailureCategory::Timeout;
            r.errorMessage = QStringLiteral("The provider did not answer within 30 s.");
        }
        const QByteArray question = n == 77 ? "Do you sell tangerine juice?" : "Where is my order?";
        recorded.requestJson = "{\"messages\":[{\"role\":\"user\",\"content\":\"" + question + "\"}],\"temperature\":0.2}";
        recorded.responseJson = "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"Let me check.\"}}]}";
        recorded.attempts.push_back({ 1, r.provider, r.model, r.startedMs, r.latencyUs, r.failure ? 0 : 200, r.failure, r.errorMessage, !r.failure });
        return recorded;
    }

    void openPage(ui::MainWindow &window, ui::RequestsPage *&page)
    {
        QVERIFY(tests::openOnPage(window, m_temp->location(), QStringLiteral("requests")));
        page = window.findChild<ui::RequestsPage *>();
        QVERIFY(page);
        QTRY_COMPARE_WITH_TIMEOUT(page->model()->rowCount(), ui::CallLogModel::kPageSize, 10'000);
    }

private Q_SLOTS:
    void initTestCase()
    {
        tests::useOwnSettings("requestspage", QStringLiteral("sam"));
        m_temp = std::make_unique<tests::TemporaryWorkspace>();
        QVERIFY_OK(core::store::prepareWorkspace(m_temp->location(), Connection::Mode::CreateIfMissing));
        m_now = QDateTime::currentMSecsSinceEpoch();
        auto recorder = core::store::Recorder::start(m_temp->location());
        QVERIFY_OK(recorder);
        for (int n = 0; n < kCalls; ++n) {
            auto recorded = call(n);
            m_ids << recorded.record.id;
            (*recorder)->record(std::move(recorded));
        }
        QVERIFY((*recorder)->flush());
    }

    void opensOnTheNewestAndReadsMoreAsItScrolls()
    {
        ui::MainWindow window;
        ui::RequestsPage *page = nullptr;
        openPage(window, page);
        QAbstractItemModelTester tester(page->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(page->model()->data(page->model()->index(0, ui::CallLogModel::IdColumn)).toString(), m_ids.first());
        // The newest call is selected and shown.
        QTRY_COMPARE(page->detail()->callId(), m_ids.first());
        // Scrolling to the end reads the next pages, then there is nothing more.
        for (int pages = 0; pages < 5 && page->model()->rowCount() < kCalls; ++pages) {
            page->table()->scrollToBottom();
            const int before = page->model()->rowCount();
            QTRY_VERIFY_WITH_TIMEOUT(page->model()->rowCount() > before, 10'000);
        }
        QCOMPARE(page->model()->rowCount(), kCalls);
        QTRY_VERIFY(page->model()->isExhausted());
        QCOMPARE(page->model()->data(page->model()->index(kCalls - 1, ui::CallLogModel::IdColumn)).toString(), m_ids.last());
        QVERIFY2(page->status()->text().contains(QLatin1String("450")), qPrintable(page->status()->text()));
        QVERIFY(page->minimumSizeHint().width() <= 900);
        QVERIFY(window.grab().save(tests::screenshotDir() + QLatin1String("/requests-window.png")));
        window.resize(1000, 700); // the smallest the console is used at
        QTest::qWait(50);
        QCOMPARE(window.width(), 1000);
        QVERIFY(window.grab().save(tests::screenshotDir() + QLatin1String("/requests-narrow.png")));
    }

    void filtersCombineAndComeOffAsChips()
    {
        ui::MainWindow window;
        ui::RequestsPage *page = nullptr;
        openPage(window, page);
        QAbstractItemModelTester tester(page->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        ui::FilterBar *bar = page->filterBar();
        QVERIFY(bar->applyText(QStringLiteral("failure:timeout tenant:acme")));
        // n % 9 == 0 and odd n: 9, 27, 45, ... below 450.
        int expected = 0;
        for (int n = 0; n < kCalls; ++n)
            expected += n % 9 == 0 && n % 2 == 1;
        QTRY_VERIFY(page->model()->isExhausted() && !page->model()->isLoading());
        QCOMPARE(page->model()->rowCount(), expected);
        QCOMPARE(bar->chipCount(), 2);
        QVERIFY(window.grab().save(tests::screenshotDir() + QLatin1String("/requests-filtered.png")));
        bar->removeChip(0); // tenant:acme
        QCOMPARE(bar->queryEdit()->text(), QStringLiteral("failure:timeout"));
        QTRY_VERIFY(page->model()->isExhausted() && !page->model()->isLoading());
        QCOMPARE(page->model()->rowCount(), 50);
        // The time preset narrows the same filter: the last hour holds n = 0..60, of which 0..54 time out by nine.
        bar->presets()->setCurrentIndex(0);
        Q_EMIT bar->presets()->activated(0);
        QCOMPARE(bar->queryEdit()->text(), QStringLiteral("since:1h failure:timeout"));
        QTRY_VERIFY(page->model()->isExhausted() && !page->model()->isLoading());
        QCOMPARE(page->model()->rowCount(), 7);
        // A filter that does not parse says why and keeps the last one.
        QVERIFY(!bar->applyText(QStringLiteral("failure:sometimes")));
        QVERIFY2(bar->problem().contains(QLatin1String("timeout")), qPrintable(bar->problem()));
        QCOMPARE(page->model()->filter().toQueryString(), QStringLiteral("since:1h failure:timeout"));
    }

    void freeTextFindsTheCallAndTheDetailShowsIt()
    {
        ui::MainWindow window;
        ui::RequestsPage *page = nullptr;
        openPage(window, page);
        QVERIFY(page->filterBar()->applyText(QStringLiteral("Tangerine")));
        QTRY_VERIFY(page->model()->isExhausted() && !page->model()->isLoading());
        QCOMPARE(page->model()->rowCount(), 1);
        QCOMPARE(page->model()->callAt(0)->id, m_ids[77]);
        QTRY_COMPARE(page->detail()->callId(), m_ids[77]);
        QTRY_VERIFY(page->detail()->request()->toPlainText().contains(QLatin1String("tangerine juice")));
        QVERIFY(page->detail()->response()->toPlainText().contains(QLatin1String("Let me check.")));
        QVERIFY(page->detail()->summary()->text().contains(QLatin1String("support-default")));
        QCOMPARE(page->detail()->attempts()->topLevelItemCount(), 1);
        QVERIFY(page->detail()->conversation()->toPlainText().contains(QLatin1String("Do you sell tangerine juice?")));
        QVERIFY(page->detail()->conversation()->toPlainText().contains(QLatin1String("Let me check.")));
        QVERIFY(window.grab().save(tests::screenshotDir() + QLatin1String("/requests-detail.png")));
        // Copy as curl: the request, with the key left to the environment.
        QTRY_VERIFY(page->detail()->copyButton()->isEnabled());
        QVERIFY(page->detail()->copyAs(core::replay::SnippetLanguage::Curl, QStringLiteral("http://127.0.0.1:8080")));
        const QString copied = QGuiApplication::clipboard()->text();
        QVERIFY2(copied.contains(QLatin1String("curl http://127.0.0.1:8080/v1/chat/completions")), qPrintable(copied));
        QVERIFY(copied.contains(QLatin1String("tangerine juice")));
        QVERIFY(copied.contains(QLatin1String("$SWITCHBOARD_API_KEY")));
    }

    void callsRecordedLaterAppearAndRefreshReadsTheNewest()
    {
        tests::TemporaryWorkspace empty;
        QVERIFY_OK(core::store::prepareWorkspace(empty.location(), Connection::Mode::CreateIfMissing));
        ui::MainWindow window;
        window.resize(1280, 820);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *page = window.findChild<ui::RequestsPage *>();
        QVERIFY(page);
        QSignalSpy opened(&window, &ui::MainWindow::workspaceOpened);
        window.openWorkspace(empty.location(), Connection::Mode::OpenExisting);
        QVERIFY(opened.wait(10'000));
        QVERIFY(window.showPage(QStringLiteral("requests")));
        QVERIFY(!page->table()->isVisible()); // the empty state says what will appear here
        const auto record = [&](int from, int count) {
            auto recorder = core::store::Recorder::start(empty.location());
            QVERIFY_OK(recorder);
            for (int n = from; n < from + count; ++n)
                (*recorder)->record(call(n));
            QVERIFY((*recorder)->flush());
        };
        record(0, 3);
        // Shown again (as after starting a gateway from Settings): the calls are there.
        QVERIFY(window.showPage(QStringLiteral("overview")));
        QVERIFY(window.showPage(QStringLiteral("requests")));
        QTRY_COMPARE_WITH_TIMEOUT(page->model()->rowCount(), 3, 10'000);
        QVERIFY(page->table()->isVisible());
        record(3, 2);
        QCOMPARE(page->model()->rowCount(), 3);
        page->refreshButton()->click();
        QTRY_COMPARE_WITH_TIMEOUT(page->model()->rowCount(), 5, 10'000);
    }

    void theTimelineMarksStreamStalls()
    {
        // Chunks every 50 ms, then nothing for 2.25 s: one stall, where it began.
        const std::vector<qint64> offsets { 0, 50, 100, 150, 2400, 2450, 2500 };
        QCOMPARE(ui::streamStalls(offsets), (std::vector<ui::StreamStall> { { 150, 2250 } }));
        // A steady slow stream has none; nor has a short one.
        QVERIFY(ui::streamStalls({ 0, 900, 1800, 2700, 3600 }).empty());
        QVERIFY(ui::streamStalls({ 0, 5000 }).empty());
    }

    void aCallIdOpensThatCall()
    {
        ui::MainWindow window;
        ui::RequestsPage *page = nullptr;
        openPage(window, page);
        QSignalSpy loaded(page->detail(), &ui::CallDetailView::loaded);
        page->filterBar()->enter(m_ids[306]);
        QTRY_COMPARE(page->detail()->callId(), m_ids[306]);
        QVERIFY(loaded.wait(10'000) || page->detail()->summary()->text().contains(m_ids[306]));
        QVERIFY(page->detail()->summary()->text().contains(QLatin1String("Timeout"))); // 306 = 34 * 9
        QVERIFY(page->detail()->summary()->text().contains(QLatin1String("did not answer within 30 s")));
        QVERIFY(page->filterBar()->problem().isEmpty());
    }
};

QTEST_MAIN(TestRequestsPage)
#include "tst_requestspage.moc"
