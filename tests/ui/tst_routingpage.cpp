// The Routing page as an operator uses it: a first rule set from the empty state, problems
// shown as you type and nothing saved while there are any, save → activate → roll back with
// reasons in the audit log, Explain on a pasted request, and What-if over logged calls.
#include "analytics/whatif.h"
#include "demo/demorecipe.h"
#include "demo/demoworkspace.h"
#include "dialoganswer.h"
#include "pagetestsupport.h"
#include "model/productinfo.h"
#include "resultcheck.h"
#include "routing/explainview.h"
#include "routing/routingpage.h"
#include "routing/ruleseteditor.h"
#include "routing/rulesetversionlist.h"
#include "routing/whatifview.h"
#include "store/auditlogrepository.h"
#include "store/callrepository.h"
#include "store/connection.h"
#include "store/rulesetrepository.h"
#include "store/workspace.h"
#include "temporaryworkspace.h"

#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTest>
#include <QTreeWidget>

using namespace switchboard;
using core::store::Connection;

namespace {

const char kTwoRules[] = R"({"rules": [
  {"name": "acme-smart", "description": "acme pays for the large model", "when": {"tenants": ["acme"]},
   "then": {"target": "chat-smart", "fallbacks": ["chat-fast"]}},
  {"name": "default", "then": {"target": "chat-fast", "fallbacks": ["sim-backup/sim-small-2025-01-15"]}}
]})";

} // namespace

class TestRoutingPage final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<tests::TemporaryWorkspace> m_temp;
    core::store::WorkspaceSummary m_summary;

    std::unique_ptr<ui::RoutingPage> openPage()
    {
        auto page = std::make_unique<ui::RoutingPage>();
        page->resize(1400, 860);
        page->show();
        page->activateWindow();
        if (!QTest::qWaitForWindowActive(page.get()))
            return nullptr;
        QSignalSpy loaded(page.get(), &ui::RoutingPage::loaded);
        page->setWorkspace(m_summary);
        if (!loaded.wait(10'000))
            return nullptr;
        return page;
    }

    std::unique_ptr<Connection> connection()
    {
        auto opened = Connection::open(m_temp->location());
        return opened ? std::move(*opened) : nullptr;
    }

    void typeRules(ui::RoutingPage &page, const QString &text)
    {
        page.editor()->textEdit()->setPlainText(text);
        QVERIFY(QTest::qWaitFor([&] { return page.editor()->validRules().has_value() || !page.editor()->problems().empty(); }));
    }

    qint64 saveDraft(ui::RoutingPage &page, const QString &comment)
    {
        QSignalSpy saved(&page, &ui::RoutingPage::saved);
        page.saveDraft(comment);
        if (!saved.wait(10'000))
            return 0;
        return saved.first().first().toLongLong();
    }

private Q_SLOTS:
    void initTestCase()
    {
        tests::useOwnSettings("routingpage", QStringLiteral("ops-lead"));
    }

    void init()
    {
        m_temp = std::make_unique<tests::TemporaryWorkspace>();
        QVERIFY_OK(core::store::prepareWorkspace(m_temp->location(), Connection::Mode::CreateIfMissing));
        {
            auto db = connection();
            QVERIFY(db);
            auto recipe = core::demo::DemoRecipe::shipped();
            QVERIFY_OK(recipe);
            QVERIFY_OK(core::demo::seedDemoWorkspace(*db, *recipe, QDateTime::currentMSecsSinceEpoch() - 7 * 24 * 3'600'000LL));
            // The page starts from a workspace without rules.
            QVERIFY_OK(db->exec(QStringLiteral("DELETE FROM rule_sets")));
        }
        auto summary = core::store::prepareWorkspace(m_temp->location());
        QVERIFY_OK(summary);
        m_summary = *summary;
    }

    void aFirstRuleSetStartsFromTheEmptyState()
    {
        auto page = openPage();
        QVERIFY(page);
        auto *action = page->findChild<QPushButton *>(QString(), Qt::FindChildrenRecursively);
        QVERIFY(action);
        auto *empty = page->findChild<ui::EmptyState *>();
        QVERIFY(empty && empty->isVisible());
        Q_EMIT empty->actionTriggered();
        QVERIFY(page->editor()->isVisible());
        const auto rules = page->editor()->validRules();
        QVERIFY2(rules, "the starter rule set validates against the workspace");
        // One rule per alias, each keeping its calls where they go.
        QCOMPARE(rules->rules.size(), std::size_t(3));
        for (const auto &rule : rules->rules)
            QCOMPARE(rule.when.models, QStringList { rule.then.target });
    }

    void problemsShowAsYouTypeAndNothingIsSaved()
    {
        auto page = openPage();
        QVERIFY(page);
        Q_EMIT page->findChild<ui::EmptyState *>()->actionTriggered();
        typeRules(*page, QStringLiteral(R"({"rules": [{"name": "typo", "then": {"target": "chat-smrt"}}]})"));
        QVERIFY(!page->editor()->validRules());
        auto *problems = page->editor()->findChild<QListWidget *>(QStringLiteral("rule-problems"));
        QVERIFY(problems);
        QCOMPARE(problems->count(), 1);
        QVERIFY2(problems->item(0)->text().contains(QLatin1String("chat-smrt")), qPrintable(problems->item(0)->text()));
        QVERIFY(!page->findChild<QPushButton *>(QStringLiteral("save-draft"))->isEnabled());

        // Broken JSON says where.
        typeRules(*page, QStringLiteral("{\"rules\": [\n  {\"name\": }\n]}"));
        QCOMPARE(problems->count(), 1);
        QVERIFY2(problems->item(0)->text().startsWith(QLatin1String("line 2, column")), qPrintable(problems->item(0)->text()));

        QSignalSpy failed(page.get(), &ui::RoutingPage::failed);
        page->saveDraft(QStringLiteral("should not save"));
        QCOMPARE(failed.count(), 1);
        auto db = connection();
        auto versions = core::store::RuleSetRepository(*db).list();
        QVERIFY_OK(versions);
        QVERIFY(versions->empty());
        QVERIFY(page->grab().save(tests::screenshotDir() + QLatin1String("/routing-problems.png")));
    }

    void saveActivateAndRollBackAreAudited()
    {
        auto page = openPage();
        QVERIFY(page);
        Q_EMIT page->findChild<ui::EmptyState *>()->actionTriggered();
        typeRules(*page, QString::fromLatin1(kTwoRules));
        QVERIFY(page->editor()->validRules());
        QCOMPARE(page->editor()->overview()->topLevelItemCount(), 2);
        QCOMPARE(page->editor()->overview()->topLevelItem(0)->text(3), QStringLiteral("tenant is acme"));

        const qint64 first = saveDraft(*page, QStringLiteral("acme on the large model"));
        QVERIFY(first > 0);
        // The list shows the new draft, selected.
        QVERIFY(QTest::qWaitFor([&] {
            const auto *selected = page->versions()->selected();
            return selected && selected->version == first;
        }));

        // Activate through the list's button and its reason dialog.
        QPushButton *activate = page->versions()->activateButton();
        QCOMPARE(activate->text(), QStringLiteral("Activate v%1…").arg(first));
        {
            QSignalSpy activated(page.get(), &ui::RoutingPage::activated);
            tests::answerNextDialog(QStringLiteral("acme asked for better answers"));
            activate->click();
            QVERIFY(activated.wait(10'000));
        }
        QVERIFY(QTest::qWaitFor([&] { return page->versions()->activeVersion() == first; }));

        typeRules(*page, QString::fromLatin1(kTwoRules).replace(QLatin1String("chat-smart"), QLatin1String("extract-json")));
        const qint64 second = saveDraft(*page, QStringLiteral("try extract-json for acme"));
        QVERIFY(second > first);
        page->activate(second, QStringLiteral("experiment"));
        QVERIFY(QTest::qWaitFor([&] { return page->versions()->activeVersion() == second; }));

        page->versions()->select(first);
        QCOMPARE(activate->text(), QStringLiteral("Roll Back to v%1…").arg(first));
        {
            QSignalSpy activated(page.get(), &ui::RoutingPage::activated);
            tests::answerNextDialog(QStringLiteral("extract-json is slow for chat"));
            activate->click();
            QVERIFY(activated.wait(10'000));
        }
        QVERIFY(QTest::qWaitFor([&] { return page->versions()->activeVersion() == first; }));

        auto db = connection();
        auto audit = core::store::AuditLogRepository(*db).list(QStringLiteral("ruleset"));
        QVERIFY_OK(audit);
        // Newest first; the demo's own activation comes after these three.
        QCOMPARE(audit->size(), std::size_t(4));
        QCOMPARE(audit->at(0).action, QStringLiteral("ruleset.rollback"));
        QCOMPARE(audit->at(0).reason, QStringLiteral("extract-json is slow for chat"));
        QCOMPARE(audit->at(0).actor, QStringLiteral("ops-lead"));
        QCOMPARE(audit->at(2).reason, QStringLiteral("acme asked for better answers"));
        QVERIFY(page->grab().save(tests::screenshotDir() + QLatin1String("/routing-rules.png")));
    }

    void explainReadsAPastedRequest()
    {
        auto page = openPage();
        QVERIFY(page);
        Q_EMIT page->findChild<ui::EmptyState *>()->actionTriggered();
        typeRules(*page, QString::fromLatin1(kTwoRules));
        page->tabs()->setCurrentWidget(page->explainView());
        ui::ExplainView *explain = page->explainView();

        QVERIFY(!explain->readRequest(QStringLiteral("<html>Bad gateway</html>")));
        QVERIFY(explain->readRequest(QStringLiteral(
            R"({"model": "chat-fast", "user": "u-1", "messages": [{"role": "user", "content": "hello"}],
                "switchboard": {"feature": "support-answer"}})")));
        // Nobody picked a tenant: acme's rule does not match, and says why.
        QCOMPARE(explain->decision().ruleName, QStringLiteral("default"));
        QCOMPARE(explain->decision().target, QStringLiteral("chat-fast"));
        QCOMPARE(explain->verdicts()->topLevelItemCount(), 2);
        QVERIFY2(explain->verdicts()->topLevelItem(0)->text(3).contains(QLatin1String("tenant")),
                 qPrintable(explain->verdicts()->topLevelItem(0)->text(3)));
        QVERIFY(explain->planLabel()->text().contains(QLatin1String("sim-backup/sim-small-2025-01-15")));

        auto *tenant = explain->findChild<QLineEdit *>(QStringLiteral("explain-tenant"));
        QVERIFY(tenant);
        tenant->setText(QStringLiteral("acme"));
        QCOMPARE(explain->decision().ruleName, QStringLiteral("acme-smart"));
        QCOMPARE(explain->decision().target, QStringLiteral("chat-smart"));
        QVERIFY(page->grab().save(tests::screenshotDir() + QLatin1String("/routing-explain.png")));
    }

    void whatIfProjectsLoggedCalls()
    {
        {
            auto db = connection();
            std::vector<core::CallRecord> calls;
            const qint64 now = QDateTime::currentMSecsSinceEpoch();
            for (int i = 0; i < 40; ++i) {
                core::CallRecord call;
                call.id = QStringLiteral("call-%1").arg(i, 3, 10, QLatin1Char('0'));
                call.startedMs = now - 60'000 - i * 1000;
                call.tenant = i % 4 == 0 ? QStringLiteral("acme") : QStringLiteral("globex");
                call.alias = QStringLiteral("chat-fast");
                call.provider = QStringLiteral("sim-primary");
                call.model = i % 2 ? QStringLiteral("sim-small-2025-01-15") : QStringLiteral("sim-large-2025-06-01");
                call.latencyUs = i % 2 ? 300'000 : 1'200'000;
                call.inputTokens = 800;
                call.outputTokens = 200;
                call.costMicros = 100;
                calls.push_back(call);
            }
            QVERIFY_OK(core::store::CallRepository(*db).insert(calls));
        }
        auto page = openPage();
        QVERIFY(page);
        Q_EMIT page->findChild<ui::EmptyState *>()->actionTriggered();
        typeRules(*page, QString::fromLatin1(kTwoRules));
        page->tabs()->setCurrentWidget(page->whatIfView());
        QSignalSpy finished(page->whatIfView(), &ui::WhatIfView::finished);
        page->whatIfView()->runButton()->click();
        QVERIFY(finished.wait(10'000));

        const QString summary = page->whatIfView()->summary()->text();
        // acme's 10 calls move to chat-smart (the large model); half of them already ran on it.
        QVERIFY2(summary.contains(QLatin1String("<b>40</b> calls")), qPrintable(summary));
        QTreeWidget *targets = page->whatIfView()->targets();
        QCOMPARE(targets->topLevelItemCount(), 2);
        QCOMPARE(targets->topLevelItem(0)->text(0), QStringLiteral("chat-fast"));
        QCOMPARE(targets->topLevelItem(0)->text(2), QStringLiteral("30"));
        QCOMPARE(targets->topLevelItem(1)->text(0), QStringLiteral("chat-smart"));
        QCOMPARE(targets->topLevelItem(1)->text(1), QStringLiteral("sim-primary/sim-large-2025-06-01"));
        QCOMPARE(targets->topLevelItem(1)->text(2), QStringLiteral("10"));
        QVERIFY(targets->topLevelItem(1)->text(8).endsWith(QLatin1String(" s")));
        QVERIFY(page->grab().save(tests::screenshotDir() + QLatin1String("/routing-whatif.png")));
    }
};

QTEST_MAIN(TestRoutingPage)
#include "tst_routingpage.moc"
