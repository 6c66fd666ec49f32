// switchboard-cli pins and rules as an operator scripts them: repin with a reason and read
// the history, save a rule set file (refused with every problem when it is wrong), activate
// it, and explain where a call would go.
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

QString writeFile(const tests::TemporaryWorkspace &temp, const QString &name, const QByteArray &text)
{
    QFile file(temp.path(name));
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write(text);
    return file.fileName();
}

} // namespace

class TestCliRouting final : public QObject
{
    Q_OBJECT

    std::unique_ptr<tests::TemporaryWorkspace> m_temp;
    QString m_workspace;

private Q_SLOTS:
    void init()
    {
        m_temp = std::make_unique<tests::TemporaryWorkspace>();
        m_workspace = m_temp->path();
        QCOMPARE(cli({ QStringLiteral("init") }, m_workspace).exitCode, 0);
        QCOMPARE(cli({ QStringLiteral("provider"), QStringLiteral("add"), QStringLiteral("sim"), QStringLiteral("--kind"),
                       QStringLiteral("simulated") },
                     m_workspace)
                     .exitCode,
                 0);
    }

    void repinKeepsHistoryAndWarnsAboutFloatingNames()
    {
        QCOMPARE(cli({ QStringLiteral("pins"), QStringLiteral("set"), QStringLiteral("chat"), QStringLiteral("sim/sim-small-2025-01-15"),
                       QStringLiteral("--reason"), QStringLiteral("first") },
                     m_workspace)
                     .exitCode,
                 0);
        const Ran floating = cli({ QStringLiteral("pins"), QStringLiteral("set"), QStringLiteral("chat"), QStringLiteral("sim/sim-large"),
                                   QStringLiteral("--reason"), QStringLiteral("try the large one") },
                                 m_workspace);
        QCOMPARE(floating.exitCode, 0);
        QVERIFY2(floating.err.contains("floating name"), floating.err.constData());
        const Ran noReason = cli({ QStringLiteral("pins"), QStringLiteral("set"), QStringLiteral("chat"),
                                   QStringLiteral("sim/sim-small-2025-01-15") },
                                 m_workspace);
        QCOMPARE(noReason.exitCode, 1);

        const Ran history = cli({ QStringLiteral("pins"), QStringLiteral("history"), QStringLiteral("chat"), QStringLiteral("--json") },
                                m_workspace);
        const QJsonArray changes = QJsonDocument::fromJson(history.out).array();
        QCOMPARE(changes.size(), 2);
        QCOMPARE(changes.at(0).toObject().value(QStringLiteral("reason")).toString(), QStringLiteral("try the large one"));
        const Ran listed = cli({ QStringLiteral("pins"), QStringLiteral("list"), QStringLiteral("--json") }, m_workspace);
        const QJsonObject pin = QJsonDocument::fromJson(listed.out).array().at(0).toObject();
        QCOMPARE(pin.value(QStringLiteral("version")).toInt(), 2);
        QCOMPARE(pin.value(QStringLiteral("floating")).toBool(), true);
    }

    void brokenRuleSetIsRefusedWithEveryProblem()
    {
        const QString file = writeFile(*m_temp, QStringLiteral("rules.json"),
                                       R"({"rules":[{"name":"a","then":{"target":"nowhere"}},
                                                    {"name":"a","then":{"split":[{"target":"chat","weight":0}]}}]})");
        const Ran saved = cli({ QStringLiteral("rules"), QStringLiteral("save"), file }, m_workspace);
        QCOMPARE(saved.exitCode, 1);
        QVERIFY2(saved.err.contains("rules[0].then.target"), saved.err.constData());
        QVERIFY2(saved.err.contains("rules[1].name"), saved.err.constData());
        QVERIFY2(saved.err.contains("weight"), saved.err.constData());
        const Ran listed = cli({ QStringLiteral("rules"), QStringLiteral("list"), QStringLiteral("--json") }, m_workspace);
        QCOMPARE(QJsonDocument::fromJson(listed.out).array().size(), 0);

        const QString malformed = writeFile(*m_temp, QStringLiteral("broken.json"), R"({"rules": [)");
        const Ran unreadable = cli({ QStringLiteral("rules"), QStringLiteral("save"), malformed }, m_workspace);
        QCOMPARE(unreadable.exitCode, 1);
        QVERIFY2(unreadable.err.contains("line"), unreadable.err.constData());
    }

    void saveActivateAndExplain()
    {
        QCOMPARE(cli({ QStringLiteral("pins"), QStringLiteral("set"), QStringLiteral("chat"), QStringLiteral("sim/sim-small-2025-01-15"),
                       QStringLiteral("--reason"), QStringLiteral("first") },
                     m_workspace)
                     .exitCode,
                 0);
        QCOMPARE(cli({ QStringLiteral("pins"), QStringLiteral("set"), QStringLiteral("smart"), QStringLiteral("sim/sim-large-2025-06-01"),
                       QStringLiteral("--reason"), QStringLiteral("first") },
                     m_workspace)
                     .exitCode,
                 0);
        const QString file = writeFile(*m_temp, QStringLiteral("rules.json"),
                                       R"({"rules":[{"name":"vip","when":{"user_tiers":["vip"]},"then":{"target":"smart","fallbacks":["chat"]}}]})");
        const Ran saved = cli({ QStringLiteral("rules"), QStringLiteral("save"), file, QStringLiteral("--comment"), QStringLiteral("vip") },
                              m_workspace);
        QCOMPARE(saved.exitCode, 0);
        QCOMPARE(saved.out.trimmed(), QByteArray("1"));
        QCOMPARE(cli({ QStringLiteral("rules"), QStringLiteral("activate"), QStringLiteral("1") }, m_workspace).exitCode, 1); // no reason
        QCOMPARE(cli({ QStringLiteral("rules"), QStringLiteral("activate"), QStringLiteral("1"), QStringLiteral("--reason"),
                       QStringLiteral("launch") },
                     m_workspace)
                     .exitCode,
                 0);

        const Ran vip = cli({ QStringLiteral("rules"), QStringLiteral("explain"), QStringLiteral("--model"), QStringLiteral("chat"),
                              QStringLiteral("--tier"), QStringLiteral("vip"), QStringLiteral("--json") },
                            m_workspace);
        QCOMPARE(vip.exitCode, 0);
        const QJsonObject decision = QJsonDocument::fromJson(vip.out).object();
        QCOMPARE(decision.value(QStringLiteral("rule")).toString(), QStringLiteral("vip"));
        QCOMPARE(decision.value(QStringLiteral("target")).toString(), QStringLiteral("smart"));
        QCOMPARE(decision.value(QStringLiteral("fallbacks")).toArray().at(0).toString(), QStringLiteral("chat"));

        const Ran other = cli({ QStringLiteral("rules"), QStringLiteral("explain"), QStringLiteral("--model"), QStringLiteral("chat"),
                                QStringLiteral("--tier"), QStringLiteral("free") },
                              m_workspace);
        QVERIFY2(other.out.contains("active version 1"), other.out.constData());
        QVERIFY2(other.out.contains("free"), other.out.constData()); // why the vip rule did not match
    }
};

QTEST_GUILESS_MAIN(TestCliRouting)
#include "tst_cli_routing.moc"
