// Comparing two versions: word-level changes per message, messages paired sensibly, variables
// by name, and the model configuration field by field.
#include "prompts/promptdiff.h"

#include <QTest>

using namespace switchboard::core;
using namespace switchboard::core::prompts;

namespace {

PromptContent twoMessages(const QString &system, const QString &user)
{
    PromptContent content;
    content.messages = { { Role::System, system, {}, {} }, { Role::User, user, {}, {} } };
    content.model.alias = QStringLiteral("chat-smart");
    return content;
}

QString spell(const std::vector<DiffPiece> &pieces)
{
    QString text;
    for (const DiffPiece &piece : pieces)
        text += piece.text;
    return text;
}

QString marked(const std::vector<DiffPiece> &pieces)
{
    QString text;
    for (const DiffPiece &piece : pieces)
        text += piece.kind == DiffPiece::Same ? piece.text
                : piece.kind == DiffPiece::Added ? QStringLiteral("[+%1]").arg(piece.text)
                                                 : QStringLiteral("[-%1]").arg(piece.text);
    return text;
}

} // namespace

class TestPromptDiff final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void oneWordChange()
    {
        const auto pieces = diffWords(QStringLiteral("Answer briefly and politely."), QStringLiteral("Answer fully and politely."));
        QCOMPARE(marked(pieces), QStringLiteral("Answer [-briefly][+fully] and politely."));
    }

    void sidesSpellEachText_data()
    {
        QTest::addColumn<QString>("before");
        QTest::addColumn<QString>("after");
        QTest::newRow("empty to text") << QString() << QStringLiteral("Hello {{name}}");
        QTest::newRow("text to empty") << QStringLiteral("Hello {{name}}") << QString();
        QTest::newRow("whitespace only") << QStringLiteral("a b\tc\n") << QStringLiteral("a  b c\n\n");
        QTest::newRow("unicode") << QStringLiteral("Grüße 😀 an {{wer}}!") << QStringLiteral("Grüße 🎉 an {{wen}}?");
        QTest::newRow("reordered") << QStringLiteral("one two three four") << QStringLiteral("four three two one");
        QTest::newRow("unclosed tag") << QStringLiteral("a {{b") << QStringLiteral("a {{b}}");
    }

    void sidesSpellEachText()
    {
        QFETCH(QString, before);
        QFETCH(QString, after);
        const auto pieces = diffWords(before, after);
        QCOMPARE(spell(leftSide(pieces)), before);
        QCOMPARE(spell(rightSide(pieces)), after);
        for (const DiffPiece &piece : leftSide(pieces))
            QVERIFY(piece.kind != DiffPiece::Added);
    }

    void aRenamedVariableIsOneChange()
    {
        const auto pieces = diffWords(QStringLiteral("Dear {{customer}},"), QStringLiteral("Dear {{client}},"));
        QCOMPARE(marked(pieces), QStringLiteral("Dear [-{{customer}}][+{{client}}],"));
    }

    void insertedMessageIsOneAddition()
    {
        PromptContent before = twoMessages(QStringLiteral("Be brief."), QStringLiteral("{{question}}"));
        PromptContent after = before;
        after.messages.insert(after.messages.begin() + 1, { Role::Assistant, QStringLiteral("Example answer."), {}, {} });
        const PromptDiff diff = diffVersions(before, after);
        QCOMPARE(diff.messages.size(), 3u);
        QCOMPARE(diff.messages[0].change, ChangeKind::Same);
        QCOMPARE(diff.messages[1].change, ChangeKind::Added);
        QCOMPARE(diff.messages[1].after, std::optional<Role>(Role::Assistant));
        QCOMPARE(diff.messages[1].before, std::nullopt);
        QCOMPARE(diff.messages[2].change, ChangeKind::Same);
        QCOMPARE(diff.summary(), QStringLiteral("1 message added"));

        // And the other way round: one removal, the rest unchanged.
        const PromptDiff back = diffVersions(after, before);
        QCOMPARE(back.messages.size(), 3u);
        QCOMPARE(back.messages[1].change, ChangeKind::Removed);
        QCOMPARE(back.messages[2].change, ChangeKind::Same);
    }

    void changedMessageAndRole()
    {
        PromptContent before = twoMessages(QStringLiteral("Be brief."), QStringLiteral("{{question}}"));
        PromptContent after = before;
        after.messages[0].text = QStringLiteral("Be thorough.");
        after.messages[1].role = Role::Developer;
        const PromptDiff diff = diffVersions(before, after);
        QCOMPARE(diff.messages.size(), 2u);
        QCOMPARE(diff.messages[0].change, ChangeKind::Changed);
        QCOMPARE(marked(diff.messages[0].pieces), QStringLiteral("Be [-brief][+thorough]."));
        QCOMPARE(diff.messages[1].change, ChangeKind::Changed);
        QCOMPARE(diff.messages[1].before, std::optional<Role>(Role::User));
        QCOMPARE(diff.messages[1].after, std::optional<Role>(Role::Developer));
    }

    void variablesByName()
    {
        PromptContent before = twoMessages(QStringLiteral("{{a}} {{b}}"), QString());
        before.variables = { { QStringLiteral("a"), VariableType::String, true, {}, {}, {} },
                             { QStringLiteral("b"), VariableType::String, true, {}, {}, {} } };
        PromptContent after = before;
        after.variables[0].required = false;
        after.variables[0].defaultValue = "x";
        after.variables.erase(after.variables.begin() + 1);
        after.variables.push_back({ QStringLiteral("c"), VariableType::Enum, true, {}, { QStringLiteral("p"), QStringLiteral("q") }, {} });
        const PromptDiff diff = diffVersions(before, after);
        QCOMPARE(diff.variables.size(), 3u);
        QCOMPARE(diff.variables[0].change, ChangeKind::Changed);
        QCOMPARE(diff.variables[0].after, QStringLiteral("string, optional, default \"x\""));
        QCOMPARE(diff.variables[1].change, ChangeKind::Removed);
        QCOMPARE(diff.variables[2].change, ChangeKind::Added);
        QCOMPARE(diff.variables[2].after, QStringLiteral("enum, required, one of p|q"));
    }

    void everyModelField()
    {
        PromptContent before = twoMessages(QStringLiteral("x"), QStringLiteral("y"));
        before.model.temperature = 0.7;
        PromptContent after = before;
        after.model.alias.clear();
        after.model.provider = QStringLiteral("openai");
        after.model.model = QStringLiteral("gpt-4o-2024-08-06");
        after.model.temperature = 0.2;
        after.model.topP = 0.9;
        after.model.maxOutputTokens = 500;
        after.model.seed = 7;
        after.model.stop = { QStringLiteral("END") };
        after.model.responseFormat = { ResponseFormat::Kind::JsonSchema, QStringLiteral("answer"), { { "type", "object" } }, true };
        after.model.tools = { { QStringLiteral("lookup"), {}, { { "type", "object" } } } };
        const PromptDiff diff = diffVersions(before, after);
        QStringList changed;
        for (const FieldChange &field : diff.fields) {
            QVERIFY2(field.changed, qPrintable(field.field));
            changed << field.field;
        }
        QCOMPARE(changed, (QStringList { QStringLiteral("model"), QStringLiteral("temperature"), QStringLiteral("top_p"),
                                         QStringLiteral("max_output_tokens"), QStringLiteral("seed"), QStringLiteral("stop"),
                                         QStringLiteral("response_format"), QStringLiteral("tools") }));
        QCOMPARE(diff.fields[0].before, QStringLiteral("chat-smart"));
        QCOMPARE(diff.fields[0].after, QStringLiteral("openai/gpt-4o-2024-08-06"));
        QCOMPARE(diff.fields[2].before, QStringLiteral("(not set)"));
        QVERIFY(diff.summary().contains(QStringLiteral("temperature 0.7 → 0.2")));
    }

    void identicalVersions()
    {
        const PromptContent content = twoMessages(QStringLiteral("Be brief."), QStringLiteral("{{question}}"));
        const PromptDiff diff = diffVersions(content, content);
        QVERIFY(diff.identical());
        QCOMPARE(diff.summary(), QStringLiteral("identical"));
    }
};

QTEST_GUILESS_MAIN(TestPromptDiff)
#include "tst_prompts_diff.moc"
