// The official OpenAI and Anthropic SDKs (npm, installed from tests/sdk/package-lock.json by
// scripts/test) against a running gateway: plain and streamed calls, and the exception types
// they raise for refused calls.
#include "gatewayfixture.h"

#include <QProcess>
#include <QProcessEnvironment>
#include <QStandardPaths>
#include <QTest>

using namespace switchboard;
using namespace switchboard::tests;

class TestGatewaySdk : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void officialClientsWorkAgainstTheGateway()
    {
        const QString node = QStandardPaths::findExecutable(QStringLiteral("node"));
        const QString sdkDir = QStringLiteral(SWITCHBOARD_SDK_DIR);
        if (node.isEmpty() || !QFile::exists(sdkDir + QLatin1String("/node_modules/openai/package.json")))
            QFAIL("The SDK clients are not installed: run 'npm ci --prefix tests/sdk' (scripts/test does).");

        GatewayFixture fixture;
        core::gateway::GatewayKey limited;
        limited.name = QStringLiteral("limited");
        limited.tenant = QStringLiteral("acme");
        limited.requestsPerMinute = 1;
        const QByteArray limitedSecret = fixture.createKey(limited);
        QVERIFY(fixture.startGateway());

        QProcess process;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("GATEWAY_URL"), QStringLiteral("http://127.0.0.1:%1").arg(fixture.gateway().port()));
        environment.insert(QStringLiteral("GATEWAY_KEY"), QString::fromLatin1(fixture.secret()));
        environment.insert(QStringLiteral("GATEWAY_LIMITED_KEY"), QString::fromLatin1(limitedSecret));
        process.setProcessEnvironment(environment);
        process.setWorkingDirectory(sdkDir);
        process.start(node, { sdkDir + QLatin1String("/check.mjs") });
        QVERIFY2(process.waitForStarted(), qPrintable(process.errorString()));
        // The gateway serves on this thread: wait without blocking its event loop.
        QTRY_VERIFY_WITH_TIMEOUT(process.state() == QProcess::NotRunning, 90'000);

        const QList<QByteArray> lines = process.readAllStandardOutput().trimmed().split('\n');
        int passed = 0;
        for (const QByteArray &line : lines) {
            const nlohmann::json result = nlohmann::json::parse(line.toStdString(), nullptr, false);
            if (result.is_discarded())
                continue;
            if (result.value("ok", false))
                ++passed;
            else
                qWarning("%s: %s", result.value("check", "").c_str(), result.value("error", "").c_str());
        }
        const QByteArray errors = process.readAllStandardError();
        QVERIFY2(process.exitCode() == 0, errors.constData());
        QCOMPARE(passed, 14);
        // Every call the SDKs made is in the log, refused ones included.
        QVERIFY(fixture.recordedCalls().size() >= 14);
    }
};

QTEST_GUILESS_MAIN(TestGatewaySdk)
#include "tst_gateway_sdk.moc"
