// Dataset items read from JSON Lines, promptfoo-style CSV and promptfoo YAML test files, and files that import nothing
// because one line or row is wrong, saying which and why.
#include "evals/assertion.h"
#include "evals/datasetfile.h"
#include "jsoncompare.h"
#include "resultcheck.h"

#include <QTemporaryDir>
#include <QTest>

using namespace switchboard::core;
using namespace switchboard::core::evals;
using nlohmann::json;

namespace {

QString problemOf(const Result<std::vector<DatasetItem>> &read)
{
    return read ? QString() : read.error().message;
}

} // namespace

class TestDatasetFile final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void jsonLinesHoldVariablesOrMessagesWithAssertions()
    {
        const QByteArray file = R"({"vars": {"question": "Where is my refund?"}, "expected": "It was issued on Monday.", "assert": [{"type": "icontains", "value": "refund"}]}

{"messages": [{"role": "user", "content": "Hello"}], "reference": "Hi!"}
)";
        auto items = parseDatasetJsonLines(file);
        QVERIFY_OK(items);
        QCOMPARE(items->size(), std::size_t(2));
        const DatasetItem &first = items->front();
        QVERIFY(first.input == json({ { "variables", { { "question", "Where is my refund?" } } } }));
        QCOMPARE(first.referenceOutput, QStringLiteral("It was issued on Monday."));
        QCOMPARE(first.assertions.size(), std::size_t(1));
        QVERIFY(parseAssertion(first.assertions[0]).has_value());
        QVERIFY(items->back().input.contains("messages"));
        QCOMPARE(items->back().referenceOutput, QStringLiteral("Hi!"));
    }

    void aBadLineImportsNothingAndIsNamed()
    {
        QCOMPARE(problemOf(parseDatasetJsonLines("{\"vars\": {}}\nnot json\n")).left(7), QStringLiteral("Line 2:"));
        QVERIFY(problemOf(parseDatasetJsonLines("{\"expected\": \"x\"}")).contains(QLatin1String("\"vars\"")));
        const QString badAssertion = problemOf(parseDatasetJsonLines(R"({"vars": {}, "assert": [{"type": "looks-good"}]})"));
        QVERIFY2(badAssertion.startsWith(QLatin1String("Line 1: Unknown assertion type \"looks-good\"")), qPrintable(badAssertion));
        QVERIFY(problemOf(parseDatasetJsonLines("\n\n")).contains(QLatin1String("no items")));
    }

    void csvAsPromptfooWritesIt()
    {
        const QByteArray file = "question,tone,__expected,__expected2,__reference,__description\r\n"
                                "\"Where is my refund, please?\",calm,contains: refund,latency: 2000,\"It was issued.\",first\r\n"
                                "\"Say \"\"hi\"\"\nin two lines\",warm,Hi there,,,\r\n";
        auto items = parseDatasetCsv(file);
        QVERIFY_OK(items);
        QCOMPARE(items->size(), std::size_t(2));
        const DatasetItem &first = items->front();
        QVERIFY(first.input == json({ { "variables", { { "question", "Where is my refund, please?" }, { "tone", "calm" } } } }));
        QCOMPARE(first.referenceOutput, QStringLiteral("It was issued."));
        QVERIFY(first.assertions == json::array({ { { "type", "contains" }, { "value", "refund" } }, { { "type", "latency" }, { "threshold", 2000.0 } } }));
        const DatasetItem &second = items->back();
        QCOMPARE(QString::fromStdString(second.input["variables"]["question"].get<std::string>()), QStringLiteral("Say \"hi\"\nin two lines"));
        // Plain text expects the answer to equal it.
        QVERIFY(second.assertions == json::array({ { { "type", "equals" }, { "value", "Hi there" } } }));
    }

    void badCsvSaysWhatToFix()
    {
        QVERIFY(problemOf(parseDatasetCsv("question\n")).contains(QLatin1String("at least one item")));
        QVERIFY(problemOf(parseDatasetCsv("a,b\n1,2,3\n")).startsWith(QLatin1String("Row 2: 3 fields where the header has 2")));
        QVERIFY(problemOf(parseDatasetCsv("a,__prefix\n1,2\n")).contains(QLatin1String("__prefix")));
        QVERIFY(problemOf(parseDatasetCsv("a\n\"open\n")).contains(QLatin1String("not closed")));
        QVERIFY(problemOf(parseDatasetCsv("a,__expected\n1,regex: ([a\n")).startsWith(QLatin1String("Row 2, __expected: The pattern")));
    }

    void filesByTheirEnding()
    {
        QTemporaryDir dir;
        QFile csv(dir.filePath(QStringLiteral("cases.csv")));
        QVERIFY(csv.open(QIODevice::WriteOnly));
        csv.write("q\nhello\n");
        csv.close();
        auto read = readDatasetFile(csv.fileName());
        QVERIFY_OK(read);
        QCOMPARE(read->size(), std::size_t(1));
        QCOMPARE(readDatasetFile(dir.filePath(QStringLiteral("cases.yaml"))).error().code, ErrorCode::Io);
        QFile yaml(dir.filePath(QStringLiteral("cases.txt")));
        QVERIFY(yaml.open(QIODevice::WriteOnly));
        yaml.close();
        QVERIFY(problemOf(readDatasetFile(yaml.fileName())).contains(QLatin1String(".jsonl, .csv and promptfoo .yaml")));
    }

    void promptfooYamlTestsWithDefaults()
    {
        const QByteArray file = "description: Support answers\n"
                                "prompts: [prompts/answer.json]\n"
                                "defaultTest:\n"
                                "  vars:\n"
                                "    product: Northwind\n"
                                "  assert:\n"
                                "    - type: latency\n"
                                "      threshold: 5000\n"
                                "tests:\n"
                                "  - description: refunds\n"
                                "    vars:\n"
                                "      question: Where is my refund?\n"
                                "      order: 1042\n"
                                "      code: \"007\"\n"
                                "    assert:\n"
                                "      - type: icontains\n"
                                "        value: refund\n"
                                "      - type: contains-any\n"
                                "        value: [Monday, Tuesday]\n"
                                "      - type: llm-rubric\n"
                                "        value: Apologises for the delay\n"
                                "        provider: chat-smart\n"
                                "  - vars:\n"
                                "      product: Contoso\n"
                                "      question: Reset my password\n";
        auto read = parseDatasetYaml(file);
        QVERIFY_OK(read);
        QCOMPARE(read->size(), std::size_t(2));
        const DatasetItem &first = read->at(0);
        QCOMPARE_JSON(first.input["variables"]["question"], "Where is my refund?");
        QCOMPARE_JSON(first.input["variables"]["order"], 1042);     // a plain number stays one
        QCOMPARE_JSON(first.input["variables"]["code"], "007");     // a quoted one is text
        QCOMPARE_JSON(first.input["variables"]["product"], "Northwind"); // from defaultTest
        QCOMPARE(first.assertions.size(), std::size_t(4));              // the default's first
        QCOMPARE_JSON(first.assertions[0]["type"], "latency");
        QCOMPARE_JSON(first.assertions[3]["provider"], "chat-smart");
        QVERIFY_OK(parseAssertion(first.assertions[3]));
        const DatasetItem &second = read->at(1);
        QCOMPARE_JSON(second.input["variables"]["product"], "Contoso"); // its own wins over the default
        QCOMPARE(second.assertions.size(), std::size_t(1));

        // A bare list of tests is a test file too.
        auto bare = parseDatasetYaml("- vars: {q: hi}\n  assert: [{type: equals, value: hello}]\n");
        QVERIFY_OK(bare);
        QCOMPARE(bare->size(), std::size_t(1));
    }

    void malformedPromptfooYamlImportsNothingAndSaysWhere()
    {
        QVERIFY(problemOf(parseDatasetYaml("tests:\n  - vars: {q: [unclosed\n")).startsWith(QLatin1String("The YAML cannot be read at line")));
        QVERIFY(problemOf(parseDatasetYaml("description: nothing here\n")).contains(QLatin1String("has no tests")));
        QVERIFY(problemOf(parseDatasetYaml("tests: file://tests.csv\n")).contains(QLatin1String("import that file itself")));
        QVERIFY(problemOf(parseDatasetYaml("tests:\n  - vars: {q: hi}\n  - vars: {q: file://long.txt}\n"))
                    .contains(QLatin1String("loads another file")));
        const QString unknown = problemOf(parseDatasetYaml("tests:\n  - vars: {q: hi}\n  - vars: {q: there}\n"
                                                           "    assert:\n      - type: javascript\n        value: output.length > 3\n"));
        QVERIFY2(unknown.startsWith(QLatin1String("Test 2 (line 3)")) && unknown.contains(QLatin1String("Unknown assertion type \"javascript\"")),
                 qPrintable(unknown));
        QVERIFY(problemOf(parseDatasetYaml("tests:\n  - vars: [a, b]\n")).contains(QLatin1String("\"vars\" is a mapping")));
        QVERIFY(problemOf(parseDatasetYaml("tests:\n  - just text\n")).contains(QLatin1String("a test is a mapping")));
    }
};

QTEST_GUILESS_MAIN(TestDatasetFile)
#include "tst_datasetfile.moc"
