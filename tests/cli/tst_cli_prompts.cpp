// switchboard-cli prompts as scripts use it: import, show, label, export, and a failing import
// that exits non-zero and changes nothing.
#include "clirun.h"
#include "temporaryworkspace.h"
#include "testdata.h"

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
    return tests::runCli(QStringList { QStringLiteral("prompts") } + arguments, workspace);
}

bool init(const QString &workspace)
{
    QProcess process;
    process.start(QStringLiteral(SWITCHBOARD_CLI), { QStringLiteral("init"), QStringLiteral("-w"), workspace });
    return process.waitForFinished(60000) && process.exitCode() == 0;
}

// A copy of a file under tests/data/prompts in the test's folder.
QString sample(const tests::TemporaryWorkspace &temp, const QString &name)
{
    QFile file(temp.path(name));
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write(tests::testData(QStringLiteral("prompts/") + name));
    return file.fileName();
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestCliPrompts final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void importShowLabelExport()
    {
        tests::TemporaryWorkspace temp;
        const QString workspace = temp.path();
        QVERIFY(init(workspace));

        const Ran imported = cli({ QStringLiteral("import"), sample(temp, QStringLiteral("langfuse-export.json")) }, workspace);
        QVERIFY2(imported.exitCode == 0, imported.err.constData());
        QVERIFY(imported.out.contains("movie-critic"));
        QVERIFY(imported.out.contains("supported_languages"));
        const Ran text = cli({ QStringLiteral("import"), sample(temp, QStringLiteral("promptfoo-prompts.txt")), QStringLiteral("--name"),
                               QStringLiteral("writing/summary"), QStringLiteral("--json") },
                             workspace);
        QVERIFY2(text.exitCode == 0, text.err.constData());
        QCOMPARE(QJsonDocument::fromJson(text.out).object().value(QStringLiteral("versions")).toInt(), 2);

        const Ran listed = cli({ QStringLiteral("list"), QStringLiteral("--json") }, workspace);
        QCOMPARE(listed.exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(listed.out).array().size(), 3);

        const Ran shown = cli({ QStringLiteral("show"), QStringLiteral("movie-critic@production") }, workspace);
        QCOMPARE(shown.exitCode, 0);
        QVERIFY(shown.out.contains("movie-critic version 2"));
        QVERIFY(shown.out.contains("rate {{movie}} out of ten"));
        QVERIFY(shown.out.contains("\"max_output_tokens\":300"));
        QCOMPARE(cli({ QStringLiteral("show"), QStringLiteral("movie-critic@canary") }, workspace).exitCode, 1);

        QCOMPARE(cli({ QStringLiteral("label"), QStringLiteral("movie-critic"), QStringLiteral("production"), QStringLiteral("1") }, workspace)
                     .exitCode,
                 2);
        const Ran moved = cli({ QStringLiteral("label"), QStringLiteral("movie-critic"), QStringLiteral("production"), QStringLiteral("1"),
                                QStringLiteral("--reason"), QStringLiteral("roll back the rating prompt") },
                              workspace);
        QVERIFY2(moved.exitCode == 0, moved.err.constData());
        const Ran current = cli({ QStringLiteral("show"), QStringLiteral("movie-critic"), QStringLiteral("--json") }, workspace);
        QCOMPARE(QJsonDocument::fromJson(current.out).object().value(QStringLiteral("version")).toInt(), 1);

        const QString exported = temp.path(QStringLiteral("export.json"));
        const Ran all = cli({ QStringLiteral("export"), QStringLiteral("--out"), exported }, workspace);
        QVERIFY2(all.exitCode == 0, all.err.constData());
        QVERIFY(readAll(exported).contains("roll back the rating prompt"));

        // Into another workspace and out again: the same bytes.
        const QString other = temp.path(QStringLiteral("other.switchboard"));
        QVERIFY(init(other));
        const Ran again = cli({ QStringLiteral("import"), exported }, other);
        QVERIFY2(again.exitCode == 0, again.err.constData());
        const QString second = temp.path(QStringLiteral("export2.json"));
        QCOMPARE(cli({ QStringLiteral("export"), QStringLiteral("--out"), second }, other).exitCode, 0);
        QCOMPARE(readAll(second), readAll(exported));

        const QString one = temp.path(QStringLiteral("one.json"));
        QCOMPARE(cli({ QStringLiteral("export"), QStringLiteral("writing/summary"), QStringLiteral("--out"), one }, workspace).exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(readAll(one)).object().value(QStringLiteral("prompts")).toArray().size(), 1);
    }

    void failingImportsExitNonZeroAndChangeNothing()
    {
        tests::TemporaryWorkspace temp;
        const QString workspace = temp.path();
        QVERIFY(init(workspace));

        const Ran bad = cli({ QStringLiteral("import"), sample(temp, QStringLiteral("langfuse-bad.json")) }, workspace);
        QCOMPARE(bad.exitCode, 1);
        QVERIFY(bad.err.contains("data[0].prompt[0].role: unknown role \"bot\""));
        QVERIFY(bad.err.contains("data[1]: a prompt list entry"));
        QVERIFY(bad.err.contains("Nothing was changed."));
        QCOMPARE(QJsonDocument::fromJson(cli({ QStringLiteral("list"), QStringLiteral("--json") }, workspace).out).array().size(), 0);

        const QString good = sample(temp, QStringLiteral("langfuse-export.json"));
        QCOMPARE(cli({ QStringLiteral("import"), good }, workspace).exitCode, 0);
        const QByteArray before = cli({ QStringLiteral("export"), QStringLiteral("--out"), QStringLiteral("-") }, workspace).out;
        const Ran twice = cli({ QStringLiteral("import"), good }, workspace);
        QCOMPARE(twice.exitCode, 1);
        QVERIFY(twice.err.contains("movie-critic, support-answer"));
        QCOMPARE(cli({ QStringLiteral("export"), QStringLiteral("--out"), QStringLiteral("-") }, workspace).out, before);

        // What the refusal suggests works: delete (with a reason), then the import goes through.
        QCOMPARE(cli({ QStringLiteral("delete"), QStringLiteral("movie-critic") }, workspace).exitCode, 2);
        for (const QString &name : { QStringLiteral("movie-critic"), QStringLiteral("support-answer") }) {
            const Ran deleted = cli({ QStringLiteral("delete"), name, QStringLiteral("--reason"), QStringLiteral("re-import") }, workspace);
            QVERIFY2(deleted.exitCode == 0, deleted.err.constData());
        }
        QCOMPARE(cli({ QStringLiteral("import"), good }, workspace).exitCode, 0);
        QCOMPARE(cli({ QStringLiteral("import"), good, QStringLiteral("--format"), QStringLiteral("yaml") }, workspace).exitCode, 2);
    }
};

QTEST_GUILESS_MAIN(TestCliPrompts)
#include "tst_cli_prompts.moc"
