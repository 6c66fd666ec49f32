// switchboard-cli as scripts use it: exit codes, JSON output, and totals that match the log.
#include "model/callid.h"
#include "resultcheck.h"
#include "store/connection.h"
#include "store/recorder.h"
#include "store/workspace.h"
#include "temporaryworkspace.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

using namespace switchboard;
using namespace switchboard::core;

namespace {

struct Ran
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Ran cli(const QStringList &arguments)
{
    QProcess process;
    process.start(QStringLiteral(SWITCHBOARD_CLI), arguments);
    if (!process.waitForFinished(60000))
        return {};
    return { process.exitCode(), process.readAllStandardOutput(), process.readAllStandardError() };
}

} // namespace

class TestCli final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initCreatesAndInfoDescribes()
    {
        tests::TemporaryWorkspace temp;
        const Ran init = cli({ QStringLiteral("init"), QStringLiteral("--workspace"), temp.path(), QStringLiteral("--json") });
        QCOMPARE(init.exitCode, 0);
        const QJsonObject created = QJsonDocument::fromJson(init.out).object();
        QCOMPARE(created.value(QStringLiteral("schema_version")).toInt(), 1);
        const Ran info = cli({ QStringLiteral("info"), QStringLiteral("-w"), temp.path(), QStringLiteral("--json") });
        QCOMPARE(info.exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(info.out).object().value(QStringLiteral("id")), created.value(QStringLiteral("id")));
    }

    void failuresExitNonZeroWithAMessage()
    {
        tests::TemporaryWorkspace temp;
        const Ran missing = cli({ QStringLiteral("info"), QStringLiteral("-w"), temp.path(QStringLiteral("none.switchboard")) });
        QCOMPARE(missing.exitCode, 1);
        QVERIFY(missing.err.contains("There is no workspace"));
        QFile text(temp.path(QStringLiteral("notes.txt")));
        QVERIFY(text.open(QIODevice::WriteOnly));
        text.write("not a database");
        text.close();
        const Ran notWorkspace = cli({ QStringLiteral("stats"), QStringLiteral("-w"), text.fileName() });
        QCOMPARE(notWorkspace.exitCode, 1);
        QVERIFY(notWorkspace.err.contains("not a Switchboard workspace"));
        QCOMPARE(cli({ QStringLiteral("frobnicate") }).exitCode, 2);
        QCOMPARE(cli({}).exitCode, 2);
        QCOMPARE(cli({ QStringLiteral("--version") }).exitCode, 0);
    }

    void statsMatchTheRecordedCalls()
    {
        tests::TemporaryWorkspace temp;
        QVERIFY_OK(store::prepareWorkspace(temp.location(), store::Connection::Mode::CreateIfMissing));
        qint64 cost = 0;
        {
            auto recorder = store::Recorder::start(temp.location());
            QVERIFY_OK(recorder);
            for (int n = 0; n < 300; ++n) {
                store::RecordedCall call;
                call.record.id = callIdAt(1'790'000'000'000 + n * 1000);
                call.record.startedMs = 1'790'000'000'000 + n * 1000;
                call.record.provider = n % 3 ? QStringLiteral("sim-a") : QStringLiteral("sim-b");
                call.record.model = n % 2 ? QStringLiteral("sim-small") : QStringLiteral("sim-large");
                call.record.costMicros = 1000 + n;
                call.record.inputTokens = 10;
                call.record.outputTokens = 5;
                if (n % 25 == 0)
                    call.record.failure = FailureCategory::RateLimited;
                cost += call.record.costMicros;
                (*recorder)->record(call);
            }
        }
        const Ran stats = cli({ QStringLiteral("stats"), QStringLiteral("-w"), temp.path(), QStringLiteral("--json") });
        QCOMPARE(stats.exitCode, 0);
        const QJsonObject totals = QJsonDocument::fromJson(stats.out).object();
        QCOMPARE(totals.value(QStringLiteral("calls")).toInteger(), 300);
        QCOMPARE(totals.value(QStringLiteral("cost_micros")).toInteger(), cost);
        QCOMPARE(totals.value(QStringLiteral("input_tokens")).toInteger(), 3000);
        QCOMPARE(totals.value(QStringLiteral("failures")).toObject().value(QStringLiteral("rate_limited")).toInteger(), 12);
        const QJsonObject providers = totals.value(QStringLiteral("providers")).toObject();
        QCOMPARE(providers.value(QStringLiteral("sim-b")).toObject().value(QStringLiteral("calls")).toInteger(), 100);
        QCOMPARE(totals.value(QStringLiteral("models")).toObject().value(QStringLiteral("sim-small")).toObject()
                     .value(QStringLiteral("calls")).toInteger(), 150);
    }

    void pricesAreListedSetAndImported()
    {
        tests::TemporaryWorkspace temp;
        QCOMPARE(cli({ QStringLiteral("init"), QStringLiteral("-w"), temp.path() }).exitCode, 0);
        const Ran set = cli({ QStringLiteral("prices"), QStringLiteral("set"), QStringLiteral("openai"), QStringLiteral("gpt-4o"),
                              QStringLiteral("--input"), QStringLiteral("2"), QStringLiteral("--output"), QStringLiteral("8"),
                              QStringLiteral("-w"), temp.path() });
        QVERIFY2(set.exitCode == 0, set.err.constData());
        const Ran listed = cli({ QStringLiteral("prices"), QStringLiteral("list"), QStringLiteral("-w"), temp.path(), QStringLiteral("--json") });
        QCOMPARE(listed.exitCode, 0);
        int user = 0;
        int shipped = 0;
        for (const QJsonValue &rule : QJsonDocument::fromJson(listed.out).array()) {
            const QJsonObject object = rule.toObject();
            if (object.value(QStringLiteral("value")).toString() == QLatin1String("gpt-4o")
                && object.value(QStringLiteral("provider")).toString() == QLatin1String("openai")) {
                QCOMPARE(object.value(QStringLiteral("source")).toString(), QStringLiteral("user"));
                QCOMPARE(object.value(QStringLiteral("input_per_mtok_usd")).toDouble(), 2.0);
                ++user;
            }
            shipped += object.value(QStringLiteral("source")).toString() == QLatin1String("shipped");
        }
        QCOMPARE(user, 1);
        QVERIFY(shipped > 250);

        QFile broken(temp.path(QStringLiteral("prices.json")));
        QVERIFY(broken.open(QIODevice::WriteOnly));
        broken.write("<html><body>502 Bad Gateway</body></html>");
        broken.close();
        const Ran refused = cli({ QStringLiteral("prices"), QStringLiteral("import"), broken.fileName(), QStringLiteral("-w"), temp.path() });
        QCOMPARE(refused.exitCode, 1);
        QVERIFY(refused.err.contains("Nothing was changed"));
        QCOMPARE(cli({ QStringLiteral("prices"), QStringLiteral("list"), QStringLiteral("-w"), temp.path(), QStringLiteral("--json") }).out,
                 listed.out);
    }

    void demoThenCallThroughItsInProcessSimulation()
    {
        tests::TemporaryWorkspace temp;
        const Ran demo = cli({ QStringLiteral("demo"), QStringLiteral("-w"), temp.path(), QStringLiteral("--calls"),
                               QStringLiteral("120"), QStringLiteral("--json") });
        QVERIFY2(demo.exitCode == 0, demo.err.constData());
        QCOMPARE(QJsonDocument::fromJson(demo.out).object().value(QStringLiteral("calls")).toInteger(), 120);
        const Ran again = cli({ QStringLiteral("demo"), QStringLiteral("-w"), temp.path(), QStringLiteral("--calls"), QStringLiteral("5") });
        QCOMPARE(again.exitCode, 1);
        QVERIFY(again.err.contains("new or empty workspace"));

        // Nothing else runs: the workspace's simulated provider is served inside the CLI.
        const Ran call = cli({ QStringLiteral("call"), QStringLiteral("-w"), temp.path(), QStringLiteral("--provider"),
                               QStringLiteral("sim-primary"), QStringLiteral("--model"), QStringLiteral("sim-small-2025-01-15"),
                               QStringLiteral("--json"), QStringLiteral("Where is my order?") });
        QVERIFY2(call.exitCode == 0, call.err.constData());
        const QJsonObject answered = QJsonDocument::fromJson(call.out).object();
        QCOMPARE(answered.value(QStringLiteral("status")).toString(), QStringLiteral("ok"));
        QCOMPARE(answered.value(QStringLiteral("provider")).toString(), QStringLiteral("sim-primary"));
        QVERIFY(!answered.value(QStringLiteral("text")).toString().isEmpty());
        QVERIFY(answered.value(QStringLiteral("cost_micros")).toInteger() > 0);

        const Ran stats = cli({ QStringLiteral("stats"), QStringLiteral("-w"), temp.path(), QStringLiteral("--json") });
        QCOMPARE(QJsonDocument::fromJson(stats.out).object().value(QStringLiteral("calls")).toInteger(), 121);

        const Ran unknown = cli({ QStringLiteral("call"), QStringLiteral("-w"), temp.path(), QStringLiteral("--provider"),
                                  QStringLiteral("nope"), QStringLiteral("--model"), QStringLiteral("m"), QStringLiteral("hi") });
        QCOMPARE(unknown.exitCode, 1);
        QVERIFY(unknown.err.contains("no provider named 'nope'"));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
