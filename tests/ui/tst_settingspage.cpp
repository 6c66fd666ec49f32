// The Settings page's gateway parts: a key made in the console is shown once and stored only
// as its hash, revoking asks why and is audited; the local gateway starts on the open
// workspace, answers, stops, and says why when it cannot start.
#include "dialoganswer.h"
#include "pagetestsupport.h"
#include "gateway/gatewaykey.h"
#include "gateway/gatewayprocess.h"
#include "model/productinfo.h"
#include "resultcheck.h"
#include "settings/gatewaykeyspanel.h"
#include "settings/localgatewaypanel.h"
#include "settings/settingspage.h"
#include "store/auditlogrepository.h"
#include "store/connection.h"
#include "store/gatewaykeyrepository.h"
#include "store/workspace.h"
#include "temporaryworkspace.h"

#include <QDir>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTest>
#include <QTreeWidget>

using namespace switchboard;
using core::gateway::GatewayProcess;
using core::store::Connection;

namespace {

// Reads the secret off the dialog that shows it once, and closes it.
void takeSecretFromDialog(QString *secret)
{
    QTimer::singleShot(0, qApp, [secret] {
        QWidget *dialog = QApplication::activeModalWidget();
        if (!dialog || dialog->objectName() != QLatin1String("secret-dialog")) {
            takeSecretFromDialog(secret);
            return;
        }
        *secret = dialog->findChild<QLineEdit *>()->text();
        qobject_cast<QDialog *>(dialog)->accept();
    });
}

} // namespace

class TestSettingsPage final : public QObject
{
    Q_OBJECT

    std::unique_ptr<tests::TemporaryWorkspace> m_temp;
    core::store::WorkspaceSummary m_summary;

    std::unique_ptr<ui::SettingsPage> openPage()
    {
        auto page = std::make_unique<ui::SettingsPage>();
        page->resize(1400, 900);
        page->show();
        page->activateWindow();
        if (!QTest::qWaitForWindowActive(page.get()))
            return nullptr;
        page->gatewayPanel()->process()->setProgram(QStringLiteral(SWITCHBOARD_GATEWAY_PROGRAM));
        QSignalSpy listed(page->keysPanel(), &ui::GatewayKeysPanel::listed);
        page->setWorkspace(m_summary);
        if (!listed.wait(10'000))
            return nullptr;
        return page;
    }

private Q_SLOTS:
    void initTestCase()
    {
        tests::useOwnSettings("settingspage", QStringLiteral("ops-lead"));
    }

    void init()
    {
        m_temp = std::make_unique<tests::TemporaryWorkspace>();
        auto summary = core::store::prepareWorkspace(m_temp->location(), Connection::Mode::CreateIfMissing);
        QVERIFY_OK(summary);
        m_summary = *summary;
    }

    void aKeyIsShownOnceAndRevokedWithAReason()
    {
        auto page = openPage();
        QVERIFY(page);
        ui::GatewayKeysPanel *keys = page->keysPanel();
        core::gateway::GatewayKey key;
        key.name = QStringLiteral("acme-prod");
        key.tenant = QStringLiteral("acme");
        key.requestsPerMinute = 600;
        key.budgetMicrosPerDay = 25'000'000;
        QString secret;
        takeSecretFromDialog(&secret);
        QSignalSpy listed(keys, &ui::GatewayKeysPanel::listed);
        keys->create(key);
        QVERIFY(listed.wait(10'000));
        QVERIFY(QTest::qWaitFor([&] { return !secret.isEmpty(); }));
        QVERIFY(secret.startsWith(QLatin1String("sbk-")));

        QTreeWidget *table = keys->table();
        QCOMPARE(table->topLevelItemCount(), 1);
        QTreeWidgetItem *row = table->topLevelItem(0);
        QCOMPARE(row->text(0), QStringLiteral("acme-prod"));
        QCOMPARE(row->text(4), QStringLiteral("600 rpm"));
        QCOMPARE(row->text(5), QStringLiteral("$25.00/day"));
        QCOMPARE(row->text(7), QStringLiteral("active"));
        // The list shows the prefix to recognise a key by, never the key.
        for (int column = 0; column < row->columnCount(); ++column)
            QVERIFY(!row->text(column).contains(secret));
        QVERIFY(secret.startsWith(row->text(1).chopped(1)));
        {
            auto connection = Connection::open(m_temp->location());
            QVERIFY_OK(connection);
            auto active = core::store::GatewayKeyRepository(**connection).activeByHash();
            QVERIFY_OK(active);
            QCOMPARE(active->size(), std::size_t(1));
            QCOMPARE(active->front().first, core::gateway::hashGatewaySecret(secret.toLatin1()));
        }
        QVERIFY(page->grab().save(tests::screenshotDir() + QLatin1String("/settings-keys.png")));

        table->setCurrentItem(row);
        tests::answerNextDialog(QStringLiteral("leaked in a support ticket"));
        page->findChild<QPushButton *>(QStringLiteral("revoke-key"))->click();
        QVERIFY(QTest::qWaitFor([&] { return table->topLevelItemCount() == 1 && table->topLevelItem(0)->text(7).startsWith(QLatin1String("revoked")); }));
        auto connection = Connection::open(m_temp->location());
        QVERIFY_OK(connection);
        auto audit = core::store::AuditLogRepository(**connection).list();
        QVERIFY_OK(audit);
        QCOMPARE(audit->front().reason, QStringLiteral("leaked in a support ticket"));
        QCOMPARE(audit->front().actor, QStringLiteral("ops-lead"));
    }

    void theLocalGatewayStartsAnswersAndStops()
    {
        auto page = openPage();
        QVERIFY(page);
        ui::LocalGatewayPanel *panel = page->gatewayPanel();
        // A free port, found by binding one and letting it go.
        quint16 port = 0;
        {
            QTcpServer probe;
            QVERIFY(probe.listen(QHostAddress::LocalHost));
            port = probe.serverPort();
        }
        panel->listenEdit()->setText(QStringLiteral("127.0.0.1:%1").arg(port));
        panel->toggleButton()->click();
        QTRY_COMPARE_WITH_TIMEOUT(panel->process()->state(), GatewayProcess::State::Running, 20'000);
        QCOMPARE(panel->process()->baseUrl(), QStringLiteral("http://127.0.0.1:%1").arg(port));
        QVERIFY(panel->statusText().contains(QStringLiteral("http://127.0.0.1:%1").arg(port)));
        QCOMPARE(panel->toggleButton()->text(), QStringLiteral("Stop Gateway"));

        QNetworkAccessManager network;
        std::unique_ptr<QNetworkReply> reply(network.get(QNetworkRequest(QUrl(panel->process()->baseUrl() + QLatin1String("/health")))));
        QSignalSpy done(reply.get(), &QNetworkReply::finished);
        QVERIFY(done.wait(10'000));
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        QVERIFY(page->grab().save(tests::screenshotDir() + QLatin1String("/settings-gateway.png")));

        panel->toggleButton()->click();
        QTRY_COMPARE_WITH_TIMEOUT(panel->process()->state(), GatewayProcess::State::Stopped, 20'000);
        QCOMPARE(panel->toggleButton()->text(), QStringLiteral("Start Gateway"));
        QCOMPARE(panel->statusText(), QStringLiteral("Stopped."));
    }

    void aGatewayThatCannotStartSaysWhy()
    {
        auto page = openPage();
        QVERIFY(page);
        ui::LocalGatewayPanel *panel = page->gatewayPanel();
        QTcpServer taken;
        QVERIFY(taken.listen(QHostAddress::LocalHost));
        QSignalSpy failed(panel->process(), &GatewayProcess::failed);
        panel->listenEdit()->setText(QStringLiteral("127.0.0.1:%1").arg(taken.serverPort()));
        panel->toggleButton()->click();
        QVERIFY(failed.wait(20'000));
        QCOMPARE(panel->process()->state(), GatewayProcess::State::Stopped);
        QVERIFY2(panel->statusText().contains(QLatin1String("did not start")), qPrintable(panel->statusText()));
        QCOMPARE(panel->toggleButton()->text(), QStringLiteral("Start Gateway"));
    }
};

QTEST_MAIN(TestSettingsPage)
#include "tst_settingspage.moc"
