// How the gateway and SDK users name a prompt: name, name@label, name@version, name@latest,
// resolved in the workspace and rendered into the request the executor runs.
#include "prompts/promptreference.h"
#include "resultcheck.h"
#include "store/connection.h"
#include "store/promptrepository.h"
#include "store/workspace.h"
#include "temporaryworkspace.h"

#include <QTest>

using namespace switchboard;
using namespace switchboard::core;
using namespace switchboard::core::prompts;
using tests::codeOf;

class TestPromptReference final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<tests::TemporaryWorkspace> m_temp;
    std::unique_ptr<store::Connection> m_connection;

    static PromptContent greeting(const QString &word)
    {
        PromptContent content;
        content.messages = { { Role::User, word + QStringLiteral(", {{name}}!"), {}, {} } };
        content.variables = { { QStringLiteral("name"), VariableType::String, true, {}, {}, {} } };
        content.model.alias = QStringLiteral("chat-fast");
        return content;
    }

private Q_SLOTS:
    void init()
    {
        m_temp = std::make_unique<tests::TemporaryWorkspace>();
        QVERIFY_OK(store::prepareWorkspace(m_temp->location(), store::Connection::Mode::CreateIfMissing));
        auto connection = store::Connection::open(m_temp->location());
        QVERIFY_OK(connection);
        m_connection = std::move(*connection);
        store::PromptRepository prompts(*m_connection);
        QVERIFY_OK(prompts.create(QStringLiteral("greet/user"), {}, {}, QStringLiteral("ada")));
        QVERIFY_OK(prompts.saveVersion(QStringLiteral("greet/user"), greeting(QStringLiteral("Hello")), {}, QStringLiteral("ada")));
        QVERIFY_OK(prompts.saveVersion(QStringLiteral("greet/user"), greeting(QStringLiteral("Hi")), {}, QStringLiteral("ada")));
        QVERIFY_OK(prompts.saveVersion(QStringLiteral("greet/user"), greeting(QStringLiteral("Hey")), {}, QStringLiteral("ada")));
        QVERIFY_OK(prompts.moveLabel(QStringLiteral("greet/user"), QStringLiteral("production"), 1, QStringLiteral("launch"),
                                     QStringLiteral("ada")));
        QVERIFY_OK(prompts.moveLabel(QStringLiteral("greet/user"), QStringLiteral("staging"), 2, QStringLiteral("try"),
                                     QStringLiteral("ada")));
    }

    void cleanup()
    {
        m_connection.reset();
        m_temp.reset();
    }

    void parsing_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("label");
        QTest::addColumn<qint64>("version");
        QTest::newRow("bare name is production") << QStringLiteral("greet/user") << QStringLiteral("production") << qint64(0);
        QTest::newRow("label") << QStringLiteral("greet/user@staging") << QStringLiteral("staging") << qint64(0);
        QTest::newRow("number") << QStringLiteral("greet/user@3") << QString() << qint64(3);
        QTest::newRow("v-number") << QStringLiteral("greet/user@v2") << QString() << qint64(2);
        QTest::newRow("latest") << QStringLiteral("greet/user@latest") << QStringLiteral("latest") << qint64(0);
    }

    void parsing()
    {
        QFETCH(QString, text);
        QFETCH(QString, label);
        QFETCH(qint64, version);
        auto reference = PromptReference::parse(text);
        QVERIFY_OK(reference);
        QCOMPARE(reference->name, QStringLiteral("greet/user"));
        QCOMPARE(reference->label, label);
        QCOMPARE(reference->version, version);
    }

    void badReferences()
    {
        for (const QString &text : { QStringLiteral("@staging"), QStringLiteral("greet/user@0"), QStringLiteral("greet/user@Big Label"),
                                     QStringLiteral("bad name@1") })
            QCOMPARE(codeOf(PromptReference::parse(text)), nameOf(ErrorCode::InvalidArgument));
    }

    void rendersTheVersionItNames_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("version");
        QTest::addColumn<QString>("rendered");
        QTest::newRow("production") << QStringLiteral("greet/user") << qint64(1) << QStringLiteral("Hello, Ada!");
        QTest::newRow("staging") << QStringLiteral("greet/user@staging") << qint64(2) << QStringLiteral("Hi, Ada!");
        QTest::newRow("version") << QStringLiteral("greet/user@3") << qint64(3) << QStringLiteral("Hey, Ada!");
        QTest::newRow("latest") << QStringLiteral("greet/user@latest") << qint64(3) << QStringLiteral("Hey, Ada!");
    }

    void rendersTheVersionItNames()
    {
        QFETCH(QString, text);
        QFETCH(qint64, version);
        QFETCH(QString, rendered);
        auto reference = PromptReference::parse(text);
        QVERIFY_OK(reference);
        auto prompt = renderReference(*m_connection, *reference, { { "name", "Ada" } });
        QVERIFY_OK(prompt);
        QCOMPARE(prompt->version, version);
        QCOMPARE(prompt->request.model, QStringLiteral("chat-fast"));
        QCOMPARE(prompt->request.messages.front().plainText(), rendered);
    }

    void failuresSayWhatIsMissing()
    {
        auto missingLabel = renderReference(*m_connection, *PromptReference::parse(QStringLiteral("greet/user@canary")), { { "name", "Ada" } });
        QCOMPARE(codeOf(missingLabel), nameOf(ErrorCode::NotFound));
        QVERIFY(missingLabel.error().message.contains(QLatin1String("canary")));
        auto missingVersion = renderReference(*m_connection, *PromptReference::parse(QStringLiteral("greet/user@9")), { { "name", "Ada" } });
        QCOMPARE(codeOf(missingVersion), nameOf(ErrorCode::NotFound));
        auto missingPrompt = renderReference(*m_connection, *PromptReference::parse(QStringLiteral("greet/nobody")), {});
        QCOMPARE(codeOf(missingPrompt), nameOf(ErrorCode::NotFound));
        auto missingValue = renderReference(*m_connection, *PromptReference::parse(QStringLiteral("greet/user")), nlohmann::json::object());
        QCOMPARE(codeOf(missingValue), nameOf(ErrorCode::InvalidArgument));
        QVERIFY2(missingValue.error().message.contains(QLatin1String("\"name\"")), qPrintable(missingValue.error().message));
        QVERIFY(missingValue.error().message.startsWith(QLatin1String("greet/user@production (version 1)")));
    }
};

QTEST_GUILESS_MAIN(TestPromptReference)
#include "tst_prompts_reference.moc"
