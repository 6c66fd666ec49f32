// The Gemini generateContent wire format, as the adapter speaks it.
#include "coretostring.h"
#include "jsoncompare.h"
#include "providers/geminiwire.h"
#include "providers/openaiwire.h"
#include "providers/sseparser.h"
#include "resultcheck.h"
#include "testdata.h"

#include <QTest>

using namespace switchboard::core;
using namespace switchboard::core::providers;
using nlohmann::json;

using switchboard::tests::testJson;

class TestGeminiWire final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void anOpenAiRequestBecomesGenerateContent()
    {
        const auto request = openai::decodeRequest(testJson("openai/request-full.json"));
        QVERIFY_OK(request);
        const json body = gemini::encodeRequest(*request);
        QCOMPARE_JSON(body.at("systemInstruction").at("parts")[0].at("text"),
                      json("You answer support questions for Acme."));
        const json &contents = body.at("contents");
        QCOMPARE(contents.size(), std::size_t(4));
        QCOMPARE_JSON(contents[0].at("role"), json("user"));
        QCOMPARE_JSON(contents[0].at("parts")[1].at("fileData").at("fileUri"), json("https://example.com/invoice.png"));
        QCOMPARE_JSON(contents[1].at("role"), json("model"));
        QCOMPARE_JSON(contents[1].at("parts")[0].at("functionCall").at("args"), json({ { "number", "INV-42" } }));
        // The tool result names the function it answers, found through its call id.
        QCOMPARE_JSON(contents[2].at("parts")[0].at("functionResponse").at("name"), json("lookup_invoice"));
        QCOMPARE_JSON(contents[2].at("parts")[0].at("functionResponse").at("response"), json({ { "total", "120.00 EUR" } }));
        const json &config = body.at("generationConfig");
        QCOMPARE_JSON(config.at("maxOutputTokens"), json(512));
        QCOMPARE_JSON(config.at("seed"), json(42));
        QCOMPARE_JSON(config.at("responseMimeType"), json("application/json"));
        QCOMPARE_JSON(config.at("responseJsonSchema").at("required"), json({ "answer" }));
        QCOMPARE_JSON(body.at("toolConfig").at("functionCallingConfig").at("mode"), json("AUTO"));
        QCOMPARE_JSON(body.at("tools")[0].at("functionDeclarations")[0].at("name"), json("lookup_invoice"));
    }

    void readsAFunctionCallWithThoughtAndCacheTokens()
    {
        const auto response = gemini::decodeResponse(testJson("gemini/response-function-call.json"));
        QVERIFY_OK(response);
        const ChatChoice &choice = response->choices.at(0);
        QCOMPARE(choice.finishReason, std::optional<FinishReason>(FinishReason::ToolCalls));
        QCOMPARE(choice.message.plainText(), QStringLiteral("Checking the invoice."));
        QCOMPARE(choice.message.toolCalls.at(0).id, QStringLiteral("call_0"));
        QCOMPARE(response->usage->outputTokens, 50); // 30 answer + 20 thinking
        QCOMPARE(response->usage->reasoningTokens, 20);
        QCOMPARE(response->usage->cachedInputTokens, 64);
        QCOMPARE(response->model, QStringLiteral("gemini-2.5-flash"));
    }

    void aBlockedPromptIsAContentFilterFinish()
    {
        const auto response = gemini::decodeResponse(testJson("gemini/response-prompt-blocked.json"));
        QVERIFY_OK(response);
        QCOMPARE(response->choices.at(0).finishReason, std::optional<FinishReason>(FinishReason::ContentFilter));
        QCOMPARE(response->choices.at(0).providerFinishReason, QStringLiteral("SAFETY"));
        QVERIFY(response->choices.at(0).message.content.empty());
    }

    void readsAStreamToALengthFinishWithUsage()
    {
        SseParser parser;
        int toolCalls = 0;
        std::vector<StreamDelta> deltas;
        for (const SseEvent &event : parser.feed(switchboard::tests::testData(QStringLiteral("gemini/stream-text.sse")))) {
            auto some = gemini::decodeChunk(json::parse(event.data.toStdString()), toolCalls);
            QVERIFY_OK(some);
            deltas.insert(deltas.end(), some->begin(), some->end());
        }
        QString text;
        for (const StreamDelta &delta : deltas)
            text += delta.text;
        QCOMPARE(text, QStringLiteral("The answer is 42."));
        QCOMPARE(deltas.back().finishReason, std::optional<FinishReason>(FinishReason::Length));
        QVERIFY(deltas.back().usage);
        QCOMPARE(deltas.back().usage->outputTokens, 5);
    }

    void toolCallsAreNumberedAcrossChunks()
    {
        int toolCalls = 0;
        const json chunk = json::parse(R"({"candidates":[{"content":{"role":"model","parts":[{"functionCall":{"name":"a","args":{}}}]},"index":0}]})");
        auto first = gemini::decodeChunk(chunk, toolCalls);
        auto second = gemini::decodeChunk(chunk, toolCalls);
        QVERIFY_OK(first);
        QVERIFY_OK(second);
        QCOMPARE(first->at(0).toolCalls.at(0).index, 0);
        QCOMPARE(second->at(0).toolCalls.at(0).index, 1);
        QCOMPARE(second->at(0).toolCalls.at(0).id, QStringLiteral("call_1"));
        QCOMPARE(toolCalls, 2);
    }
};

QTEST_GUILESS_MAIN(TestGeminiWire)
#include "tst_geminiwire.moc"
