// switchboard-cli eval as a CI job runs it: exit 0 when the gate passes, 1 when it fails or the
// eval cannot run, 2 on bad usage; a JUnit report that parses and fails exactly when the gate
// does; a baseline compared on the same dataset; and gates on labels set and listed.
#include "clirun.h"
#include "demofixture.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QXmlStreamReader>

using namespace switchboard;

namespace {

using tests::Ran;

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

// The JUnit report's test and failure counts, or -1s when it does not parse.
std::pair<int, int> junitCounts(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return { -1, -1 };
    QXmlStreamReader reader(&file);
    int cases = 0;
    int failures = 0;
    while (!reader.atEnd()) {
        reader.readNext();
        if (reader.isStartElement() && reader.name() == QLatin1String("testcase"))
            ++cases;
        if (reader.isStartElement() && reader.name() == QLatin1String("failure"))
            ++failures;
    }
    return reader.hasError() ? std::pair { -1, -1 } : std::pair { cases, failures };
}

const QByteArray kTriageTests = "tests:\n"
                                "  - vars: {ticket: I was charged twice for March.}\n"
                                "    assert: [{type: is-json}]\n"
                                "  - vars: {ticket: The export button crashes the app.}\n"
                                "    assert: [{type: is-json}]\n";
const QByteArray kNeverTests = "tests:\n"
                               "  - vars: {ticket: Anything}\n"
                               "    assert: [{type: equals, value: no answer is ever this}]\n";
const QByteArray kAnswerTests = "tests:\n"
                                "  - vars: {product: Northwind, question: \"How do I reset my password?\"}\n"
                                "    assert: [{type: max-output-tokens, threshold: 100000}]\n";

} // namespace

class TestCliEval final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aPassingAndAFailingGate()
    {
        tests::DemoFixture fixture;
        QVERIFY(fixture.isReady());
        const QString workspace = fixture.location().target();
        const QString dir = QFileInfo(workspace).absolutePath();
        QVERIFY(writeFile(dir + QStringLiteral("/triage.yaml"), kTriageTests));
        QVERIFY(writeFile(dir + QStringLiteral("/never.yaml"), kNeverTests));
        QCOMPARE(tests::runCli({ QStringLiteral("datasets"), QStringLiteral("import"), QStringLiteral("--name"), QStringLiteral("triage"),
                                 QStringLiteral("--in"), dir + QStringLiteral("/triage.yaml") }, workspace).exitCode, 0);
        QCOMPARE(tests::runCli({ QStringLiteral("datasets"), QStringLiteral("import"), QStringLiteral("--name"), QStringLiteral("never"),
                                 QStringLiteral("--in"), dir + QStringLiteral("/never.yaml") }, workspace).exitCode, 0);

        const QString passing = dir + QStringLiteral("/passing.xml");
        Ran ran = tests::runCli({ QStringLiteral("eval"), QStringLiteral("--prompt"), QStringLiteral("support/triage@production"),
                                  QStringLiteral("--dataset"), QStringLiteral("triage"), QStringLiteral("--threshold"), QStringLiteral("0.9"),
                                  QStringLiteral("--repeats"), QStringLiteral("2"), QStringLiteral("--junit"), passing }, workspace);
        QVERIFY2(ran.exitCode == 0, QByteArray(ran.out + ran.err).constData());
        QVERIFY2(ran.out.contains("PASSED: pass rate 100.0 % reaches the threshold 90.0 %"), ran.out);
        QCOMPARE(junitCounts(passing), (std::pair { 5, 0 })); // the gate and 2 x 2 cases

        const QString failing = dir + QStringLiteral("/failing.xml");
        ran = tests::runCli({ QStringLiteral("eval"), QStringLiteral("--prompt"), QStringLiteral("support/triage@1"), QStringLiteral("--dataset"),
                              QStringLiteral("never"), QStringLiteral("--threshold"), QStringLiteral("0.5"), QStringLiteral("--junit"), failing },
                            workspace);
        QCOMPARE(ran.exitCode, 1);
        QVERIFY2(ran.out.contains("FAILED: pass rate 0.0 % is below the threshold 50.0 %"), ran.out);
        QCOMPARE(junitCounts(failing), (std::pair { 2, 2 })); // the gate and the case both fail
    }

    void aBaselineRunsOnTheSameDatasetAndModel()
    {
        tests::DemoFixture fixture;
        QVERIFY(fixture.isReady());
        const QString workspace = fixture.location().target();
        const QString file = QFileInfo(workspace).absolutePath() + QStringLiteral("/answers.yaml");
        QVERIFY(writeFile(file, kAnswerTests));
        QCOMPARE(tests::runCli({ QStringLiteral("datasets"), QStringLiteral("import"), QStringLiteral("--name"), QStringLiteral("answers"),
                                 QStringLiteral("--in"), file }, workspace).exitCode, 0);
        const Ran ran = tests::runCli({ QStringLiteral("eval"), QStringLiteral("--prompt"), QStringLiteral("support/answer@staging"),
                                        QStringLiteral("--baseline"), QStringLiteral("support/answer@production"), QStringLiteral("--dataset"),
                                        QStringLiteral("answers"), QStringLiteral("--json") }, workspace);
        QVERIFY2(ran.exitCode == 0, QByteArray(ran.out + ran.err).constData());
        const QJsonObject report = QJsonDocument::fromJson(ran.out).object();
        QCOMPARE(report.value(QStringLiteral("passed")).toBool(), true);
        QCOMPARE(report.value(QStringLiteral("candidate")).toObject().value(QStringLiteral("prompt")).toString(), QStringLiteral("support/answer@2"));
        QCOMPARE(report.value(QStringLiteral("baseline")).toObject().value(QStringLiteral("prompt")).toString(), QStringLiteral("support/answer@1"));
        QCOMPARE(report.value(QStringLiteral("baseline")).toObject().value(QStringLiteral("model")),
                 report.value(QStringLiteral("candidate")).toObject().value(QStringLiteral("model")));

        // A gate set from the command line holds the label until a run passes.
        QCOMPARE(tests::runCli({ QStringLiteral("gates"), QStringLiteral("set"), QStringLiteral("support/answer"), QStringLiteral("canary"),
                                 QStringLiteral("--dataset"), QStringLiteral("answers"), QStringLiteral("--threshold"), QStringLiteral("0.95") },
                               workspace).exitCode, 0);
        const Ran listed = tests::runCli({ QStringLiteral("gates"), QStringLiteral("list") }, workspace);
        QVERIFY2(listed.out.contains("support/answer@canary  needs answers >= 95.0 %"), listed.out);
    }

    void badUsageAndWhatCannotRun()
    {
        tests::DemoFixture fixture;
        QVERIFY(fixture.isReady());
        const QString workspace = fixture.location().target();
        QCOMPARE(tests::runCli({ QStringLiteral("eval"), QStringLiteral("--prompt"), QStringLiteral("support/triage@1") }, workspace).exitCode, 2);
        QCOMPARE(tests::runCli({ QStringLiteral("eval"), QStringLiteral("--prompt"), QStringLiteral("support/triage@1"), QStringLiteral("--dataset"),
                                 QStringLiteral("d"), QStringLiteral("--threshold"), QStringLiteral("90") }, workspace).exitCode, 2);
        Ran ran = tests::runCli({ QStringLiteral("eval"), QStringLiteral("--prompt"), QStringLiteral("support/triage@7"), QStringLiteral("--dataset"),
                                  QStringLiteral("d") }, workspace);
        QCOMPARE(ran.exitCode, 1);
        QVERIFY2(ran.err.contains("has no version 7"), ran.err);
        ran = tests::runCli({ QStringLiteral("eval"), QStringLiteral("--prompt"), QStringLiteral("support/triage@1"), QStringLiteral("--dataset"),
                              QStringLiteral("missing") }, workspace);
        QCOMPARE(ran.exitCode, 1);
        QVERIFY2(ran.err.contains("no dataset \"missing\""), ran.err);
    }
};

QTEST_GUILESS_MAIN(TestCliEval)
#include "tst_cli_eval.moc"
