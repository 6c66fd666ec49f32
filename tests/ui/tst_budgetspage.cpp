// The Budgets page as an operator uses it: set a budget, see spend against it with the
// thresholds crossed and where the period ends at this pace, and remove it with a reason.
#include "analytics/budgetstatus.h"
#include "budgets/budgetdialog.h"
#include "budgets/budgetspage.h"
#include "common/emptystate.h"
#include "overview/timechartview.h"
#include "pagetestsupport.h"
#include "resultcheck.h"
#include "store/batchwriter.h"
#include "store/connection.h"
#include "store/encodedcall.h"
#include "store/workspace.h"
#include "synthetictraffic.h"
#include "temporaryworkspace.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTest>

using namespace switchboard;
using core::store::Budget;

class TestBudgetsPage final : public QObject
{
    Q_OBJECT

private:
    tests::TemporaryWorkspace m_temp;
    core::store::WorkspaceSummary m_summary;

private Q_SLOTS:
    void initTestCase()
    {
        tests::useOwnSettings("budgetspage", QStringLiteral("tester"));
        // This month so far: whatever the day, there is spend to count.
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        const auto month = core::analytics::budgetWindow(Budget::Period::Month, now);
        auto prepared = tests::SyntheticTraffic(9, std::min(month.startMs, now - 3'600'000), now - 1'000, 3'000).writeToNew(m_temp.location());
        QVERIFY_OK(prepared);
        m_summary = *prepared;
    }

    void dialogRefusesWhatCannotBeABudget()
    {
        ui::BudgetDialog dialog({ { QStringLiteral("acme") }, { QStringLiteral("search") }, {} });
        dialog.scope()->setCurrentIndex(1); // tenant
        QCOMPARE(dialog.value()->currentText(), QStringLiteral("acme"));
        dialog.thresholds()->setText(QStringLiteral("80, 50"));
        QVERIFY(dialog.problem().contains(QLatin1String("lowest up")));
        dialog.thresholds()->setText(QStringLiteral("50 80 100"));
        QVERIFY(dialog.problem().isEmpty());
        dialog.limit()->setValue(12.5);
        const Budget b = dialog.budget();
        QCOMPARE(b.scope, Budget::Scope::Tenant);
        QCOMPARE(b.scopeValue, QStringLiteral("acme"));
        QCOMPARE(b.limitMicros, 12'500'000);
        QCOMPARE(b.thresholds, (std::vector<int> { 50, 80, 100 }));
        QVERIFY(!b.hardLimit);
        // A tenant's budget is enforced when asked; a key's always is.
        dialog.hardLimit()->setChecked(true);
        QVERIFY(dialog.budget().hardLimit);
        dialog.show();
        QVERIFY(dialog.grab().toImage().save(tests::screenshotDir() + QLatin1String("/budget-dialog.png")));
        dialog.scope()->setCurrentIndex(3); // gateway key
        QVERIFY(dialog.hardLimit()->isChecked());
        QVERIFY(!dialog.hardLimit()->isEnabled());
    }

    void setSeeAndRemoveABudget()
    {
        ui::BudgetsPage page;
        page.resize(800, 700);
        page.show();
        QSignalSpy refreshed(&page, &ui::BudgetsPage::refreshed);
        page.setWorkspace(m_summary);
        QTRY_VERIFY_WITH_TIMEOUT(!refreshed.isEmpty(), 10000);
        // No budget yet: the empty state offers to set one.
        QVERIFY(page.findChild<ui::EmptyState *>()->isVisible());

        Budget small;
        small.scope = Budget::Scope::Workspace;
        small.period = Budget::Period::Month;
        small.limitMicros = 1'000'000; // $1: the month's traffic is past it
        refreshed.clear();
        page.saveBudget(small);
        QTRY_VERIFY_WITH_TIMEOUT(!refreshed.isEmpty(), 10000);
        Budget tenant;
        tenant.scope = Budget::Scope::Tenant;
        tenant.scopeValue = QStringLiteral("tenant-0");
        tenant.period = Budget::Period::Day;
        tenant.limitMicros = 500'000'000;
        refreshed.clear();
        page.saveBudget(tenant);
        QTRY_VERIFY_WITH_TIMEOUT(!refreshed.isEmpty(), 10000);

        QCOMPARE(page.table()->rowCount(), 2);
        const auto &statuses = page.statuses();
        const auto workspace = std::ranges::find(statuses, Budget::Scope::Workspace, [](const auto &s) { return s.budget.scope; });
        QVERIFY(workspace != statuses.end());
        QVERIFY(workspace->spentMicros > 1'000'000);
        QCOMPARE(workspace->crossed, (std::vector<int> { 50, 80, 100 }));
        const int row = int(workspace - statuses.begin());
        QVERIFY2(page.table()->item(row, 6)->text().contains(QLatin1String("100 % crossed")), qPrintable(page.table()->item(row, 6)->text()));
        QCOMPARE(page.table()->item(row, 7)->text(), QStringLiteral("alerts only"));
        page.table()->selectRow(row);
        QVERIFY(!page.burnChart()->isEmpty());
        QVERIFY(page.grab().toImage().save(tests::screenshotDir() + QLatin1String("/budgets.png")));

        refreshed.clear();
        page.removeBudget(workspace->budget.id, QStringLiteral("replaced by per-tenant budgets"));
        QTRY_VERIFY_WITH_TIMEOUT(!refreshed.isEmpty(), 10000);
        QCOMPARE(page.table()->rowCount(), 1);
        QVERIFY(page.notice()->text().contains(QLatin1String("removed")));
    }
};

QTEST_MAIN(TestBudgetsPage)
#include "tst_budgetspage.moc"
