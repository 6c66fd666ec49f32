// Template checks as the prompt editor relies on them: every syntax error found with its
// message, line and column; undeclared variables block saving and unused ones warn; names
// inside a section on a Json variable are the item's fields; the editor's highlighting and
// variables panel get every use in order.
#include "prompts/promptcontent.h"
#include "prompts/templatecheck.h"
#include "prompts/templatescanner.h"

#include <QTest>
#include <algorithm>

using namespace switchboard::core;
using namespace switchboard::core::prompts;

namespace {

PromptVariable variable(const QString &name, VariableType type = VariableType::String)
{
    PromptVariable declared;
    declared.name = name;
    declared.type = type;
    return declared;
}

PromptContent contentOf(const QStringList &texts, std::vector<PromptVariable> variables = {})
{
    PromptContent content;
    for (const QString &text : texts) {
        MessageTemplate message;
        message.text = text;
        content.messages.push_back(message);
    }
    content.variables = std::move(variables);
    return content;
}

std::vector<TemplateProblem> ofKind(
    const std::vector<TemplateProblem> &problems, TemplateProblem::Kind kind)
{
    std::vector<TemplateProblem> out;
    for (const TemplateProblem &problem : problems) {
        if (problem.kind == kind)
            out.push_back(problem);
    }
    return out;
}

} // namespace

class TestPromptsTemplate final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void syntaxErrors_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("variable");
        QTest::addColumn<QString>("says");

        QTest::newRow("unclosed section")
            << QStringLiteral("Hi {{#items}}x") << 1 << 4 << QStringLiteral("items")
            << QStringLiteral("never closed");
        QTest::newRow("closes another section")
            << QStringLiteral("{{#a}}\n  {{/b}}") << 2 << 3 << QStringLiteral("b")
            << QStringLiteral(
                   "closes section \"b\" but the open section is \"a\" (line 1, column 1)");
        QTest::newRow("closes nothing") << QStringLiteral("x {{/a}}") << 1 << 3
                                        << QStringLiteral("a") << QStringLiteral("not open");
        QTest::newRow("unclosed tag") << QStringLiteral("ab\ncd {{name") << 2 << 4 << QString()
                                      << QStringLiteral("unclosed tag");
        QTest::newRow("unclosed triple") << QStringLiteral("{{{name}}") << 1 << 1 << QString()
                                         << QStringLiteral("\"{{{\" has no matching \"}}}\"");
        QTest::newRow("empty tag")
            << QStringLiteral("a {{ }}") << 1 << 3 << QString() << QStringLiteral("empty tag");
        QTest::newRow("section without name")
            << QStringLiteral("{{#}}") << 1 << 1 << QString() << QStringLiteral("has no name");
        QTest::newRow("partial") << QStringLiteral("line\n{{> footer}}") << 2 << 1
                                 << QStringLiteral("footer") << QStringLiteral("partials");
        QTest::newRow("set delimiter") << QStringLiteral("x\n\n  {{=<% %>=}} <%a%>") << 3 << 3
                                       << QString() << QStringLiteral("set-delimiter tags");
    }

    void syntaxErrors()
    {
        QFETCH(QString, text);
        QFETCH(int, line);
        QFETCH(int, column);
        QFETCH(QString, variable);
        QFETCH(QString, says);

        // The broken template is the second message, after a clean one.
        const auto problems = lint(contentOf({ QStringLiteral("fine"), text }));
        const auto found = std::ranges::find_if(
            problems, [&](const TemplateProblem &problem) { return problem.text.contains(says); });
        QVERIFY2(found != problems.end(),
            qPrintable(problems.empty() ? QString() : problems.front().text));
        const TemplateProblem &problem = *found;
        QCOMPARE(problem.kind, TemplateProblem::Syntax);
        QCOMPARE(problem.severity, TemplateProblem::Error);
        QCOMPARE(problem.message, 1);
        QCOMPARE(problem.line, line);
        QCOMPARE(problem.column, column);
        QCOMPARE(problem.variable, variable);
        QVERIFY2(problem.text.contains(says), qPrintable(problem.text));
        const QString where
            = QStringLiteral("message 2, line %1, column %2: ").arg(line).arg(column);
        QVERIFY2(problem.text.startsWith(where), qPrintable(problem.text));
        QCOMPARE(
            validateForSave(contentOf({ QStringLiteral("fine"), text })).size(), problems.size());
    }

    void everySyntaxErrorAtOnce()
    {
        const auto scanned = scanTemplate(QStringLiteral("{{/x}} {{ }}\n{{> p}} {{#open}}"), 0);
        QCOMPARE(scanned.problems.size(), size_t(4));
        QCOMPARE(scanned.problems[0].column, 1); // {{/x}}
        QCOMPARE(scanned.problems[1].column, 8); // {{ }}
        QCOMPARE(scanned.problems[2].line, 2); // {{> p}}
        QCOMPARE(scanned.problems[2].column, 1);
        QCOMPARE(scanned.problems[3].variable, QStringLiteral("open"));
        QCOMPARE(scanned.problems[3].column, 9);
    }

    void mismatchReportedOnce()
    {
        // {{/a}} closes "a" and the "b" inside it at once: one error, not one per later tag.
        const auto problems = lint(contentOf({ QStringLiteral("{{#a}}{{#b}}x{{/a}} {{#c}}{{/c}}") },
            { variable(QStringLiteral("a")), variable(QStringLiteral("b")),
                variable(QStringLiteral("c")) }));
        QCOMPARE(problems.size(), size_t(1));
        QCOMPARE(problems[0].column, 14);
    }

    void wellFormedTemplateHasNoProblems()
    {
        const auto content = contentOf(
            { QStringLiteral(
                "{{! a comment with {{braces}} }}Hello {{name}}, {{#vip}}welcome back{{/vip}}"
                "{{^vip}}welcome{{/vip}}.") },
            { variable(QStringLiteral("name")),
                variable(QStringLiteral("vip"), VariableType::Boolean) });
        QVERIFY(lint(content).empty());
    }

    void undefinedAndUnusedVariables()
    {
        const auto content = contentOf({ QStringLiteral("Hello {{customer}}, {{order_id}}"),
                                           QStringLiteral("again {{order_id}}") },
            { variable(QStringLiteral("customer")), variable(QStringLiteral("unused")) });
        const auto problems = lint(content);
        QCOMPARE(problems.size(), size_t(2));

        const TemplateProblem &undefined = problems[0];
        QCOMPARE(undefined.kind, TemplateProblem::UndefinedVariable);
        QCOMPARE(undefined.severity, TemplateProblem::Error);
        QCOMPARE(undefined.variable, QStringLiteral("order_id"));
        QCOMPARE(undefined.message, 0);
        QCOMPARE(undefined.line, 1);
        QCOMPARE(undefined.column, 21);
        QVERIFY2(undefined.text.contains(
                     QStringLiteral("(message 1, line 1, column 21; message 2, line 1, column 7)")),
            qPrintable(undefined.text));

        const TemplateProblem &unused = problems[1];
        QCOMPARE(unused.kind, TemplateProblem::UnusedVariable);
        QCOMPARE(unused.severity, TemplateProblem::Warning);
        QCOMPARE(unused.variable, QStringLiteral("unused"));
        QCOMPARE(unused.message, -1);

        // Only the error blocks saving.
        const auto blocking = validateForSave(content);
        QCOMPARE(blocking.size(), size_t(1));
        QCOMPARE(blocking[0], undefined);
    }

    void namesInsideJsonSectionsAreFields()
    {
        const auto content = contentOf(
            { QStringLiteral("{{#items}}- {{name}} {{price.amount}} {{.}} {{customer}}\n{{/items}}"
                             "{{#items}}{{#tags}}{{label}}{{/tags}}{{/items}}"
                             "{{#order}}{{id}}{{/order}}"),
                QStringLiteral("{{^vip}}Upgrade, {{customer}}{{/vip}}{{#vip}}{{perk}}{{/vip}}"
                               "{{^items}}{{nothing}}{{/items}}{{.}}") },
            { variable(QStringLiteral("items"), VariableType::Json),
                variable(QStringLiteral("order"), VariableType::Json),
                variable(QStringLiteral("vip"), VariableType::Boolean),
                variable(QStringLiteral("customer")) });
        const auto undefined = ofKind(lint(content), TemplateProblem::UndefinedVariable);
        // A section on a boolean or an inverted section pushes no fields.
        QCOMPARE(undefined.size(), size_t(2));
        QCOMPARE(undefined[0].variable, QStringLiteral("perk"));
        QCOMPARE(undefined[1].variable, QStringLiteral("nothing"));
        QVERIFY(ofKind(lint(content), TemplateProblem::UnusedVariable).empty());
    }

    void dottedNamesCheckTheirFirstPart()
    {
        const auto content
            = contentOf({ QStringLiteral("{{order.id}} {{user.name}} {{user.email}}") },
                { variable(QStringLiteral("order"), VariableType::Json) });
        const auto problems = lint(content);
        QCOMPARE(problems.size(), size_t(1));
        QCOMPARE(problems[0].kind, TemplateProblem::UndefinedVariable);
        QCOMPARE(problems[0].variable, QStringLiteral("user"));
        QCOMPARE(problems[0].column, 14);
    }

    void tripleAndAmpersandAreUsesCommentsAreNot()
    {
        const auto content
            = contentOf({ QStringLiteral("{{{a}}} {{& b}} {{! c is only mentioned }}") },
                { variable(QStringLiteral("a")), variable(QStringLiteral("b")),
                    variable(QStringLiteral("c")) });
        const auto problems = lint(content);
        QCOMPARE(problems.size(), size_t(1));
        QCOMPARE(problems[0].kind, TemplateProblem::UnusedVariable);
        QCOMPARE(problems[0].variable, QStringLiteral("c"));
    }

    void variablesUsedInFirstUseOrder()
    {
        const auto content
            = contentOf({ QStringLiteral("{{b}} {{a.x}} {{.}}"),
                            QStringLiteral("{{c}} {{b}} {{#list}}{{field}}{{/list}}") },
                { variable(QStringLiteral("list"), VariableType::Json) });
        QCOMPARE(variablesUsed(content),
            (QStringList { QStringLiteral("b"), QStringLiteral("a"), QStringLiteral("c"),
                QStringLiteral("list") }));
    }

    void occurrencesForHighlighting()
    {
        const auto content = contentOf({ QStringLiteral("Hi"),
                                           QStringLiteral("Hi {{ name }} and {{{name}}}\n"
                                                          "{{#items}}{{title}}{{/items}}") },
            { variable(QStringLiteral("name")),
                variable(QStringLiteral("items"), VariableType::Json) });
        const auto occurrences = variableOccurrences(content);
        QCOMPARE(occurrences.size(), size_t(4));

        QCOMPARE(occurrences[0].name, QStringLiteral("name"));
        QCOMPARE(occurrences[0].variable, QStringLiteral("name"));
        QCOMPARE(occurrences[0].message, 1);
        QCOMPARE(occurrences[0].start, 3);
        QCOMPARE(occurrences[0].length, 10);
        QCOMPARE(occurrences[0].nameStart, 6);
        QCOMPARE(occurrences[0].nameLength, 4);
        QCOMPARE(occurrences[0].kind, TemplateTag::Variable);

        QCOMPARE(occurrences[1].start, 18);
        QCOMPARE(occurrences[1].length, 10);
        QCOMPARE(occurrences[1].nameStart, 21);
        QCOMPARE(occurrences[1].kind, TemplateTag::Unescaped);

        QCOMPARE(occurrences[2].variable, QStringLiteral("items"));
        QCOMPARE(occurrences[2].kind, TemplateTag::Section);
        QCOMPARE(occurrences[2].line, 2);
        QCOMPARE(occurrences[2].column, 1);

        QCOMPARE(occurrences[3].name, QStringLiteral("title"));
        QVERIFY(occurrences[3].variable.isEmpty()); // a field of an item
        QCOMPARE(occurrences[3].column, 11);

        // The same for one message being edited.
        const auto edited = variableOccurrences(content.messages[1].text, 1, content);
        QCOMPARE(edited, occurrences);
    }
};

QTEST_GUILESS_MAIN(TestPromptsTemplate)
#include "tst_prompts_template.moc"
