// The Alerts page as on-call uses it: add a rule, see the console's monitor raise an alert on
// the last minutes' traffic with its runbook, acknowledge it, and remove the rule with a reason
// while its alert stays listed.
#include "alerts/alertruledialog.h"
#include "alerts/alertspage.h"
#include "common/emptystate.h"
#include "dialoganswer.h"
#include "pagetestsupport.h"
#include "resultcheck.h"
#include "store/connection.h"
#include "store/workspace.h"
#include "synthetictraffic.h"
#include "temporaryworkspace.h"

#include <QComboBox>
#include <QDateTime>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableWidget>
#include <QTest>
#include <QTextBrowser>

using namespace switchboard;
using core::store::AlertRule;

class TestAlertsPage final : public QObject
{
    Q_OBJECT

private:
    tests::TemporaryWorkspace m_temp;
    core::store::WorkspaceSummary m_summary;

private Q_SLOTS:
    void initTestCase()
    {
        tests::useOwnSettings("alertspage", QStringLiteral("oncall"));
        // The last twenty minutes of support traffic, a third of it failing.
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        auto prepared = tests::SyntheticTraffic(4, now - 20 * 60'000, now - 1'000, 1'200).writeToNew(m_temp.location(), [](core::store::RecordedCall &call) {
            call.record.origin = core::CallOrigin::Gateway;
            call.record.feature = QStringLiteral("support");
            const bool fails = call.record.startedMs / 1000 % 3 == 0;
            call.record.status = fails ? core::CallStatus::Failed : core::CallStatus::Ok;
            call.record.failure = fails ? std::optional(core::FailureCategory::ServerError) : std::nullopt;
        });
        QVERIFY_OK(prepared);
        m_summary = *prepared;
    }

    void dialogSpeaksInPercentAndRefusesBadRules()
    {
        ui::AlertRuleDialog dialog({ { QStringLiteral("support") }, { QStringLiteral("gpt-4o-mini") }, {} }, AlertRule {});
        QVERIFY(dialog.problem().contains(QLatin1String("Name the rule")));
        dialog.name()->setText(QStringLiteral("Support errors"));
        dialog.scope()->setCurrentIndex(1); // one feature
        QCOMPARE(dialog.value()->currentText(), QStringLiteral("support"));
        dialog.threshold()->setValue(7.5);
        dialog.webhook()->setText(QStringLiteral("hooks.example.com"));
        QVERIFY(dialog.problem().contains(QLatin1String("http")));
        dialog.webhook()->setText(QStringLiteral("env:SUPPORT_ALERTS"));
        QVERIFY2(dialog.problem().isEmpty(), qPrintable(dialog.problem()));
        const AlertRule rule = dialog.rule();
        QCOMPARE(rule.kind, AlertRule::Kind::ErrorRate);
        QCOMPARE(rule.dimension, QStringLiteral("feature"));
        QCOMPARE(rule.value, QStringLiteral("support"));
        QCOMPARE(rule.threshold, 0.075);

        // A budget rule without budgets to choose from says where to set one.
        dialog.kind()->setCurrentIndex(dialog.kind()->findData(int(AlertRule::Kind::Budget)));
        dialog.scope()->setCurrentIndex(1);
        QVERIFY(dialog.problem().contains(QLatin1String("Budgets page")));
        dialog.scope()->setCurrentIndex(0); // every budget
        QVERIFY(dialog.problem().isEmpty());

        // Changing a rule shows its own values.
        AlertRule p95;
        p95.id = 4;
        p95.name = QStringLiteral("Slow search");
        p95.kind = AlertRule::Kind::P95Latency;
        p95.dimension = QStringLiteral("model");
        p95.value = QStringLiteral("gpt-4o-mini");
        p95.threshold = 2500;
        ui::AlertRuleDialog change({ {}, { QStringLiteral("gpt-4o-mini") }, {} }, p95);
        QCOMPARE(change.rule(), p95);
        change.resize(560, change.sizeHint().height());
        change.show();
        QVERIFY(change.grab().toImage().save(tests::screenshotDir() + QLatin1String("/alert-rule-dialog.png")));
    }

    void driftRulesSpeakOfSignificanceAndWindows()
    {
        ui::AlertRuleDialog dialog({ { QStringLiteral("support") }, {}, {} }, AlertRule {});
        dialog.name()->setText(QStringLiteral("Answers drifted"));
        dialog.kind()->setCurrentIndex(dialog.kind()->findData(int(AlertRule::Kind::Drift)));
        QCOMPARE(dialog.scope()->count(), 2); // each feature with traffic, or one
        QCOMPARE(dialog.scope()->itemText(0), QStringLiteral("Each feature with traffic"));
        QVERIFY2(dialog.problem().isEmpty(), qPrintable(dialog.problem()));
        AlertRule rule = dialog.rule();
        QCOMPARE(rule.kind, AlertRule::Kind::Drift);
        QCOMPARE(rule.threshold, 0.01);
        QCOMPARE(rule.forMinutes, 1440);
        QCOMPARE(rule.minCalls, qint64(200));
        QVERIFY(rule.value.isEmpty());
        dialog.scope()->setCurrentIndex(1);
        QCOMPARE(dialog.rule().value, QStringLiteral("support"));
        dialog.resize(560, dialog.sizeHint().height());
        dialog.show();
        QVERIFY(dialog.grab().toImage().save(tests::screenshotDir() + QLatin1String("/alert-rule-dialog-drift.png")));
        // Back to an error rate: minutes again.
        dialog.kind()->setCurrentIndex(dialog.kind()->findData(int(AlertRule::Kind::ErrorRate)));
        QCOMPARE(dialog.rule().forMinutes, 10);
    }

    void ruleRaisesAnAlertThatIsAcknowledgedAndOutlivesItsRule()
    {
        ui::AlertsPage page;
        page.resize(1000, 700);
        page.show();
        QSignalSpy refreshed(&page, &ui::AlertsPage::refreshed);
        QSignalSpy open(&page, &ui::AlertsPage::openAlertsChanged);
        page.setWorkspace(m_summary);
        QTRY_VERIFY_WITH_TIMEOUT(!refreshed.isEmpty(), 10000);
        QVERIFY(page.findChild<ui::EmptyState *>()->isVisible());

        AlertRule rule;
        rule.name = QStringLiteral("Support errors");
        rule.dimension = QStringLiteral("feature");
        rule.value = QStringLiteral("support");
        rule.threshold = 0.1;
        rule.forMinutes = 5;
        rule.runbook = QStringLiteral("Check the provider's status page, then move support-answer to its fallback.");
        // Nothing listens there: delivery fails, on this machine only.
        rule.webhook = QStringLiteral("http://127.0.0.1:9/services/T0/B0/s3cret");
        refreshed.clear();
        page.saveRule(rule);
        QTRY_VERIFY_WITH_TIMEOUT(!refreshed.isEmpty(), 10000);
        QCOMPARE(page.ruleTable()->rowCount(), 1);
        QCOMPARE(page.ruleTable()->item(0, 4)->text(), QStringLiteral("http://127.0.0.1:9/…"));

        // The page's monitor judges the rule within seconds of the workspace opening.
        QTRY_VERIFY_WITH_TIMEOUT(page.alertTable()->rowCount() == 1, 15000);
        QCOMPARE(open.last().at(0).toInt(), 1);
        page.tabs()->setCurrentIndex(0);
        QCOMPARE(page.alertTable()->item(0, 0)->text(), QStringLiteral("Firing"));
        QVERIFY2(page.alertTable()->item(0, 2)->text().startsWith(QLatin1String("feature support: error rate")),
                 qPrintable(page.alertTable()->item(0, 2)->text()));
        QVERIFY(page.detail()->toPlainText().contains(QLatin1String("move support-answer to its fallback")));
        QVERIFY(page.grab().toImage().save(tests::screenshotDir() + QLatin1String("/alerts.png")));
        // The webhook's address is nowhere on screen.
        QVERIFY(!page.detail()->toPlainText().contains(QLatin1String("s3cret")));

        refreshed.clear();
        page.acknowledgeSelected();
        QTRY_VERIFY_WITH_TIMEOUT(page.alertTable()->item(0, 0)->text() == QLatin1String("Acknowledged"), 10000);
        QCOMPARE(page.alertTable()->item(0, 6)->text(), QStringLiteral("oncall"));
        QCOMPARE(open.last().at(0).toInt(), 0);

        refreshed.clear();
        page.removeRule(page.contents().rules.front().id, QStringLiteral("the feature is retired"));
        QTRY_VERIFY_WITH_TIMEOUT(!refreshed.isEmpty(), 10000);
        QCOMPARE(page.ruleTable()->rowCount(), 0);
        QCOMPARE(page.alertTable()->rowCount(), 1);
        QCOMPARE(page.alertTable()->item(0, 0)->text(), QStringLiteral("Resolved"));
        QVERIFY(page.notice()->text().contains(QLatin1String("stay listed")));
    }
};

QTEST_MAIN(TestAlertsPage)
#include "tst_alertspage.moc"
