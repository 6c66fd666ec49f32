// Rendering a prompt version into a request as the playground, replay and the gateway do:
// every field of the request, plain-text (never HTML-escaped) values, numbers, booleans and
// JSON as a model should read them, lists and conditionals, defaults, and every problem with
// the values reported at once, by name and with where the templates use it.
#include "coretostring.h"
#include "prompts/promptcontent.h"
#include "prompts/promptrenderer.h"
#include "resultcheck.h"

#include <QTest>

using namespace switchboard::core;
using namespace switchboard::core::prompts;
using nlohmann::json;

namespace {

PromptVariable variable(const QString &name, VariableType type = VariableType::String,
    bool required = true, json defaultValue = nullptr)
{
    PromptVariable declared;
    declared.name = name;
    declared.type = type;
    declared.required = required;
    declared.defaultValue = std::move(defaultValue);
    return declared;
}

PromptContent contentOf(const QStringList &texts, std::vector<PromptVariable> variables)
{
    PromptContent content;
    for (const QString &text : texts) {
        MessageTemplate message;
        message.text = text;
        content.messages.push_back(message);
    }
    content.variables = std::move(variables);
    content.model.alias = QStringLiteral("support-default");
    return content;
}

// The text of the only message, or the error's message.
QString renderOne(const QString &text, std::vector<PromptVariable> variables, const json &values)
{
    const auto request = render(contentOf({ text }, std::move(variables)), values);
    if (!request)
        return QString(QStringLiteral("error: ") + request.error().message);
    return request->messages.at(0).plainText();
}

} // namespace

class TestPromptsRender final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void requestFields()
    {
        PromptContent content;
        content.messages = {
            MessageTemplate {
                Role::System, QStringLiteral("You help {{company}} customers."), {}, {} },
            MessageTemplate { Role::User, QStringLiteral("Where is order {{order}}?"),
                QStringLiteral("ana"), {} },
            MessageTemplate { Role::Tool, QStringLiteral("{\"status\": \"{{status}}\"}"), {},
                QStringLiteral("call_1") },
        };
        content.variables = { variable(QStringLiteral("company")),
            variable(QStringLiteral("order"), VariableType::Number),
            variable(QStringLiteral("status"), VariableType::Enum) };
        content.variables[2].choices = { QStringLiteral("shipped"), QStringLiteral("lost") };
        content.model.provider = QStringLiteral("openai");
        content.model.model = QStringLiteral("gpt-4o-mini");
        content.model.temperature = 0.2;
        content.model.topP = 0.9;
        content.model.maxOutputTokens = 400;
        content.model.seed = 7;
        content.model.stop = { QStringLiteral("END") };
        content.model.responseFormat.kind = ResponseFormat::Kind::JsonObject;
        content.model.tools = { ToolDefinition { QStringLiteral("lookup"),
            QStringLiteral("Finds an order"), json { { "type", "object" } } } };

        RenderReport report;
        const auto request = render(content,
            json { { "company", "Acme" }, { "order", 1042 }, { "status", "shipped" } }, &report);
        QVERIFY_OK(request);
        QCOMPARE(request->model, QStringLiteral("gpt-4o-mini"));
        QCOMPARE(report.provider, QStringLiteral("openai"));
        QCOMPARE(request->messages.size(), size_t(3));
        QCOMPARE(request->messages[0],
            ChatMessage::text(Role::System, QStringLiteral("You help Acme customers.")));
        QCOMPARE(request->messages[1].role, Role::User);
        QCOMPARE(request->messages[1].plainText(), QStringLiteral("Where is order 1042?"));
        QCOMPARE(request->messages[1].name, QStringLiteral("ana"));
        QCOMPARE(request->messages[2].role, Role::Tool);
        QCOMPARE(request->messages[2].plainText(), QStringLiteral("{\"status\": \"shipped\"}"));
        QCOMPARE(request->messages[2].toolCallId, QStringLiteral("call_1"));
        QVERIFY(request->temperature == 0.2);
        QVERIFY(request->topP == 0.9);
        QVERIFY(request->maxOutputTokens == 400);
        QVERIFY(request->seed == 7);
        QCOMPARE(request->stop, QStringList { QStringLiteral("END") });
        QVERIFY(request->responseFormat == content.model.responseFormat);
        QVERIFY(request->tools == content.model.tools);
        QVERIFY(!request->stream);
        QVERIFY(report.problems.empty());

        // With an alias, the alias is the model and the pin decides the provider.
        content.model.alias = QStringLiteral("support-default");
        QVERIFY_OK(render(content,
            json { { "company", "Acme" }, { "order", 1 }, { "status", "lost" } }, &report));
        QCOMPARE(
            render(content, json { { "company", "Acme" }, { "order", 1 }, { "status", "lost" } })
                ->model,
            QStringLiteral("support-default"));
        QVERIFY(report.provider.isEmpty());
    }

    void valuesAreNotEscaped()
    {
        const QString text = QStringLiteral("a < b & \"c\" 'd' <b>");
        QCOMPARE(renderOne(QStringLiteral("{{x}}|{{{x}}}|{{&x}}"),
                     { variable(QStringLiteral("x")) }, json { { "x", text.toStdString() } }),
            QString(text + u'|' + text + u'|' + text));
    }

    void numbersBooleansAndJson()
    {
        const std::vector<PromptVariable> variables
            = { variable(QStringLiteral("n"), VariableType::Number),
                  variable(QStringLiteral("b"), VariableType::Boolean),
                  variable(QStringLiteral("j"), VariableType::Json) };
        const QString text = QStringLiteral("{{n}} {{b}} {{j}}");
        QCOMPARE(
            renderOne(text, variables,
                json { { "n", 3 }, { "b", true }, { "j", { { "a", 1 }, { "b", { 1, 2 } } } } }),
            QStringLiteral("3 true {\"a\":1,\"b\":[1,2]}"));
        QCOMPARE(renderOne(text, variables,
                     json { { "n", 3.0 }, { "b", false }, { "j", json::array({ "x", 2.5 }) } }),
            QStringLiteral("3 false [\"x\",2.5]"));
        QCOMPARE(
            renderOne(text, variables, json { { "n", 2.5 }, { "b", false }, { "j", "plain" } }),
            QStringLiteral("2.5 false plain"));
        QCOMPARE(renderOne(text, variables, json { { "n", -0.125 }, { "b", true }, { "j", 10 } }),
            QStringLiteral("-0.125 true 10"));
        // Fields of an object: scalars print as themselves, nested objects as JSON.
        QCOMPARE(renderOne(QStringLiteral("{{j.id}} {{j.total}} {{j.paid}} {{j.lines}}"),
                     { variables[2] },
                     json { { "j",
                         { { "id", "A-1" }, { "total", 12.0 }, { "paid", true },
                             { "lines", { 1, 2 } } } } }),
            QStringLiteral("A-1 12 true [1,2]"));
    }

    void listsAndConditionals()
    {
        const std::vector<PromptVariable> variables
            = { variable(QStringLiteral("items"), VariableType::Json),
                  variable(QStringLiteral("vip"), VariableType::Boolean),
                  variable(QStringLiteral("customer")) };
        const QString text = QStringLiteral("Dear {{customer}},\n"
                                            "{{#items}}- {{name}} x{{qty}}\n{{/items}}"
                                            "{{^items}}Your cart is empty.\n{{/items}}"
                                            "{{#vip}}Thanks for being a member.{{/vip}}"
                                            "{{^vip}}Join us, {{customer}}.{{/vip}}");
        QCOMPARE(renderOne(text, variables,
                     json { { "customer", "Ana" },
                         { "items",
                             json::array({ { { "name", "tea" }, { "qty", 2 } },
                                 { { "name", "cup" }, { "qty", 1 } } }) },
                         { "vip", true } }),
            QStringLiteral("Dear Ana,\n- tea x2\n- cup x1\nThanks for being a member."));
        QCOMPARE(renderOne(text, variables,
                     json { { "customer", "Bo" }, { "items", json::array() }, { "vip", false } }),
            QStringLiteral("Dear Bo,\nYour cart is empty.\nJoin us, Bo."));

        // A list of scalars iterates with {{.}}; an object gives a context; {{.}} of objects is
        // JSON.
        QCOMPARE(renderOne(QStringLiteral("{{#items}}[{{.}}]{{/items}}"), { variables[0] },
                     json { { "items", { "a", 1, true } } }),
            QStringLiteral("[a][1][true]"));
        QCOMPARE(renderOne(QStringLiteral("{{#items}}{{.}};{{/items}}"), { variables[0] },
                     json { { "items", json::array({ { { "k", 1 } } }) } }),
            QStringLiteral("{\"k\":1};"));
        QCOMPARE(renderOne(QStringLiteral("{{#items}}#{{id}} for {{customer}}{{/items}}"),
                     { variables[0], variables[2] },
                     json { { "items", { { "id", 7 } } }, { "customer", "Ana" } }),
            QStringLiteral("#7 for Ana"));
    }

    void defaultsFillAbsentOptionalVariables()
    {
        const std::vector<PromptVariable> variables = {
            variable(QStringLiteral("name"), VariableType::String, false, "friend"),
            variable(QStringLiteral("tone"), VariableType::String, true, "warm"),
            variable(QStringLiteral("note"), VariableType::String, false),
        };
        const QString text = QStringLiteral("Hi {{name}} ({{tone}}){{#note}}: {{note}}{{/note}}");
        RenderReport report;
        const auto request = render(contentOf({ text }, variables), json::object(), &report);
        QVERIFY_OK(request);
        QCOMPARE(request->messages[0].plainText(), QStringLiteral("Hi friend (warm)"));
        QVERIFY2((report.values == json { { "name", "friend" }, { "tone", "warm" } }),
            report.values.dump().c_str());

        QCOMPARE(renderOne(text, variables, json { { "name", "Ana" }, { "note", "" } }),
            QStringLiteral("Hi Ana (warm)"));
        QCOMPARE(renderOne(text, variables, json { { "name", nullptr }, { "note", "late" } }),
            QStringLiteral("Hi friend (warm): late"));
    }

    void missingValueNamedWithItsUses()
    {
        RenderReport report;
        const auto request = render(contentOf({ QStringLiteral("Be kind."),
                                                  QStringLiteral("Hello {{customer}}!\n"
                                                                 "Bye {{customer}}.") },
                                        { variable(QStringLiteral("customer")) }),
            json::object(), &report);
        QCOMPARE(switchboard::tests::codeOf(request), QStringLiteral("invalid_argument"));
        QVERIFY2(request.error().message.contains(
                     QStringLiteral("missing variable \"customer\" (message 2, line 1, column 7; "
                                    "message 2, line 2, column 5)")),
            qPrintable(request.error().message));
        QCOMPARE(report.problems.size(), size_t(1));
        QCOMPARE(report.problems[0].kind, TemplateProblem::MissingValue);
        QCOMPARE(report.problems[0].variable, QStringLiteral("customer"));
        QCOMPARE(report.problems[0].message, 1);
        QCOMPARE(report.problems[0].line, 1);
        QCOMPARE(report.problems[0].column, 7);
    }

    void unknownValueNamed()
    {
        RenderReport report;
        const auto request = render(contentOf({ QStringLiteral("Hi {{customer}}") },
                                        { variable(QStringLiteral("customer")) }),
            json { { "customer", "Ana" }, { "custmer", "Ana" } }, &report);
        QVERIFY(!request);
        QVERIFY2(request.error().message.contains(QStringLiteral("unknown value \"custmer\"")),
            qPrintable(request.error().message));
        QCOMPARE(report.problems.size(), size_t(1));
        QCOMPARE(report.problems[0].kind, TemplateProblem::UnknownValue);
        QCOMPARE(report.problems[0].variable, QStringLiteral("custmer"));
        QCOMPARE(report.problems[0].message, -1);
    }

    void wrongTypes_data()
    {
        QTest::addColumn<int>("type");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("says");

        QTest::newRow("string given a number")
            << int(VariableType::String) << QStringLiteral("3")
            << QStringLiteral("must be a string, got the number 3");
        QTest::newRow("number given text")
            << int(VariableType::Number) << QStringLiteral("\"3\"")
            << QStringLiteral("must be a number, got the string \"3\"");
        QTest::newRow("boolean given text")
            << int(VariableType::Boolean) << QStringLiteral("\"yes\"")
            << QStringLiteral("must be true or false, got the string \"yes\"");
        QTest::newRow("enum given another word")
            << int(VariableType::Enum) << QStringLiteral("\"bronze\"")
            << QStringLiteral("must be one of \"gold\", \"silver\", got the string \"bronze\"");
        QTest::newRow("enum given a number")
            << int(VariableType::Enum) << QStringLiteral("1")
            << QStringLiteral("must be one of \"gold\", \"silver\", got the number 1");
        QTest::newRow("string given an object")
            << int(VariableType::String) << QStringLiteral("{\"a\":1}")
            << QStringLiteral("must be a string, got an object");
        // A long value is named by its start, not repeated whole.
        QTest::newRow("number given long text")
            << int(VariableType::Number) << QString(u'"' + QString(60, u'x') + u'"')
            << QString(QStringLiteral("must be a number, got the string \"") + QString(40, u'x')
                   + QChar(0x2026) + u'"');
    }

    void wrongTypes()
    {
        QFETCH(int, type);
        QFETCH(QString, value);
        QFETCH(QString, says);

        PromptVariable declared = variable(QStringLiteral("tier"), VariableType(type));
        declared.choices = { QStringLiteral("gold"), QStringLiteral("silver") };
        RenderReport report;
        const auto request = render(contentOf({ QStringLiteral("Tier: {{tier}}") }, { declared }),
            json { { "tier", json::parse(value.toStdString()) } }, &report);
        QVERIFY(!request);
        const QString expected = QString(QStringLiteral("variable \"tier\" ") + says
            + QStringLiteral(" (message 1, line 1, column 7)"));
        QVERIFY2(request.error().message.contains(expected), qPrintable(request.error().message));
        QCOMPARE(report.problems.size(), size_t(1));
        QCOMPARE(report.problems[0].kind, TemplateProblem::WrongType);
        QCOMPARE(report.problems[0].variable, QStringLiteral("tier"));
        QCOMPARE(report.problems[0].column, 7);
    }

    void everyProblemReportedAtOnce()
    {
        RenderReport report;
        const auto request
            = render(contentOf({ QStringLiteral("{{customer}} {{count}} {{undeclared}}"),
                                   QStringLiteral("{{#open}}") },
                         { variable(QStringLiteral("customer")),
                             variable(QStringLiteral("count"), VariableType::Number),
                             variable(QStringLiteral("open"), VariableType::Boolean, false),
                             variable(QStringLiteral("spare"), VariableType::String, false) }),
                json { { "count", "many" }, { "extra", 1 } }, &report);
        QCOMPARE(switchboard::tests::codeOf(request), QStringLiteral("invalid_argument"));
        const QStringList lines = request.error().message.split(u'\n');
        QCOMPARE(lines.size(), 6); // a heading and one line per error
        QVERIFY2(lines[0].contains(QStringLiteral("5 problems")), qPrintable(lines[0]));
        QVERIFY2(
            lines[1].startsWith(QStringLiteral("message 2, line 1, column 1: section \"open\"")),
            qPrintable(lines[1]));
        QVERIFY2(
            lines[2].startsWith(QStringLiteral("variable \"undeclared\" is used but not declared")),
            qPrintable(lines[2]));
        QVERIFY2(lines[3].startsWith(
                     QStringLiteral("missing variable \"customer\" (message 1, line 1, column 1)")),
            qPrintable(lines[3]));
        QVERIFY2(lines[4].startsWith(
                     QStringLiteral("variable \"count\" must be a number, got the string \"many\" "
                                    "(message 1, line 1, column 14)")),
            qPrintable(lines[4]));
        QVERIFY2(
            lines[5].startsWith(QStringLiteral("unknown value \"extra\"")), qPrintable(lines[5]));

        // The report also carries the warning, which alone would not have failed the render.
        QCOMPARE(report.problems.size(), size_t(6));
        QCOMPARE(report.problems[2].kind, TemplateProblem::UnusedVariable);
        QCOMPARE(report.problems[2].variable, QStringLiteral("spare"));
    }

    void warningsDoNotFailTheRender()
    {
        RenderReport report;
        QVERIFY_OK(render(contentOf({ QStringLiteral("Hi") },
                              { variable(QStringLiteral("spare"), VariableType::String, false) }),
            json::object(), &report));
        QCOMPARE(report.problems.size(), size_t(1));
        QCOMPARE(report.problems[0].severity, TemplateProblem::Warning);
    }

    void valuesMustBeAnObject()
    {
        const auto request = render(contentOf({ QStringLiteral("Hi") }, {}), json::array());
        QCOMPARE(switchboard::tests::codeOf(request), QStringLiteral("invalid_argument"));
        QVERIFY2(request.error().message.contains(QStringLiteral("JSON object")),
            qPrintable(request.error().message));
    }
};

QTEST_GUILESS_MAIN(TestPromptsRender)
#include "tst_prompts_render.moc"
