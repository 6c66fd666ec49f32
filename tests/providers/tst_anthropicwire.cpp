// The Anthropic Messages wire format, read and written, against recorded shapes.
#include "coretostring.h"
#include "jsoncompare.h"
#include "providers/anthropicwire.h"
#include "providers/openaiwire.h"
#include "resultcheck.h"
#include "testdata.h"

#include <QTest>

using namespace switchboard::core;
using namespace switchboard::core::providers;
using nlohmann::json;

namespace {

using switchboard::tests::testJson;

std::vector<SseEvent> events(const char *name)
{
    SseParser parser;
    return parser.feed(switchboard::tests::testData(QString::fromLatin1(name)));
}

} // namespace

class TestAnthropicWire final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsARequestIntoTheCanonicalShape()
    {
        const auto request = anthropic::decodeRequest(testJson("anthropic/request-tools.json"));
        QVERIFY_OK(request);
        QCOMPARE(request->messages.size(), std::size_t(4));
        QCOMPARE(request->messages[0].role, Role::System);
        QCOMPARE(request->messages[0].plainText(), QStringLiteral("You are a billing assistant."));
        QCOMPARE(request->messages[1].content.at(1).imageUrl, QStringLiteral("data:image/png;base64,iVBORw0KGgo="));
        QCOMPARE(request->messages[2].toolCalls.at(0).name, QStringLiteral("lookup_invoice"));
        QCOMPARE_JSON(json::parse(request->messages[2].toolCalls.at(0).argumentsJson.toStdString()),
                      json({ { "number", "INV-42" } }));
        QCOMPARE(request->messages[3].role, Role::Tool);
        QCOMPARE(request->messages[3].toolCallId, QStringLiteral("toolu_01A"));
        QCOMPARE(request->maxOutputTokens, std::optional<qint64>(1024));
        QCOMPARE(request->stop, QStringList { QStringLiteral("###") });
        QCOMPARE_JSON(request->toolChoice, json("auto"));
        QCOMPARE_JSON(request->extra.at("top_k"), json(40));
    }

    void aRequestPassesThroughUnchanged()
    {
        const json original = testJson("anthropic/request-tools.json");
        const auto request = anthropic::decodeRequest(original);
        QVERIFY_OK(request);
        QCOMPARE_JSON(anthropic::encodeRequest(*request), original);
    }

    void anOpenAiRequestBecomesAValidMessagesRequest()
    {
        const auto request = openai::decodeRequest(testJson("openai/request-full.json"));
        QVERIFY_OK(request);
        const json body = anthropic::encodeRequest(*request);
        QCOMPARE_JSON(body.at("system"), json("You answer support questions for Acme."));
        QCOMPARE_JSON(body.at("max_tokens"), json(512));
        const json &messages = body.at("messages");
        // user (text + image), assistant (tool_use), user (tool_result), user (text).
        QCOMPARE(messages.size(), std::size_t(4));
        QCOMPARE_JSON(messages[0].at("content")[1].at("source").at("type"), json("url"));
        QCOMPARE_JSON(messages[1].at("content")[0].at("input"), json({ { "number", "INV-42" } }));
        QCOMPARE_JSON(messages[2].at("content")[0].at("type"), json("tool_result"));
        QCOMPARE_JSON(body.at("tools")[0].at("input_schema").at("required"), json({ "number" }));
        QCOMPARE_JSON(body.at("stop_sequences"), json({ "\n\nUser:", "END" }));
    }

    void missingMaxTokensIsRefusedWithTheFix()
    {
        const auto request = anthropic::decodeRequest(
            json::parse(R"({"model":"m","messages":[{"role":"user","content":"hi"}]})"));
        QVERIFY(!request);
        QVERIFY(request.error().message.contains(QStringLiteral("requires max_tokens")));
        const auto badRole = anthropic::decodeRequest(
            json::parse(R"({"model":"m","max_tokens":5,"messages":[{"role":"system","content":"hi"}]})"));
        QVERIFY(!badRole);
        QVERIFY(badRole.error().message.contains(QStringLiteral("messages[0].role")));
    }

    void cacheTokensAreRebasedOntoTotalInput()
    {
        const auto response = anthropic::decodeResponse(testJson("anthropic/response-tool-use.json"));
        QVERIFY_OK(response);
        QVERIFY(response->usage);
        QCOMPARE(response->usage->inputTokens, 2112); // 12 + 100 written + 2000 read
        QCOMPARE(response->usage->cachedInputTokens, 2000);
        QCOMPARE(response->usage->cacheWriteTokens, 100);
        QCOMPARE(response->choices[0].finishReason, std::optional<FinishReason>(FinishReason::ToolCalls));
        QCOMPARE(response->choices[0].message.toolCalls.size(), std::size_t(1));
        // And back: the same message, byte for byte in meaning.
        QCOMPARE_JSON(anthropic::encodeResponse(*response), testJson("anthropic/response-tool-use.json"));
    }

    void readsAStreamWithTextAndAToolCall()
    {
        anthropic::StreamDecoder decoder;
        std::vector<StreamDelta> deltas;
        bool finished = false;
        for (const SseEvent &event : events("anthropic/stream-tool-use.sse")) {
            auto step = decoder.decode(event);
            QVERIFY_OK(step);
            deltas.insert(deltas.end(), step->deltas.begin(), step->deltas.end());
            finished = finished || step->finished;
        }
        QVERIFY(finished);
        QCOMPARE(decoder.messageId(), QStringLiteral("msg_014p7gG3wDgGV9EUtLvnow3U"));
        QString text;
        QString arguments;
        for (const StreamDelta &delta : deltas) {
            text += delta.text;
            for (const auto &call : delta.toolCalls)
                arguments += call.argumentsDelta;
        }
        QCOMPARE(text, QStringLiteral("Okay, let's check."));
        QCOMPARE(arguments, QStringLiteral("{\"location\": \"San Francisco, CA\"}"));
        const StreamDelta &last = deltas.back();
        QCOMPARE(last.finishReason, std::optional<FinishReason>(FinishReason::ToolCalls));
        QVERIFY(last.usage);
        QCOMPARE(last.usage->inputTokens, 472);
        QCOMPARE(last.usage->outputTokens, 89);
    }

    void anErrorEventAfterHttp200IsAProviderError()
    {
        anthropic::StreamDecoder decoder;
        QString text;
        std::optional<Error> error;
        for (const SseEvent &event : events("anthropic/stream-overloaded-after-200.sse")) {
            auto step = decoder.decode(event);
            if (!step) {
                error = step.error();
                break;
            }
            for (const StreamDelta &delta : step->deltas)
                text += delta.text;
        }
        QVERIFY(error);
        QCOMPARE(error->code, ErrorCode::ProviderError);
        QCOMPARE(decoder.errorType(), QStringLiteral("overloaded_error"));
        QCOMPARE(text, QStringLiteral("Hel"));
    }

    void writtenStreamsReadBackToTheSameContent()
    {
        anthropic::StreamEncoder encoder(QStringLiteral("msg_x"), QStringLiteral("claude-x"));
        std::vector<SseEvent> written;
        auto add = [&](const std::vector<SseEvent> &more) { written.insert(written.end(), more.begin(), more.end()); };
        StreamDelta role;
        role.role = Role::Assistant;
        add(encoder.encode(role));
        StreamDelta hello;
        hello.text = QStringLiteral("Hello");
        add(encoder.encode(hello));
        StreamDelta call;
        call.toolCalls.push_back({ 0, QStringLiteral("toolu_9"), QStringLiteral("lookup"), QStringLiteral("{\"a\":") });
        add(encoder.encode(call));
        StreamDelta more;
        more.toolCalls.push_back({ 0, {}, {}, QStringLiteral("1}") });
        more.finishReason = FinishReason::ToolCalls;
        add(encoder.encode(more));
        add(encoder.finish(Usage { 30, 7, 0, 0, 0, false }));

        anthropic::StreamDecoder decoder;
        QString text;
        QString arguments;
        std::optional<FinishReason> finish;
        bool finished = false;
        for (const SseEvent &event : written) {
            auto step = decoder.decode(event);
            QVERIFY_OK(step);
            finished = finished || step->finished;
            for (const StreamDelta &delta : step->deltas) {
                text += delta.text;
                for (const auto &c : delta.toolCalls)
                    arguments += c.argumentsDelta;
                if (delta.finishReason)
                    finish = delta.finishReason;
            }
        }
        QVERIFY(finished);
        QCOMPARE(text, QStringLiteral("Hello"));
        QCOMPARE(arguments, QStringLiteral("{\"a\":1}"));
        QCOMPARE(finish, std::optional<FinishReason>(FinishReason::ToolCalls));
        QCOMPARE(written.front().event, QByteArray("message_start"));
        QCOMPARE(written.back().event, QByteArray("message_stop"));
    }
};

QTEST_GUILESS_MAIN(TestAnthropicWire)
#include "tst_anthropicwire.moc"
