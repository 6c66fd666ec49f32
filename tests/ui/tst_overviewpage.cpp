// The Overview as a manager reads it: headline figures against the previous period, charts
// that open the calls behind a point, and every chart saved as PNG and CSV, the page as PDF.
#include "analytics/overview.h"
#include "overview/barchartview.h"
#include "overview/chartpanel.h"
#include "overview/chartstyle.h"
#include "overview/costrankingview.h"
#include "overview/driftalertsview.h"
#include "overview/headlinetiles.h"
#include "overview/overviewcharts.h"
#include "overview/overviewcontrols.h"
#include "overview/overviewpage.h"
#include "overview/sloview.h"
#include "overview/timechartview.h"
#include "overview/tokendistributionview.h"
#include "pagetestsupport.h"
#include "resultcheck.h"
#include "store/alertrepository.h"
#include "store/batchwriter.h"
#include "store/connection.h"
#include "store/encodedcall.h"
#include "store/workspace.h"
#include "synthetictraffic.h"
#include "temporaryworkspace.h"

#include <QApplication>
#include <QAreaSeries>
#include <QLegend>
#include <QChart>
#include <QComboBox>
#include <QDateTime>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTest>
#include <QToolButton>

using namespace switchboard;

namespace {

constexpr qint64 kDayMs = 86'400'000;
constexpr int kCalls = 6'000;

} // namespace

class TestOverviewPage final : public QObject
{
    Q_OBJECT

private:
    tests::TemporaryWorkspace m_temp;
    core::store::WorkspaceSummary m_summary;

    void waitForReport(ui::OverviewPage &page, const std::function<void()> &change)
    {
        QSignalSpy shown(&page, &ui::OverviewPage::reportShown);
        change();
        QTRY_VERIFY_WITH_TIMEOUT(!shown.isEmpty(), 20000);
    }

    std::unique_ptr<ui::OverviewPage> openPage()
    {
        auto page = std::make_unique<ui::OverviewPage>();
        page->resize(820, 1500);
        page->show();
        waitForReport(*page, [&] { page->setWorkspace(m_summary); });
        return page;
    }

private Q_SLOTS:
    void initTestCase()
    {
        tests::useOwnSettings("overviewpage", QStringLiteral("tester"));
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        auto prepared = tests::SyntheticTraffic(3, now - 14 * kDayMs, now - 60'000, kCalls).writeToNew(m_temp.location());
        QVERIFY_OK(prepared);
        m_summary = *prepared;
        m_summary.calls = kCalls;
    }

    void headlineComparesWithThePreviousPeriod()
    {
        auto page = openPage();
        QCOMPARE(page->controls()->range(), ui::OverviewControls::LastDay);
        const auto &report = page->report();
        QVERIFY(report.current.calls > 0);
        QVERIFY(report.previous.calls > 0);
        QCOMPARE(page->tiles()->valueText(0), QLocale().toString(report.current.calls));
        QVERIFY2(page->tiles()->changeText(0).contains(QLatin1String("vs previous day")), qPrintable(page->tiles()->changeText(0)));
        QVERIFY(!page->charts()->latencyChart()->isEmpty());
        // The pickers offer what had traffic.
        QVERIFY(page->controls()->picker(0)->count() > 10);

        waitForReport(*page, [&] { page->controls()->setRange(ui::OverviewControls::LastWeek); });
        QCOMPARE(page->report().grainMs, qint64(3'600'000));
        QVERIFY(page->tiles()->changeText(3).contains(QLatin1String("vs previous 7 days")));
        QCOMPARE(page->charts()->ranking()->table(ui::CostRankingView::Features)->rowCount(), 8);
        QVERIFY(page->charts()->tokens()->outliers()->rowCount() > 0);
        QVERIFY(page->grab().toImage().save(tests::screenshotDir() + QLatin1String("/overview-week.png")));
    }

    void clickingAPointOpensItsCalls()
    {
        auto page = openPage();
        waitForReport(*page, [&] { page->controls()->setRange(ui::OverviewControls::LastWeek); });
        QSignalSpy wanted(page.get(), &ui::OverviewPage::requestsWanted);
        ui::TimeChartView *cost = page->charts()->costChart();
        const QRectF plot = cost->chart()->plotArea();
        // Low in the plot, where the first (largest) series' band is.
        const QPoint at = cost->mapFromScene(QPointF(plot.center().x(), plot.bottom() - 2));
        QVERIFY(cost->bucketAt(at) >= 0);
        QTest::mouseClick(cost->viewport(), Qt::LeftButton, {}, at);
        QCOMPARE(wanted.size(), 1);
        const QString query = wanted.at(0).at(0).toString();
        QVERIFY2(query.contains(QLatin1String("since:")) && query.contains(QLatin1String("until:"))
                     && query.contains(QLatin1String("origin:gateway"))
                     && query.contains(QLatin1String("feature:") + page->report().costSeries.first()),
                 qPrintable(query));
        QVERIFY(cost->tooltipFor(cost->bucketAt(at)).contains(QLatin1String("Total:")));

        // A filter chosen on the page narrows the calls opened too.
        QComboBox *tenants = page->controls()->picker(0);
        waitForReport(*page, [&] { tenants->setCurrentIndex(tenants->findData(QStringLiteral("tenant-2"))); });
        QCOMPARE(page->report().topTenants.size(), std::size_t(1));
        auto *models = page->charts()->ranking()->table(ui::CostRankingView::Models);
        Q_EMIT models->cellDoubleClicked(0, 0);
        QCOMPARE(wanted.size(), 2);
        QVERIFY2(wanted.at(1).at(0).toString().contains(QLatin1String("tenant:tenant-2")), qPrintable(wanted.at(1).at(0).toString()));

        // A large call opens by its id.
        auto *outliers = page->charts()->tokens()->outliers();
        Q_EMIT outliers->cellDoubleClicked(0, 1);
        QCOMPARE(wanted.size(), 3);
        QCOMPARE(wanted.at(2).at(0).toString(), outliers->item(0, 0)->text());
    }

    void fitsTheNarrowestWindow()
    {
        // The main window must fit 1000 px: the page's share is what the navigation leaves.
        auto page = openPage();
        QVERIFY2(page->minimumSizeHint().width() <= 780, qPrintable(QString::number(page->minimumSizeHint().width())));
    }

    void serviceLevelObjectivesShowAttainment()
    {
        auto page = openPage();
        core::store::Slo slo;
        slo.feature = QStringLiteral("feature-0");
        slo.latencyMs = 1500;
        slo.maxErrorRate = 0.05;
        slo.windowDays = 7;
        page->slos()->saveSlo(slo);
        QTableWidget *table = page->slos()->table();
        // The read the page started on opening may land first: wait for the one after the save.
        QTRY_COMPARE_WITH_TIMEOUT(table->rowCount(), 2, 10000);
        QVERIFY(table->item(0, 1)->text().contains(QLatin1String("95 % within 1.50 s")));
        QCOMPARE(table->item(0, 5)->text(), QStringLiteral("breached")); // the synthetic traffic is slower
        QVERIFY(table->item(1, 1)->text().contains(QLatin1String("errors at most 5.00 %")));
        QVERIFY(page->slos()->csv().startsWith("Feature,Objective,Attained"));
        QVERIFY(page->slos()->parentWidget()->grab().toImage().save(tests::screenshotDir() + QLatin1String("/overview-slos.png")));
        page->slos()->removeSlo(QStringLiteral("feature-0"), QStringLiteral("moved to a new feature"));
        QTRY_COMPARE_WITH_TIMEOUT(page->slos()->statuses().size(), std::size_t(0), 10000);
    }

    void costSplitsByModel()
    {
        auto page = openPage();
        waitForReport(*page, [&] { page->charts()->setCostSplit(core::analytics::CostSplit::Model); });
        QCOMPARE(page->report().costSeries.size(), 4);
        for (const QString &series : page->report().costSeries)
            QVERIFY2(series.startsWith(QLatin1String("gpt")) || series.startsWith(QLatin1String("claude")), qPrintable(series));
    }

    void chartsSaveAsPngAndCsvAndThePageAsPdf()
    {
        auto page = openPage();
        for (ui::ChartPanel *panel : page->charts()->panels()) {
            const QString base = m_temp.dir() + QLatin1Char('/') + panel->title();
            QSignalSpy saved(panel, &ui::ChartPanel::savedTo);
            panel->saveImage(base + QStringLiteral(".png"));
            panel->saveCsv(base + QStringLiteral(".csv"));
            QTRY_COMPARE_WITH_TIMEOUT(saved.size(), 2, 10000);
            const QImage image(base + QStringLiteral(".png"));
            QVERIFY2(image.width() > 300 && image.height() > 150, qPrintable(panel->title()));
            QFile csv(base + QStringLiteral(".csv"));
            QVERIFY(csv.open(QIODevice::ReadOnly));
            const QList<QByteArray> lines = csv.readAll().split('\n');
            QVERIFY2(lines.size() > 2, qPrintable(panel->title()));
        }
        QSignalSpy notice(page.get(), &ui::OverviewPage::noticeShown);
        const QString pdf = m_temp.dir() + QStringLiteral("/overview.pdf");
        page->exportPdf(pdf);
        QTRY_VERIFY_WITH_TIMEOUT(!notice.isEmpty(), 10000);
        QVERIFY2(notice.at(0).at(0).toString().startsWith(QLatin1String("Saved")), qPrintable(notice.at(0).at(0).toString()));
        QFile file(pdf);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        QVERIFY(bytes.startsWith("%PDF"));
        QFile::remove(tests::screenshotDir() + QLatin1String("/overview-report.pdf"));
        QFile::copy(pdf, tests::screenshotDir() + QLatin1String("/overview-report.pdf"));
        // A heading with the figures, then six charts two to a page.
        const auto pages = QRegularExpression(QStringLiteral("/Type\\s*/Page[^s]")).globalMatch(QString::fromLatin1(bytes));
        int count = 0;
        for (auto it = pages; it.hasNext(); it.next())
            ++count;
        QVERIFY2(count >= 3, qPrintable(QString::number(count)));

        // A folder that does not exist is said, not ignored.
        QSignalSpy failed(page->charts()->panels().front(), &ui::ChartPanel::saveFailed);
        page->charts()->panels().front()->saveCsv(m_temp.dir() + QStringLiteral("/missing/folder/x.csv"));
        QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 10000);
    }

    void darkPaletteIsFollowed()
    {
        auto page = openPage();
        // A dark palette as a desktop's dark theme gives one.
        QPalette dark(QColor(0x374151), QColor(0x1f2937));
        for (const auto role : { QPalette::WindowText, QPalette::Text, QPalette::ButtonText, QPalette::BrightText })
            dark.setColor(role, QColor(0xe5e7eb));
        dark.setColor(QPalette::Base, QColor(0x111827));
        dark.setColor(QPalette::AlternateBase, QColor(0x1f2937));
        dark.setColor(QPalette::PlaceholderText, QColor(0x9ca3af));
        page->setPalette(dark);
        QCOMPARE(page->charts()->latencyChart()->chart()->theme(), QChart::ChartThemeDark);
        // The series keep their colours: the theme does not repaint them.
        const auto *cost = page->charts()->costChart()->chart();
        QCOMPARE(static_cast<QAreaSeries *>(cost->series().first())->brush().color().rgb(), ui::seriesColor(0).rgb());
        QVERIFY(cost->legend()->isVisible());
        QVERIFY(page->grab().toImage().save(tests::screenshotDir() + QLatin1String("/overview-dark.png")));
    }

    void openDriftAlertsAreListedAndOpen()
    {
        auto connection = core::store::Connection::open(m_temp.location());
        QVERIFY_OK(connection);
        core::store::AlertRepository alerts(**connection);
        core::store::AlertRule rule;
        rule.name = QStringLiteral("Answers drifted");
        rule.kind = core::store::AlertRule::Kind::Drift;
        rule.threshold = 0.01;
        rule.forMinutes = 1440;
        rule.minCalls = 200;
        auto saved = alerts.saveRule(rule, QStringLiteral("tester"), 0);
        QVERIFY_OK(saved);
        core::store::Alert alert;
        alert.ruleId = saved->id;
        alert.ruleName = saved->name;
        alert.firstSeenMs = alert.lastSeenMs = QDateTime::currentMSecsSinceEpoch() - 3'600'000;
        alert.value = 1e-9;
        alert.summary = QStringLiteral("support-answer: output length drifted (KS D=0.43, p<0.001; median 121→61 tokens); "
                                       "refusal rate 0.0 %→5.6 % (z=11.2, p<0.001) · summarize: cost per call drifted "
                                       "(KS D=0.38, p<0.001; mean $0.00072→$0.0041)");
        auto written = alerts.writeAlert(alert);
        QVERIFY_OK(written);

        auto page = openPage();
        ui::DriftAlertsView *drift = page->drift();
        QVERIFY(drift->isVisible());
        QCOMPARE(drift->lines().size(), 2);
        QVERIFY(drift->lines().at(0).startsWith(QStringLiteral("support-answer: output length drifted")));
        QVERIFY(drift->lines().at(1).startsWith(QStringLiteral("summarize: cost per call drifted")));
        QSignalSpy wanted(page.get(), &ui::OverviewPage::alertWanted);
        drift->openButton()->click();
        QCOMPARE(wanted.size(), 1);
        QCOMPARE(wanted.at(0).at(0).toLongLong(), written->id);
        QVERIFY(page->grab().toImage().save(tests::screenshotDir() + QLatin1String("/overview-drift.png")));

        // Resolved: the Overview no longer lists it.
        written->resolvedMs = QDateTime::currentMSecsSinceEpoch();
        QVERIFY_OK(alerts.writeAlert(*written));
        waitForReport(*page, [&] { page->reload(); });
        QVERIFY(!drift->isVisible());
        QVERIFY(drift->lines().isEmpty());
    }
};

QTEST_MAIN(TestOverviewPage)
#include "tst_overviewpage.moc"
