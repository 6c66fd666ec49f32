// switchboard-cli as scripts use it: exit codes, JSON output, and totals that match the log.
#include "model/callid.h"
#include "resultcheck.h"
#include "store/connection.h"
#include "store/migrator.h"
#include "store/recorder.h"
#include "store/workspace.h"
#include "temporaryworkspace.h"

#include <QDateTime>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRandomGenerator>
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

// As a script on a machine without a Secret Service runs it (whatever this machine has, so
// that no test ever writes to a real keychain), with stdin.
Ran cliWithoutKeychain(const QStringList &arguments, const QByteArray &stdinBytes)
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), QStringLiteral("unix:path=/nonexistent/switchboard-test-bus"));
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(SWITCHBOARD_CLI), arguments);
    process.write(stdinBytes);
    process.closeWriteChannel();
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
        QCOMPARE(created.value(QStringLiteral("schema_version")).toInt(), core::store::Migrator().latestVersion());
        const Ran info = cli({ QStringLiteral("info"), QStringLiteral("-w"), temp.path(), QStringLiteral("--json") });
        QCOMPARE(info.exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(info.out).object().value(QStringLiteral("id")), created.value(QStringLiteral("id")));
    }

    void logImportBringsInHistoryOnce()
    {
        tests::TemporaryWorkspace temp;
        QCOMPARE(cli({ QStringLiteral("init"), QStringLiteral("-w"), temp.path() }).exitCode, 0);
        QFile file(temp.path(QStringLiteral("history.jsonl")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\"timestamp\": \"2026-11-30T10:15:00Z\", \"metadata\": {\"tenant\": \"acme\"}, \"request\": {\"model\": \"gpt-4o-mini\", "
                   "\"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]}, \"response\": {\"id\": \"c1\", \"object\": \"chat.completion\", "
                   "\"created\": 1796033700, \"model\": \"gpt-4o-mini\", \"choices\": [{\"index\": 0, \"message\": {\"role\": \"assistant\", "
                   "\"content\": \"Hello\"}, \"finish_reason\": \"stop\"}], \"usage\": {\"prompt_tokens\": 3, \"completion_tokens\": 1}}}\n");
        file.close();
        const QStringList import { QStringLiteral("log"), QStringLiteral("import"), QStringLiteral("-w"), temp.path(), QStringLiteral("--in"), file.fileName() };
        const Ran first = cli(import);
        QVERIFY2(first.exitCode == 0, first.err.constData());
        QVERIFY2(first.out.contains("Imported 1 call(s) from history.jsonl (openai)"), first.out.constData());
        const Ran again = cli(import);
        QVERIFY2(again.out.contains("Imported 0 call(s)") && again.out.contains("1 were imported before"), again.out.constData());
        const Ran listed = cli({ QStringLiteral("log"), QStringLiteral("-w"), temp.path(), QStringLiteral("--filter"), QStringLiteral("tenant:acme") });
        QCOMPARE(listed.exitCode, 0);
        QVERIFY(listed.out.contains("gpt-4o-mini"));

        QVERIFY(file.open(QIODevice::Append));
        file.write("{\"broken\n");
        file.close();
        const Ran broken = cli(import);
        QCOMPARE(broken.exitCode, 1);
        QVERIFY2(broken.err.contains("Line 2") && broken.err.contains("Nothing was imported"), broken.err.constData());
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

    void datasetsImportAFileAllOrNothing()
    {
        tests::TemporaryWorkspace temp;
        QCOMPARE(cli({ QStringLiteral("init"), QStringLiteral("-w"), temp.path() }).exitCode, 0);
        QFile cases(temp.path(QStringLiteral("cases.jsonl")));
        QVERIFY(cases.open(QIODevice::WriteOnly));
        cases.write(R"({"vars": {"question": "Where is my refund?"}, "assert": [{"type": "icontains", "value": "refund"}]}
{"vars": {"question": "Hello"}, "expected": "Hi!"}
)");
        cases.close();
        const QStringList import { QStringLiteral("datasets"), QStringLiteral("import"), QStringLiteral("--name"), QStringLiteral("support"),
                                   QStringLiteral("--in"), cases.fileName(), QStringLiteral("-w"), temp.path() };
        const Ran imported = cli(import);
        QCOMPARE(imported.exitCode, 0);
        QVERIFY(imported.out.contains("Imported 2 item(s) into support (now version 1)"));
        const Ran shown = cli({ QStringLiteral("datasets"), QStringLiteral("show"), QStringLiteral("support"), QStringLiteral("-w"), temp.path() });
        const QJsonArray items = QJsonDocument::fromJson(shown.out).array();
        QCOMPARE(items.size(), 2);
        QCOMPARE(items[0].toObject().value(QStringLiteral("assertions")).toArray().size(), 1);

        // A file with one bad line adds nothing, and says which line.
        QVERIFY(cases.open(QIODevice::WriteOnly | QIODevice::Truncate));
        cases.write("{\"vars\": {}}\n{\"vars\": {}, \"assert\": [{\"type\": \"sounds-right\"}]}\n");
        cases.close();
        const Ran refused = cli(import);
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.err.contains("Line 2: Unknown assertion type"), refused.err.constData());
        const Ran listed = cli({ QStringLiteral("datasets"), QStringLiteral("list"), QStringLiteral("--json"), QStringLiteral("-w"), temp.path() });
        QCOMPARE(QJsonDocument::fromJson(listed.out).array().at(0).toObject().value(QStringLiteral("items")).toInt(), 2);
        QCOMPARE(cli({ QStringLiteral("datasets"), QStringLiteral("import"), QStringLiteral("-w"), temp.path() }).exitCode, 2);
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

    void logFiltersRecordedCallsAndTheirText()
    {
        tests::TemporaryWorkspace temp;
        QVERIFY_OK(store::prepareWorkspace(temp.location(), store::Connection::Mode::CreateIfMissing));
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        QStringList recorded;
        {
            auto recorder = store::Recorder::start(temp.location());
            QVERIFY_OK(recorder);
            for (int n = 0; n < 40; ++n) {
                store::RecordedCall call;
                call.record.id = callIdAt(now - n * 60'000);
                call.record.startedMs = now - n * 60'000;
                recorded << call.record.id;
                call.record.feature = n % 2 ? QStringLiteral("support") : QStringLiteral("billing");
                if (n % 4 == 1)
                    call.record.failure = FailureCategory::RateLimited;
                call.requestJson = n % 10 == 1 ? QByteArray("{\"messages\":[{\"role\":\"user\",\"content\":\"Where is my parcel?\"}]}")
                                               : QByteArray("{\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}");
                (*recorder)->record(call);
            }
        }
        const Ran found = cli({ QStringLiteral("log"), QStringLiteral("-w"), temp.path(), QStringLiteral("--json"),
                                QStringLiteral("--filter"), QStringLiteral("feature:support failure:rate_limited PARCEL") });
        QCOMPARE(found.exitCode, 0);
        const QJsonArray calls = QJsonDocument::fromJson(found.out).object().value(QStringLiteral("calls")).toArray();
        QStringList ids;
        for (const QJsonValue &call : calls)
            ids << call.toObject().value(QStringLiteral("id")).toString();
        // n = 1, 21 (rate limited, support, asking about a parcel), newest first.
        QCOMPARE(ids, (QStringList { recorded[1], recorded[21] }));

        const Ran limited = cli({ QStringLiteral("log"), QStringLiteral("-w"), temp.path(), QStringLiteral("--limit"),
                                  QStringLiteral("3"), QStringLiteral("--filter"), QStringLiteral("since:10m") });
        QCOMPARE(limited.exitCode, 0);
        QCOMPARE(limited.out.count('\n'), 3);

        const Ran wrong = cli({ QStringLiteral("log"), QStringLiteral("-w"), temp.path(), QStringLiteral("--filter"),
                                QStringLiteral("failure:sometimes") });
        QCOMPARE(wrong.exitCode, 2);
        QVERIFY2(wrong.err.contains("rate_limited"), wrong.err.constData());
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

        // The demo's eval runs are calls of their own (origin eval) beside its traffic.
        const qint64 before = QJsonDocument::fromJson(cli({ QStringLiteral("stats"), QStringLiteral("-w"), temp.path(), QStringLiteral("--json") }).out)
                                  .object().value(QStringLiteral("calls")).toInteger();
        QVERIFY(before > 120);

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
        QCOMPARE(QJsonDocument::fromJson(stats.out).object().value(QStringLiteral("calls")).toInteger(), before + 1);

        // Replayed three times, exactly: the same answer each time, logged as replays of it.
        const QString callId = answered.value(QStringLiteral("id")).toString();
        const Ran replayed = cli({ QStringLiteral("replay"), QStringLiteral("-w"), temp.path(), QStringLiteral("--call"), callId,
                                   QStringLiteral("--n"), QStringLiteral("3"), QStringLiteral("--json") });
        QVERIFY2(replayed.exitCode == 0, replayed.err.constData());
        const QJsonObject report = QJsonDocument::fromJson(replayed.out).object();
        QCOMPARE(report.value(QStringLiteral("source")).toObject().value(QStringLiteral("output")).toString(),
                 answered.value(QStringLiteral("text")).toString());
        const QJsonObject summary = report.value(QStringLiteral("summary")).toObject();
        QCOMPARE(summary.value(QStringLiteral("runs")).toInt(), 3);
        QCOMPARE(summary.value(QStringLiteral("identical_to_original")).toInt(), 3);
        QCOMPARE(summary.value(QStringLiteral("distinct_outputs")).toInt(), 1);
        const QJsonArray replays = report.value(QStringLiteral("replays")).toArray();
        QCOMPARE(replays.size(), 3);
        for (const QJsonValue &run : replays) {
            QCOMPARE(run[QStringLiteral("origin")].toString(), QStringLiteral("replay"));
            QCOMPARE(run[QStringLiteral("parent_id")].toString(), callId);
            QCOMPARE(run[QStringLiteral("model")].toString(), QStringLiteral("sim-small-2025-01-15"));
        }
        const Ran listed = cli({ QStringLiteral("log"), QStringLiteral("-w"), temp.path(), QStringLiteral("--filter"),
                                 QStringLiteral("origin:replay"), QStringLiteral("--json") });
        QCOMPARE(QJsonDocument::fromJson(listed.out).object().value(QStringLiteral("calls")).toArray().size(), 3);
        const Ran tooMany = cli({ QStringLiteral("replay"), QStringLiteral("-w"), temp.path(), QStringLiteral("--call"), callId,
                                  QStringLiteral("--n"), QStringLiteral("51") });
        QCOMPARE(tooMany.exitCode, 1);
        QVERIFY2(tooMany.err.contains("1 to 50"), tooMany.err.constData());
        const Ran notAPrompt = cli({ QStringLiteral("replay"), QStringLiteral("-w"), temp.path(), QStringLiteral("--call"), callId,
                                     QStringLiteral("--prompt"), QStringLiteral("support/answer@2") });
        QCOMPARE(notAPrompt.exitCode, 1);
        QVERIFY2(notAPrompt.err.contains("did not render a prompt"), notAPrompt.err.constData());

        const Ran unknown = cli({ QStringLiteral("call"), QStringLiteral("-w"), temp.path(), QStringLiteral("--provider"),
                                  QStringLiteral("nope"), QStringLiteral("--model"), QStringLiteral("m"), QStringLiteral("hi") });
        QCOMPARE(unknown.exitCode, 1);
        QVERIFY(unknown.err.contains("no provider named 'nope'"));
    }

    void providersAreAddedAndListed()
    {
        tests::TemporaryWorkspace temp;
        QCOMPARE(cli({ QStringLiteral("init"), QStringLiteral("-w"), temp.path() }).exitCode, 0);
        const Ran add = cli({ QStringLiteral("provider"), QStringLiteral("add"), QStringLiteral("openai"), QStringLiteral("-w"),
                              temp.path(), QStringLiteral("--kind"), QStringLiteral("openai"), QStringLiteral("--key-env"),
                              QStringLiteral("OPENAI_API_KEY") });
        QVERIFY2(add.exitCode == 0, add.err.constData());
        const Ran keychained = cli({ QStringLiteral("provider"), QStringLiteral("add"), QStringLiteral("claude"), QStringLiteral("-w"),
                                     temp.path(), QStringLiteral("--kind"), QStringLiteral("anthropic"), QStringLiteral("--keychain") });
        QCOMPARE(keychained.exitCode, 0);
        QVERIFY(keychained.err.contains("provider set-key claude"));
        const Ran again = cli({ QStringLiteral("provider"), QStringLiteral("add"), QStringLiteral("openai"), QStringLiteral("-w"),
                                temp.path(), QStringLiteral("--kind"), QStringLiteral("openai") });
        QCOMPARE(again.exitCode, 1);
        QVERIFY(again.err.contains("exists already"));
        QCOMPARE(cli({ QStringLiteral("provider"), QStringLiteral("add"), QStringLiteral("x"), QStringLiteral("-w"), temp.path(),
                       QStringLiteral("--kind"), QStringLiteral("nope") }).exitCode, 2);
        QCOMPARE(cli({ QStringLiteral("provider"), QStringLiteral("frobnicate") }).exitCode, 2);

        const Ran list = cli({ QStringLiteral("provider"), QStringLiteral("list"), QStringLiteral("-w"), temp.path(), QStringLiteral("--json") });
        QCOMPARE(list.exitCode, 0);
        const QJsonArray rows = QJsonDocument::fromJson(list.out).array();
        QCOMPARE(rows.size(), 2);
        QJsonObject byName;
        for (const QJsonValue &row : rows)
            byName.insert(row.toObject().value(QStringLiteral("name")).toString(), row);
        QCOMPARE(byName.value(QStringLiteral("openai")).toObject().value(QStringLiteral("key_source")).toString(), QStringLiteral("env"));
        QCOMPARE(byName.value(QStringLiteral("openai")).toObject().value(QStringLiteral("key_env")).toString(), QStringLiteral("OPENAI_API_KEY"));
        QCOMPARE(byName.value(QStringLiteral("claude")).toObject().value(QStringLiteral("key_source")).toString(), QStringLiteral("keychain"));
    }

    void setKeyWithoutAKeychainSaysWhatToDoAndStoresNothing()
    {
        tests::TemporaryWorkspace temp;
        QCOMPARE(cli({ QStringLiteral("init"), QStringLiteral("-w"), temp.path() }).exitCode, 0);
        QCOMPARE(cli({ QStringLiteral("provider"), QStringLiteral("add"), QStringLiteral("claude"), QStringLiteral("-w"), temp.path(),
                       QStringLiteral("--kind"), QStringLiteral("anthropic"), QStringLiteral("--keychain") }).exitCode, 0);
        const QByteArray key = "sk-planted-" + QByteArray::number(QRandomGenerator::global()->generate64(), 36);
        const Ran set = cliWithoutKeychain({ QStringLiteral("provider"), QStringLiteral("set-key"), QStringLiteral("claude"),
                                             QStringLiteral("-w"), temp.path() }, key + '\n');
        QCOMPARE(set.exitCode, 1);
        QVERIFY2(set.err.contains("No system keychain is available"), set.err.constData());
        QVERIFY(set.err.contains("--key-env"));
        QVERIFY(!set.out.contains(key.right(12)) && !set.err.contains(key.right(12)));
        const Ran none = cliWithoutKeychain({ QStringLiteral("provider"), QStringLiteral("set-key"), QStringLiteral("claude"),
                                              QStringLiteral("-w"), temp.path() }, {});
        QCOMPARE(none.exitCode, 1);
        QVERIFY(none.err.contains("no key on stdin"));
        // A call to the keychain-sourced provider says the same instead of calling without a key.
        const Ran call = cliWithoutKeychain({ QStringLiteral("call"), QStringLiteral("-w"), temp.path(), QStringLiteral("--provider"),
                                              QStringLiteral("claude"), QStringLiteral("--model"), QStringLiteral("m"), QStringLiteral("hi") }, {});
        QCOMPARE(call.exitCode, 1);
        QVERIFY2(call.err.contains("No system keychain is available"), call.err.constData());

        QDirIterator files(temp.dir(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        int scanned = 0;
        while (files.hasNext()) {
            QFile file(files.next());
            QVERIFY(file.open(QIODevice::ReadOnly));
            QVERIFY2(!file.readAll().contains(key.right(12)), qPrintable(file.fileName()));
            ++scanned;
        }
        QVERIFY(scanned > 0);
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
