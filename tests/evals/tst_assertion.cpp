// Every assertion type passing and failing, negated, with the reason it gives (a rubric from
// its judge's verdict); bad assertions
// refused with what to write instead; ROUGE-L on known pairs.
#include "evals/assertion.h"
#include "evals/rubric.h"
#include "resultcheck.h"

#include <QTest>

using namespace switchboard::core;
using namespace switchboard::core::evals;
using nlohmann::json;

namespace {

AssertionResult run(const json &assertion, const Observation &observation)
{
    auto parsed = parseAssertion(assertion);
    if (!parsed)
        qFatal("%s", qPrintable(parsed.error().message));
    return check(*parsed, observation);
}

Observation answer(const char *output)
{
    Observation o;
    o.output = QString::fromUtf8(output);
    o.latencyMs = 1'200;
    o.costMicros = 1'500;
    o.outputTokens = 80;
    return o;
}

} // namespace

class TestAssertion final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void textChecksPassAndFailWithTheirReason()
    {
        const Observation o = answer("Your refund was issued on Monday.");
        QVERIFY(run({ { "type", "equals" }, { "value", " Your refund was issued on Monday. " } }, o).passed);
        QVERIFY(!run({ { "type", "equals" }, { "value", "Your refund was issued." } }, o).passed);
        QVERIFY(run({ { "type", "contains" }, { "value", "refund" } }, o).passed);
        const auto missing = run({ { "type", "contains" }, { "value", "Refund" } }, o);
        QVERIFY(!missing.passed);
        QCOMPARE(missing.reason, QStringLiteral("does not contain \"Refund\""));
        QVERIFY(run({ { "type", "icontains" }, { "value", "REFUND" } }, o).passed);
        QVERIFY(run({ { "type", "contains-any" }, { "value", { "credit", "Monday" } } }, o).passed);
        QVERIFY(!run({ { "type", "contains-any" }, { "value", { "credit", "Friday" } } }, o).passed);
        const auto lacks = run({ { "type", "contains-all" }, { "value", { "refund", "Friday" } } }, o);
        QVERIFY(!lacks.passed);
        QCOMPARE(lacks.reason, QStringLiteral("lacks \"Friday\""));
        QVERIFY(run({ { "type", "regex" }, { "value", "issued on (Mon|Tue)day" } }, o).passed);
        QVERIFY(!run({ { "type", "regex" }, { "value", "^\\d+$" } }, o).passed);
    }

    void negationTurnsTheCheckAround()
    {
        const Observation o = answer("I cannot help with that.");
        const auto refused = run({ { "type", "not-icontains" }, { "value", "cannot help" } }, o);
        QVERIFY(!refused.passed);
        QCOMPARE(refused.score, 0.0);
        QVERIFY(run({ { "type", "not-contains" }, { "value", "refund" } }, o).passed);
        QCOMPARE(nameOf(*parseAssertion({ { "type", "not-regex" }, { "value", "x" } })), QStringLiteral("not-regex"));
    }

    void jsonChecks()
    {
        const Observation o = answer(R"({"sku": "A-7", "items": [{"qty": 2}, {"qty": 5}], "odd key": true})");
        QVERIFY(run({ { "type", "is-json" } }, o).passed);
        QVERIFY(!run({ { "type", "is-json" } }, answer("{sku: A-7}")).passed);
        QVERIFY(run({ { "type", "json-path" }, { "path", "$.items[1].qty" }, { "value", 5 } }, o).passed);
        QVERIFY(run({ { "type", "json-path" }, { "path", "$['odd key']" }, { "value", true } }, o).passed);
        const auto wrong = run({ { "type", "json-path" }, { "path", "$.items[0].qty" }, { "value", 3 } }, o);
        QVERIFY(!wrong.passed);
        QCOMPARE(wrong.reason, QStringLiteral("$.items[0].qty is 2, not 3"));
        QCOMPARE(run({ { "type", "json-path" }, { "path", "$.items[9].qty" }, { "value", 3 } }, o).reason,
                 QStringLiteral("has nothing at $.items[9].qty"));
        QVERIFY(!run({ { "type", "json-path" }, { "path", "$.sku" }, { "value", "A-7" } }, answer("not json")).passed);
        // is-json with a schema checks the answer against it.
        const json schema { { "type", "object" }, { "required", { "sku" } }, { "properties", { { "sku", { { "type", "integer" } } } } } };
        const auto broken = run({ { "type", "is-json" }, { "value", schema } }, o);
        QVERIFY(!broken.passed);
        QCOMPARE(broken.reason, QStringLiteral("breaks the schema: $.sku: string where the schema wants integer"));
        QVERIFY(run({ { "type", "is-json" }, { "value", { { "required", { "sku", "items" } } } } }, o).passed);
    }

    void limitsOnLatencyCostAndTokens()
    {
        const Observation o = answer("ok"); // 1,200 ms, $0.0015, 80 tokens
        QVERIFY(run({ { "type", "latency" }, { "threshold", 1'200 } }, o).passed);
        const auto slow = run({ { "type", "latency" }, { "threshold", 1'000 } }, o);
        QVERIFY(!slow.passed);
        QVERIFY2(slow.reason.contains(QLatin1String("over")), qPrintable(slow.reason));
        QVERIFY(run({ { "type", "cost" }, { "threshold", 0.002 } }, o).passed);
        QVERIFY(!run({ { "type", "cost" }, { "threshold", 0.001 } }, o).passed);
        QVERIFY(run({ { "type", "max-output-tokens" }, { "value", 80 } }, o).passed);
        QVERIFY(!run({ { "type", "max-output-tokens" }, { "value", 79 } }, o).passed);
    }

    void similarityToTheReference()
    {
        QCOMPARE(rougeL(QStringLiteral("the cat sat on the mat"), QStringLiteral("The cat sat on the mat.")), 1.0);
        QCOMPARE(rougeL(QStringLiteral("completely different words"), QStringLiteral("the cat sat")), 0.0);
        // LCS "the cat the mat" (4 of 6 and of 6 words): F1 = 4/6.
        QVERIFY(qAbs(rougeL(QStringLiteral("the cat lay under the mat"), QStringLiteral("the cat sat on the mat")) - 4.0 / 6.0) < 1e-9);
        Observation o = answer("The refund was issued on Monday");
        o.reference = QStringLiteral("Your refund was issued on Monday.");
        const auto close = run({ { "type", "similar" } }, o);
        QVERIFY2(close.passed, qPrintable(close.reason));
        QVERIFY(close.score > 0.8);
        QVERIFY(!run({ { "type", "similar" }, { "threshold", 0.95 } }, o).passed);
        o.reference.clear();
        QVERIFY(run({ { "type", "similar" } }, o).reason.contains(QLatin1String("no reference")));
    }

    void badAssertionsSayWhatToWrite()
    {
        const auto message = [](const json &assertion) {
            auto parsed = parseAssertion(assertion);
            return parsed ? QString() : parsed.error().message;
        };
        QVERIFY(message({ { "value", "x" } }).contains(QLatin1String("\"type\"")));
        QVERIFY(message({ { "type", "sounds-right" } }).contains(QLatin1String("contains-any")));
        QVERIFY(message({ { "type", "contains" } }).contains(QLatin1String("needs a value")));
        QVERIFY(message({ { "type", "contains-all" }, { "value", "one" } }).contains(QLatin1String("list")));
        QVERIFY(message({ { "type", "regex" }, { "value", "([a-z" } }).contains(QLatin1String("not a valid regular expression")));
        QVERIFY(message({ { "type", "latency" } }).contains(QLatin1String("milliseconds")));
        QVERIFY(message({ { "type", "similar" }, { "threshold", 3 } }).contains(QLatin1String("0 to 1")));
        QVERIFY(message({ { "type", "json-path" }, { "path", "items.0" }, { "value", 1 } }).contains(QLatin1String("$.items[0].sku")));
    }

    void aRubricIsJudgedFromTheJudgesVerdict()
    {
        auto rubric = parseAssertion({ { "type", "llm-rubric" }, { "value", "Apologises for the delay" }, { "provider", "chat-smart" } });
        QVERIFY_OK(rubric);
        QCOMPARE(rubric->judge, QStringLiteral("chat-smart"));
        // The judge is asked with structured output, the rubric and the answer in its messages.
        const ChatRequest request = rubricRequest(*rubric, QStringLiteral("Sorry it took so long."), QStringLiteral("Where is it?"), QStringLiteral("chat-smart"));
        QCOMPARE(request.model, QStringLiteral("chat-smart"));
        QCOMPARE(request.responseFormat.kind, ResponseFormat::Kind::JsonSchema);
        QVERIFY(request.messages.back().plainText().contains(QLatin1String("Apologises for the delay")));
        QVERIFY(request.messages.back().plainText().contains(QLatin1String("Sorry it took so long.")));

        AssertionResult verdict = rubricVerdict(*rubric, QStringLiteral("{\"pass\": true, \"score\": 0.9, \"reason\": \"It apologises.\"}"));
        QVERIFY(verdict.passed);
        QCOMPARE(verdict.score, 0.9);
        QCOMPARE(verdict.reason, QStringLiteral("the judge passed it (score 0.90): It apologises."));
        verdict = rubricVerdict(*rubric, QStringLiteral("{\"pass\": false, \"score\": 0.1, \"reason\": \"No apology.\"}"));
        QVERIFY(!verdict.passed);
        QVERIFY(verdict.reason.endsWith(QLatin1String("No apology.")));
        // A pass below the assertion's threshold fails.
        auto strict = parseAssertion({ { "type", "llm-rubric" }, { "value", "Apologises" }, { "threshold", 0.95 } });
        QVERIFY_OK(strict);
        verdict = rubricVerdict(*strict, QStringLiteral("{\"pass\": true, \"score\": 0.9, \"reason\": \"Mostly.\"}"));
        QVERIFY(!verdict.passed);
        QVERIFY(verdict.reason.contains(QLatin1String("at least 0.95 needed")));
        // A judge that answers prose gives no verdict, and says so.
        verdict = rubricVerdict(*rubric, QStringLiteral("Yes, it does."));
        QVERIFY(!verdict.passed);
        QVERIFY(verdict.reason.contains(QLatin1String("did not give a verdict")));
        // Without a judge (check() alone) a rubric cannot pass.
        QVERIFY(!check(*rubric, answer("Sorry")).passed);
        QVERIFY(parseAssertion({ { "type", "llm-rubric" } }).error().message.contains(QLatin1String("rubric as its value")));
        QVERIFY(parseAssertion({ { "type", "not-llm-rubric" }, { "value", "x" } }).error().message.contains(QLatin1String("cannot be negated")));
    }

    void roundTripsThroughJson()
    {
        const json written { { "type", "not-json-path" }, { "path", "$.a[0]" }, { "value", { { "b", 1 } } } };
        auto parsed = parseAssertion(written);
        QVERIFY_OK(parsed);
        QVERIFY2(toJson(*parsed) == written, toJson(*parsed).dump().c_str());
        QVERIFY(*parseAssertion(toJson(*parsed)) == *parsed);
    }
};

QTEST_GUILESS_MAIN(TestAssertion)
#include "tst_assertion.moc"
