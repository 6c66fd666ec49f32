// The OpenAI chat completions wire format, read and written, against recorded shapes.
#include "providers/openaifastread.h"
#include "providers/openaiwire.h"
#include "providers/provideradapter.h"
#include "providers/sseparser.h"
#include "coretostring.h"
#include "jsoncompare.h"
#include "resultcheck.h"
#include "testdata.h"

#include <QTest>

using namespace switchboard::core;
using namespace switchboard::core::providers;
using nlohmann::json;

namespace {

using switchboard::tests::testData;
using switchboard::tests::testJson;

std::vector<json> sseJson(const char *name)
{
    SseParser parser;
    std::vector<json> chunks;
    for (const SseEvent &event : parser.feed(switchboard::tests::testData(QString::fromLatin1(name)))) {
        if (event.data != "[DONE]")
            chunks.push_back(json::parse(event.data.toStdString()));
    }
    return chunks;
}

} // namespace

class TestOpenAiWire final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void decodesEveryCanonicalFieldOfARequest()
    {
        const auto request = openai::decodeRequest(testJson("openai/request-full.json"));
        QVERIFY_OK(request);
        QCOMPARE(request->model, QStringLiteral("gpt-4o-2024-08-06"));
        QCOMPARE(request->messages.size(), std::size_t(5));
        QCOMPARE(request->messages[0].role, Role::Developer);
        const ChatMessage &user = request->messages[1];
        QCOMPARE(user.name, QStringLiteral("customer"));
        QVERIFY(user.contentAsParts);
        QCOMPARE(user.content.size(), std::size_t(2));
        QCOMPARE(user.content[1].kind, ContentPart::Kind::ImageUrl);
        QCOMPARE(user.content[1].imageDetail, QStringLiteral("high"));
        QCOMPARE(request->messages[2].toolCalls.at(0).argumentsJson, QStringLiteral("{\"number\":\"INV-42\"}"));
        QVERIFY(request->messages[2].content.empty());
        QCOMPARE(request->messages[3].toolCallId, QStringLiteral("call_abc123"));
        QCOMPARE(request->tools.at(0).name, QStringLiteral("lookup_invoice"));
        QCOMPARE_JSON(request->toolChoice, json("auto"));
        QCOMPARE(request->temperature, std::optional<double>(0.2));
        QCOMPARE(request->maxOutputTokens, std::optional<qint64>(512));
        QCOMPARE(request->stop, (QStringList { QStringLiteral("\n\nUser:"), QStringLiteral("END") }));
        QCOMPARE(request->seed, std::optional<qint64>(42));
        QCOMPARE(request->responseFormat.kind, ResponseFormat::Kind::JsonSchema);
        QVERIFY(request->responseFormat.strict);
        // Fields with no canonical place ride along unchanged.
        QCOMPARE_JSON(request->extra.at("user"), json("user-1234"));
        QCOMPARE_JSON(request->extra.at("metadata"), json({ { "ticket", "T-99" } }));
        QCOMPARE_JSON(request->extra.at("parallel_tool_calls"), json(false));
        QVERIFY(!request->extra.contains("model"));
    }

    void aRequestPassesThroughUnchanged()
    {
        const json original = testJson("openai/request-full.json");
        const auto request = openai::decodeRequest(original);
        QVERIFY(request);
        QCOMPARE_JSON(openai::encodeRequest(*request), original);
        const auto again = openai::decodeRequest(openai::encodeRequest(*request));
        QVERIFY(again);
        QCOMPARE(*again, *request);
    }

    // The executor builds each attempt from the request as logged; the body must be what
    // encoding the request for that model gives, in every format, and the log unchanged.
    void anAttemptBuiltFromTheLoggedFormIsTheSameRequest()
    {
        const auto request = openai::decodeRequest(testJson("openai/request-full.json"));
        QVERIFY(request);
        for (ProviderKind kind : { ProviderKind::OpenAi, ProviderKind::Anthropic, ProviderKind::Gemini }) {
            const auto adapter = ProviderAdapter::forKind(kind);
            json logged = openai::encodeRequest(*request);
            const json before = logged;
            const OutgoingRequest reused = adapter->buildRequestReusing(*request, QStringLiteral("snapshot-2025-01-01"),
                                                                        QStringLiteral("http://upstream/v1"), "sk-x", logged);
            const OutgoingRequest built = adapter->buildRequest(*request, QStringLiteral("snapshot-2025-01-01"),
                                                                QStringLiteral("http://upstream/v1"), "sk-x");
            QCOMPARE_JSON(json::parse(reused.body.toStdString()), json::parse(built.body.toStdString()));
            QCOMPARE(reused.url, built.url);
            QCOMPARE(reused.headers, built.headers);
            QCOMPARE_JSON(logged, before);
        }
    }

    void legacyMaxTokensAndAStringStopAreRead()
    {
        const auto request = openai::decodeRequest(json::parse(
            R"({"model":"m","messages":[{"role":"user","content":"hi"}],"max_tokens":64,"stop":"END","stream":true})"));
        QVERIFY(request);
        QCOMPARE(request->maxOutputTokens, std::optional<qint64>(64));
        QCOMPARE(request->stop, QStringList { QStringLiteral("END") });
        QVERIFY(request->stream);
        const json upstream = openai::encodeRequest(*request);
        QCOMPARE_JSON(upstream.at("max_completion_tokens"), json(64));
        QCOMPARE_JSON(upstream.at("stream_options"), json({ { "include_usage", true } }));
    }

    void badRequestsNameTheFieldAndTheFix_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("not an object") << QByteArray("[1,2]") << QStringLiteral("JSON object");
        QTest::newRow("no model") << QByteArray(R"({"messages":[{"role":"user","content":"x"}]})") << QStringLiteral("model:");
        QTest::newRow("no messages") << QByteArray(R"({"model":"m","messages":[]})") << QStringLiteral("messages:");
        QTest::newRow("bad role") << QByteArray(R"({"model":"m","messages":[{"role":"user","content":"x"},{"role":"bot","content":"y"}]})")
                                  << QStringLiteral("messages[1].role: unknown role 'bot'");
        QTest::newRow("tool without id") << QByteArray(R"({"model":"m","messages":[{"role":"tool","content":"x"}]})")
                                         << QStringLiteral("tool_call_id");
        QTest::newRow("bad part") << QByteArray(R"({"model":"m","messages":[{"role":"user","content":[{"type":"audio"}]}]})")
                                  << QStringLiteral("messages[0].content[0]");
        QTest::newRow("content number") << QByteArray(R"({"model":"m","messages":[{"role":"user","content":5}]})")
                                        << QStringLiteral("messages[0].content");
        QTest::newRow("bad format") << QByteArray(R"({"model":"m","messages":[{"role":"user","content":"x"}],"response_format":{"type":"xml"}})")
                                    << QStringLiteral("response_format.type");
        QTest::newRow("schema without name") << QByteArray(R"({"model":"m","messages":[{"role":"user","content":"x"}],"response_format":{"type":"json_schema","json_schema":{"schema":{}}}})")
                                             << QStringLiteral("json_schema.name");
    }

    void badRequestsNameTheFieldAndTheFix()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, mentions);
        const auto request = openai::decodeRequest(json::parse(body.toStdString()));
        QVERIFY(!request);
        QCOMPARE(request.error().code, ErrorCode::InvalidArgument);
        QVERIFY2(request.error().message.contains(mentions), qPrintable(request.error().message));
    }

    // The gateway's fast reader answers only where it agrees with the full decoder, and
    // leaves every other shape (and every broken body) to it.
    void theFastReaderAgreesWithTheDecoderOrStandsAside_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<bool>("fast");
        QTest::newRow("refusal") << testData(QStringLiteral("openai/response-refusal.json")) << true;
        QTest::newRow("tool call") << testData(QStringLiteral("openai/response-tool-call.json")) << false;
        QTest::newRow("every usage field, escapes") << testData(QStringLiteral("openai/response-every-usage-field.json")) << true;
        QTest::newRow("no usage, odd finish, no index")
            << QByteArray(R"({"choices":[{"message":{"content":"x"},"finish_reason":"function_call"},{"finish_reason":"eos"}]})") << true;
        QTest::newRow("mistyped members read as empty")
            << QByteArray(R"({"id":5,"model":null,"created":1.5,"choices":[{"index":"0","message":{"content":7,"refusal":false}}],"usage":{"prompt_tokens":"3"}})")
            << true;
        QTest::newRow("empty tool calls") << QByteArray(R"({"choices":[{"message":{"content":"x","tool_calls":[]}}]})") << false;
        QTest::newRow("tier not a string") << QByteArray(R"({"choices":[],"service_tier":{"a":1}})") << false;
        QTest::newRow("no choices") << QByteArray(R"({"id":"c1"})") << false;
        QTest::newRow("not an object") << QByteArray(R"([1,2])") << false;
        QTest::newRow("cut off") << QByteArray("{\"choices\":[{\"message\":{\"content\":\"x") << false;
        QTest::newRow("html") << QByteArray("<html><body>502 Bad Gateway</body></html>") << false;
    }

    void theFastReaderAgreesWithTheDecoderOrStandsAside()
    {
        QFETCH(QByteArray, body);
        QFETCH(bool, fast);
        const auto read = openai::readCommonResponse(body);
        QCOMPARE(read.has_value(), fast);
        if (!read)
            return;
        const auto decoded = openai::decodeResponse(json::parse(body.toStdString()));
        QVERIFY(decoded);
        QCOMPARE(*read, *decoded);
    }

    void readsAToolCallResponseWithCachedTokens()
    {
        const auto response = openai::decodeResponse(testJson("openai/response-tool-call.json"));
        QVERIFY(response);
        QCOMPARE(response->choices.size(), std::size_t(1));
        const ChatChoice &choice = response->choices[0];
        QCOMPARE(choice.finishReason, std::optional<FinishReason>(FinishReason::ToolCalls));
        QCOMPARE(choice.message.toolCalls.at(0).name, QStringLiteral("lookup_invoice"));
        QVERIFY(choice.message.content.empty());
        QVERIFY(response->usage);
        QCOMPARE(response->usage->inputTokens, 1117);
        QCOMPARE(response->usage->outputTokens, 46);
        QCOMPARE(response->usage->cachedInputTokens, 1024);
        QCOMPARE(response->systemFingerprint, QStringLiteral("fp_fc9f1d7035"));

        // Written back out, it reads the same.
        const auto again = openai::decodeResponse(openai::encodeResponse(*response));
        QVERIFY(again);
        QCOMPARE(*again, *response);
    }

    void aRefusalIsARefusalNotAStop()
    {
        const auto response = openai::decodeResponse(testJson("openai/response-refusal.json"));
        QVERIFY(response);
        QCOMPARE(response->choices[0].finishReason, std::optional<FinishReason>(FinishReason::Refusal));
        QVERIFY(response->choices[0].refusal.startsWith(QStringLiteral("I'm sorry")));
        QCOMPARE_JSON(openai::encodeResponse(*response).at("choices")[0].at("finish_reason"), json("stop"));
    }

    void streamedToolCallArgumentsAndUsageAreRead()
    {
        openai::ChunkHeader header;
        std::vector<StreamDelta> deltas;
        for (const json &chunk : sseJson("openai/stream-tool-call.sse")) {
            auto some = openai::decodeChunk(chunk, &header);
            QVERIFY(some);
            deltas.insert(deltas.end(), some->begin(), some->end());
        }
        QCOMPARE(header.id, QStringLiteral("chatcmpl-s1"));
        QCOMPARE(deltas.size(), std::size_t(5));
        QCOMPARE(deltas[0].role, std::optional<Role>(Role::Assistant));
        QCOMPARE(deltas[0].toolCalls.at(0).id, QStringLiteral("call_s1"));
        QString arguments;
        for (const StreamDelta &delta : deltas)
            for (const auto &call : delta.toolCalls)
                arguments += call.argumentsDelta;
        QCOMPARE(arguments, QStringLiteral("{\"number\":\"INV-42\"}"));
        QCOMPARE(deltas[3].finishReason, std::optional<FinishReason>(FinishReason::ToolCalls));
        QVERIFY(deltas[4].usage);
        QCOMPARE(deltas[4].usage->outputTokens, 18);

        // Re-encoded chunks read back to the same deltas.
        for (const StreamDelta &delta : deltas) {
            auto back = openai::decodeChunk(openai::encodeChunk(delta, header));
            QVERIFY(back);
            QCOMPARE(back->size(), std::size_t(1));
            QCOMPARE(back->front(), delta);
        }
    }

    void azureFilterChunksCarryNothingAndChunksWithoutDeltaAreRead()
    {
        std::vector<StreamDelta> deltas;
        for (const json &chunk : sseJson("openai/stream-azure-filter.sse")) {
            auto some = openai::decodeChunk(chunk);
            QVERIFY(some);
            deltas.insert(deltas.end(), some->begin(), some->end());
        }
        // The prompt_filter_results chunk (choices: []) yields nothing; the last chunk has no
        // delta key at all but still finishes the choice.
        QCOMPARE(deltas.size(), std::size_t(3));
        QCOMPARE(deltas[0].role, std::optional<Role>(Role::Assistant));
        QCOMPARE(deltas[1].text, QStringLiteral("Hello"));
        QCOMPARE(deltas[2].finishReason, std::optional<FinishReason>(FinishReason::Stop));
    }

    void aResponseWithoutChoicesIsRejected()
    {
        const auto response = openai::decodeResponse(json::parse(R"({"id":"x","object":"chat.completion"})"));
        QVERIFY(!response);
        QVERIFY(response.error().message.contains(QStringLiteral("choices")));
    }
};

QTEST_GUILESS_MAIN(TestOpenAiWire)
#include "tst_openaiwire.moc"
