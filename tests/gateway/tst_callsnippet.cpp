// "Copy as TypeScript / Python / curl": a logged call written out as code that sends it
// through the gateway again. The TypeScript is run with the official SDK against a live
// gateway and must get the original answer; no snippet ever holds the key.
#include "gatewayfixture.h"
#include "jsoncompare.h"
#include "resultcheck.h"

#include "replay/callsnippet.h"
#include "replay/replaysummary.h"
#include "store/callrepository.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace switchboard;
using namespace switchboard::tests;
using core::replay::SnippetLanguage;

namespace {

nlohmann::json question(bool stream)
{
    return { { "model", "chat-fast" },
             { "messages", { { { "role", "system" }, { "content", "Answer briefly; don't guess." } },
                             { { "role", "user" }, { "content", "Where's my order \"A-17\"? \u00e9t\u00e9 \xf0\x9f\x93\xa6" } } } },
             { "temperature", 0.2 },
             { "seed", 5 },
             { "stream", stream } };
}

} // namespace

class TestCallSnippet : public QObject
{
    Q_OBJECT

    core::store::RecordedCall callOf(GatewayFixture &fixture, bool stream, QString *answer)
    {
        const Reply reply = fixture.post("/v1/chat/completions", QByteArray::fromStdString(question(stream).dump()),
                                         { { "authorization", "Bearer " + fixture.secret() },
                                           { "x-switchboard-feature", "order-status" },
                                           { "x-switchboard-user", "user-9" } });
        if (reply.status != 200)
            return {};
        const nlohmann::json calls = fixture.recordedCalls();
        const QString id = QString::fromStdString(calls.back()["id"].get<std::string>());
        auto loaded = core::store::CallRepository(fixture.connection()).load(id);
        if (!loaded || !*loaded)
            return {};
        *answer = core::replay::outputOf((*loaded)->responseJson);
        return **loaded;
    }

    // Runs a TypeScript snippet with node, the SDK installed in tests/sdk, and the key in the
    // environment; returns what it printed.
    QString runTypeScript(const QString &snippet, const QByteArray &secret)
    {
        const QString node = QStandardPaths::findExecutable(QStringLiteral("node"));
        const QString sdkDir = QStringLiteral(SWITCHBOARD_SDK_DIR);
        if (node.isEmpty() || !QFile::exists(sdkDir + QLatin1String("/node_modules/openai/package.json"))) {
            qWarning("The SDK clients are not installed: run 'npm ci --prefix tests/sdk' (scripts/test does).");
            return {};
        }
        QTemporaryDir dir;
        QFile::link(sdkDir + QLatin1String("/node_modules"), dir.filePath(QStringLiteral("node_modules")));
        QFile file(dir.filePath(QStringLiteral("replay.mjs")));
        if (!file.open(QIODevice::WriteOnly))
            return {};
        file.write(snippet.toUtf8());
        file.close();
        QProcess process;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QLatin1String(core::replay::kSnippetKeyVariable), QString::fromLatin1(secret));
        process.setProcessEnvironment(environment);
        process.start(node, { file.fileName() });
        // The gateway serves on this thread: wait without blocking its event loop.
        QDeadlineTimer deadline(60'000);
        while (process.state() != QProcess::NotRunning && !deadline.hasExpired())
            QTest::qWait(20);
        if (process.exitCode() != 0)
            qWarning("%s", process.readAllStandardError().constData());
        return QString::fromUtf8(process.readAllStandardOutput()).trimmed();
    }

private Q_SLOTS:
    void typeScriptSendsTheCallAgainAndGetsTheSameAnswer_data()
    {
        QTest::addColumn<bool>("stream");
        QTest::newRow("plain") << false;
        QTest::newRow("streamed") << true;
    }

    void typeScriptSendsTheCallAgainAndGetsTheSameAnswer()
    {
        QFETCH(bool, stream);
        GatewayFixture fixture;
        QVERIFY(fixture.startGateway());
        QString answer;
        const core::store::RecordedCall call = callOf(fixture, stream, &answer);
        QVERIFY(!call.record.id.isEmpty());
        QVERIFY(!answer.isEmpty());
        const QString url = QStringLiteral("http://127.0.0.1:%1").arg(fixture.gateway().port());
        const auto snippet = core::replay::callSnippet(call, SnippetLanguage::TypeScript, url);
        QVERIFY_OK(snippet);
        QVERIFY(!snippet->contains(QString::fromLatin1(fixture.secret())));
        QCOMPARE(runTypeScript(*snippet, fixture.secret()), answer.trimmed());
        // The gateway logged it like the original: same feature and user, same model.
        const nlohmann::json calls = fixture.recordedCalls();
        QCOMPARE(calls.size(), std::size_t(2));
        QCOMPARE_JSON(calls.back()["feature"], "order-status");
        QCOMPARE_JSON(calls.back()["user_id"], "user-9");
        QCOMPARE_JSON(calls.back()["model"], calls.front()["model"]);
    }

    void curlAndPythonCarryTheRequestButNeverTheKey()
    {
        GatewayFixture fixture;
        QVERIFY(fixture.startGateway());
        QString answer;
        const core::store::RecordedCall call = callOf(fixture, false, &answer);
        QVERIFY(!call.record.id.isEmpty());
        const auto curl = core::replay::callSnippet(call, SnippetLanguage::Curl, QStringLiteral("http://gw.example:8080/"));
        QVERIFY_OK(curl);
        QVERIFY(!curl->contains(QString::fromLatin1(fixture.secret())));
        QVERIFY(curl->contains(QLatin1String("curl http://gw.example:8080/v1/chat/completions")));
        QVERIFY(curl->contains(QLatin1String("-H \"Authorization: Bearer $SWITCHBOARD_API_KEY\"")));
        QVERIFY(curl->contains(QLatin1String("-H 'x-switchboard-feature: order-status'")));
        // The body between -d '...' is the logged request, the apostrophe quoted for the shell.
        const qsizetype start = curl->indexOf(QLatin1String("-d '")) + 4;
        QString body = curl->mid(start, curl->lastIndexOf(u'\'') - start);
        body.replace(QStringLiteral("'\\''"), QStringLiteral("'"));
        QCOMPARE_JSON(nlohmann::json::parse(body.toStdString()), nlohmann::json::parse(call.requestJson.toStdString()));

        const auto python = core::replay::callSnippet(call, SnippetLanguage::Python, QStringLiteral("http://gw.example:8080"));
        QVERIFY_OK(python);
        QVERIFY(!python->contains(QString::fromLatin1(fixture.secret())));
        QVERIFY(python->contains(QLatin1String("client = OpenAI(base_url=\"http://gw.example:8080/v1\", "
                                               "api_key=os.environ[\"SWITCHBOARD_API_KEY\"])")));
        QVERIFY(python->contains(QLatin1String("\"seed\": 5")));
        QVERIFY(python->contains(QLatin1String("\"model\": \"chat-fast\"")));
        QVERIFY(python->contains(QLatin1String("extra_headers={\"x-switchboard-feature\": \"order-status\", "
                                               "\"x-switchboard-user\": \"user-9\"}")));
        QVERIFY(!python->contains(QLatin1String("\"stream\"")));

        core::store::RecordedCall redacted = call;
        redacted.redaction = QStringLiteral("metadata");
        const auto refused = core::replay::callSnippet(redacted, SnippetLanguage::Curl, QStringLiteral("http://x"));
        QVERIFY(!refused);
        QVERIFY(refused.error().message.contains(QLatin1String("metadata")));
    }
};

QTEST_GUILESS_MAIN(TestCallSnippet)
#include "tst_callsnippet.moc"
