// switchboard-cli keys as an operator uses it: a key is shown once and never stored, list shows
// what it carries, revoke needs a reason; and switchboard-gateway serves a workspace.
#include "clirun.h"
#include "temporaryworkspace.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

using namespace switchboard;

namespace {

using tests::Ran;

Ran cli(const QStringList &arguments, const QString &workspace)
{
    return tests::runCli(arguments, workspace);
}

// Every byte of the workspace's files (database, write-ahead log).
QByteArray workspaceBytes(const tests::TemporaryWorkspace &temp)
{
    QByteArray all;
    for (const QString &suffix : { QString(), QStringLiteral("-wal") }) {
        QFile file(temp.path() + suffix);
        if (file.open(QIODevice::ReadOnly))
            all += file.readAll();
    }
    return all;
}

} // namespace

class TestCliKeys final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void keyIsShownOnceAndOnlyItsHashIsStored()
    {
        tests::TemporaryWorkspace temp;
        const QString workspace = temp.path();
        QCOMPARE(cli({ QStringLiteral("init") }, workspace).exitCode, 0);
        const Ran created = cli({ QStringLiteral("keys"), QStringLiteral("create"), QStringLiteral("--tenant"), QStringLiteral("acme"),
                                  QStringLiteral("--name"), QStringLiteral("prod"), QStringLiteral("--rpm"), QStringLiteral("600"),
                                  QStringLiteral("--budget-usd-per-day"), QStringLiteral("25") },
                                workspace);
        QCOMPARE(created.exitCode, 0);
        const QByteArray secret = created.out.trimmed();
        QVERIFY2(secret.startsWith("sbk-") && secret.size() > 40, secret.constData());
        QVERIFY(created.err.contains("only time it is shown"));
        QVERIFY(!workspaceBytes(temp).contains(secret));

        const Ran listed = cli({ QStringLiteral("keys"), QStringLiteral("list"), QStringLiteral("--json") }, workspace);
        QCOMPARE(listed.exitCode, 0);
        QVERIFY(!listed.out.contains(secret));
        const QJsonObject key = QJsonDocument::fromJson(listed.out).array().at(0).toObject();
        QCOMPARE(key.value(QStringLiteral("name")).toString(), QStringLiteral("prod"));
        QCOMPARE(key.value(QStringLiteral("tenant")).toString(), QStringLiteral("acme"));
        QCOMPARE(key.value(QStringLiteral("requests_per_minute")).toInt(), 600);
        QCOMPARE(key.value(QStringLiteral("budget_usd_per_day")).toDouble(), 25.0);
        QVERIFY(secret.startsWith(key.value(QStringLiteral("prefix")).toString().toLatin1()));

        const Ran duplicate = cli({ QStringLiteral("keys"), QStringLiteral("create"), QStringLiteral("--tenant"), QStringLiteral("acme"),
                                    QStringLiteral("--name"), QStringLiteral("prod") },
                                  workspace);
        QCOMPARE(duplicate.exitCode, 1);
        QVERIFY(duplicate.err.contains("in use already"));
    }

    void revokingNeedsAReason()
    {
        tests::TemporaryWorkspace temp;
        const QString workspace = temp.path();
        QCOMPARE(cli({ QStringLiteral("init") }, workspace).exitCode, 0);
        QCOMPARE(cli({ QStringLiteral("keys"), QStringLiteral("create"), QStringLiteral("--tenant"), QStringLiteral("acme"),
                       QStringLiteral("--name"), QStringLiteral("old") },
                     workspace)
                     .exitCode,
                 0);
        const Ran noReason = cli({ QStringLiteral("keys"), QStringLiteral("revoke"), QStringLiteral("old") }, workspace);
        QCOMPARE(noReason.exitCode, 1);
        QVERIFY(noReason.err.contains("Say why"));
        QCOMPARE(cli({ QStringLiteral("keys"), QStringLiteral("revoke"), QStringLiteral("old"), QStringLiteral("--reason"),
                       QStringLiteral("leaked in a log") },
                     workspace)
                     .exitCode,
                 0);
        const Ran listed = cli({ QStringLiteral("keys"), QStringLiteral("list"), QStringLiteral("--json") }, workspace);
        QVERIFY(!QJsonDocument::fromJson(listed.out).array().at(0).toObject().value(QStringLiteral("revoked_ms")).isNull());
    }

    void badAmountsAreRefusedWithTheReason()
    {
        tests::TemporaryWorkspace temp;
        const Ran ran = cli({ QStringLiteral("keys"), QStringLiteral("create"), QStringLiteral("--tenant"), QStringLiteral("acme"),
                              QStringLiteral("--budget-usd-per-day"), QStringLiteral("-3") },
                            temp.path());
        QCOMPARE(ran.exitCode, 2);
        QVERIFY(ran.err.contains("US dollars"));
    }

    void gatewayServesAndStopsCleanly()
    {
        tests::TemporaryWorkspace temp;
        const QString workspace = temp.path();
        QCOMPARE(cli({ QStringLiteral("init") }, workspace).exitCode, 0);
        QProcess gateway;
        gateway.start(QStringLiteral(SWITCHBOARD_GATEWAY), { QStringLiteral("-w"), workspace, QStringLiteral("--listen"),
                                                             QStringLiteral("127.0.0.1:0") });
        QVERIFY(gateway.waitForStarted());
        QByteArray said;
        QTRY_VERIFY_WITH_TIMEOUT((said += gateway.readAllStandardError()).contains("serving"), 20'000);
        gateway.terminate(); // SIGTERM: the recorder flushes, the process exits 0
        QVERIFY(gateway.waitForFinished(20'000));
        QCOMPARE(gateway.exitStatus(), QProcess::NormalExit);
        QCOMPARE(gateway.exitCode(), 0);

        QProcess badListen;
        badListen.start(QStringLiteral(SWITCHBOARD_GATEWAY), { QStringLiteral("-w"), workspace, QStringLiteral("--listen"),
                                                               QStringLiteral("localhost") });
        QVERIFY(badListen.waitForFinished(20'000));
        QCOMPARE(badListen.exitCode(), 2);
        QVERIFY(badListen.readAllStandardError().contains("host:port"));
    }
};

QTEST_GUILESS_MAIN(TestCliKeys)
#include "tst_cli_keys.moc"
