// The simulated provider: a real HTTP server in two wire formats, deterministic answers,
// and every fault it promises, read back through the project's own codecs.
#include "coretostring.h"
#include "providers/anthropicwire.h"
#include "providers/openaiwire.h"
#include "providers/providerfailure.h"
#include "providers/sim/simulatedprovider.h"
#include "providers/sseparser.h"
#include "resultcheck.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTest>

using namespace switchboard::core;
using namespace switchboard::core::providers;
using namespace switchboard::core::providers::sim;
using nlohmann::json;

namespace {

struct Reply
{
    int status = 0;
    QByteArray body;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QByteArray retryAfter;
};

json openAiBody(bool stream, const char *model = "sim-small")
{
    json body { { "model", model },
                { "messages", json::array({ { { "role", "user" }, { "content", "Where is my order 1234?" } } }) },
                { "seed", 7 } };
    if (stream)
        body["stream"] = true;
    return body;
}

} // namespace

class TestSimulatedProvider final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<SimulatedProvider> m_sim;
    QNetworkAccessManager m_manager;

    Reply post(const char *path, const json &body, const QByteArray &fault = {}, int timeoutMs = 5000)
    {
        QNetworkRequest request(QUrl(m_sim->baseUrl() + QLatin1String(path)));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        request.setTransferTimeout(timeoutMs);
        if (!fault.isEmpty())
            request.setRawHeader("x-sim-fault", fault);
        std::unique_ptr<QNetworkReply> reply(m_manager.post(request, QByteArray::fromStdString(body.dump())));
        QByteArray received;
        connect(reply.get(), &QNetworkReply::readyRead, this, [&] { received += reply->readAll(); });
        if (!QTest::qWaitFor([&] { return reply->isFinished(); }, timeoutMs + 2000))
            return {};
        received += reply->readAll();
        return Reply { reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), received, reply->error(),
                       reply->rawHeader("retry-after") };
    }

    static QString streamedText(const QByteArray &body, WireFormat format)
    {
        SseParser parser;
        QString text;
        anthropic::StreamDecoder decoder;
        for (const SseEvent &event : parser.feed(body)) {
            if (event.data == "[DONE]")
                continue;
            if (format == WireFormat::Anthropic) {
                auto step = decoder.decode(event);
                if (step)
                    for (const StreamDelta &delta : step->deltas)
                        text += delta.text;
                continue;
            }
            auto deltas = openai::decodeChunk(json::parse(event.data.toStdString()));
            if (deltas)
                for (const StreamDelta &delta : *deltas)
                    text += delta.text;
        }
        return text;
    }

private Q_SLOTS:
    void init()
    {
        m_sim = std::make_unique<SimulatedProvider>(SimulatedProvider::Settings { 42, 0.01, false });
        QVERIFY(m_sim->listen(QHostAddress::LocalHost, 0));
    }
    void cleanup() { m_sim.reset(); }

    void answersInTheOpenAiFormat()
    {
        const Reply reply = post("/v1/chat/completions", openAiBody(false));
        QCOMPARE(reply.status, 200);
        const auto response = openai::decodeResponse(json::parse(reply.body.toStdString()));
        QVERIFY_OK(response);
        QVERIFY(!response->choices.at(0).message.plainText().isEmpty());
        QCOMPARE(response->choices.at(0).finishReason, std::optional<FinishReason>(FinishReason::Stop));
        QVERIFY(response->usage && response->usage->outputTokens > 0 && response->usage->inputTokens > 0);
    }

    void theSameRequestGetsTheSameAnswerStreamedOrNot()
    {
        const Reply first = post("/v1/chat/completions", openAiBody(false));
        const Reply second = post("/v1/chat/completions", openAiBody(false));
        auto a = json::parse(first.body.toStdString());
        auto b = json::parse(second.body.toStdString());
        a.erase("created");
        b.erase("created");
        QCOMPARE(QByteArray::fromStdString(a.dump()), QByteArray::fromStdString(b.dump()));

        const Reply streamed = post("/v1/chat/completions", openAiBody(true));
        QCOMPARE(streamed.status, 200);
        QCOMPARE(streamedText(streamed.body, WireFormat::OpenAi),
                 QString::fromStdString(a["choices"][0]["message"]["content"].get<std::string>()));
        QVERIFY(streamed.body.endsWith("data: [DONE]\n\n"));

        json otherSeed = openAiBody(false);
        otherSeed["seed"] = 8;
        const Reply different = post("/v1/chat/completions", otherSeed);
        QVERIFY(json::parse(different.body.toStdString())["choices"][0]["message"]["content"]
                != a["choices"][0]["message"]["content"]);
    }

    void answersInTheAnthropicFormat()
    {
        const json body { { "model", "sim-large-2025-06-01" },
                          { "max_tokens", 2000 },
                          { "messages", json::array({ { { "role", "user" }, { "content", "Summarise the ticket." } } }) } };
        const Reply whole = post("/v1/messages", body);
        QCOMPARE(whole.status, 200);
        const auto response = anthropic::decodeResponse(json::parse(whole.body.toStdString()));
        QVERIFY_OK(response);
        json streamingBody = body;
        streamingBody["stream"] = true;
        const Reply streamed = post("/v1/messages", streamingBody);
        QCOMPARE(streamedText(streamed.body, WireFormat::Anthropic), response->choices.at(0).message.plainText());
        QVERIFY(streamed.body.contains("event: message_stop"));
    }

    void maxTokensTruncatesWithFinishLength()
    {
        json body = openAiBody(false);
        body["max_completion_tokens"] = 2;
        const auto response = openai::decodeResponse(json::parse(post("/v1/chat/completions", body).body.toStdString()));
        QVERIFY_OK(response);
        QCOMPARE(response->choices.at(0).finishReason, std::optional<FinishReason>(FinishReason::Length));
        QCOMPARE(response->usage->outputTokens, 2);
    }

    void jsonSchemaRequestsGetMatchingJson()
    {
        json body = openAiBody(false);
        body["response_format"] = json::parse(R"({"type":"json_schema","json_schema":{"name":"a","schema":
            {"type":"object","properties":{"answer":{"type":"string"},"confidence":{"type":"number"},
             "tags":{"type":"array","items":{"type":"string","enum":["billing","shipping"]}}}}}})");
        const auto response = openai::decodeResponse(json::parse(post("/v1/chat/completions", body).body.toStdString()));
        QVERIFY_OK(response);
        const json answer = json::parse(response->choices.at(0).message.plainText().toStdString(), nullptr, false);
        QVERIFY(answer.is_object());
        QVERIFY(answer["answer"].is_string());
        QVERIFY(answer["confidence"].is_number());
        for (const json &tag : answer["tags"])
            QVERIFY(tag == "billing" || tag == "shipping");

        const Reply invalid = post("/v1/chat/completions", body, "invalid_output");
        const auto prose = openai::decodeResponse(json::parse(invalid.body.toStdString()));
        QVERIFY_OK(prose);
        QVERIFY(json::parse(prose->choices.at(0).message.plainText().toStdString(), nullptr, false).is_discarded());
    }

    void httpFaultsClassifyAsPromised_data()
    {
        QTest::addColumn<QByteArray>("fault");
        QTest::addColumn<QByteArray>("path");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("category");
        QTest::newRow("429 openai") << QByteArray("rate_limited") << QByteArray("/v1/chat/completions") << 429 << QStringLiteral("rate_limited");
        QTest::newRow("429 anthropic") << QByteArray("rate_limited") << QByteArray("/v1/messages") << 429 << QStringLiteral("rate_limited");
        QTest::newRow("500") << QByteArray("server_error") << QByteArray("/v1/chat/completions") << 500 << QStringLiteral("server_error");
        QTest::newRow("503") << QByteArray("unavailable") << QByteArray("/v1/chat/completions") << 503 << QStringLiteral("overloaded");
        QTest::newRow("529") << QByteArray("unavailable") << QByteArray("/v1/messages") << 529 << QStringLiteral("overloaded");
        QTest::newRow("html 502") << QByteArray("bad_gateway_html") << QByteArray("/v1/chat/completions") << 502 << QStringLiteral("server_error");
    }

    void httpFaultsClassifyAsPromised()
    {
        QFETCH(QByteArray, fault);
        QFETCH(QByteArray, path);
        QFETCH(int, status);
        QFETCH(QString, category);
        const bool anthropicPath = path == "/v1/messages";
        json body = openAiBody(false);
        if (anthropicPath)
            body["max_tokens"] = 100;
        const Reply reply = post(path.constData(), body, fault);
        QCOMPARE(reply.status, status);
        const ProviderFailure failure = classifyHttpError(anthropicPath ? WireFormat::Anthropic : WireFormat::OpenAi, status,
                                                          { { "retry-after", reply.retryAfter } }, reply.body,
                                                          QDateTime::currentDateTimeUtc());
        QCOMPARE(nameOf(failure.category), category);
        QVERIFY(failure.retryable);
        if (status == 429)
            QCOMPARE(failure.retryAfterMs, std::optional<qint64>(2000));
    }

    void streamFaultsBreakTheStreamAsPromised()
    {
        const Reply cut = post("/v1/chat/completions", openAiBody(true), "cut_stream");
        QVERIFY(cut.error != QNetworkReply::NoError);
        QVERIFY(!cut.body.contains("[DONE]"));

        const Reply malformed = post("/v1/chat/completions", openAiBody(true), "malformed");
        QVERIFY(malformed.body.contains("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\n\n"));

        const Reply errorEvent = post("/v1/chat/completions", openAiBody(true), "error_event");
        QCOMPARE(errorEvent.status, 200);
        QVERIFY(errorEvent.body.contains("\"error\""));
        QVERIFY(!errorEvent.body.contains("[DONE]"));

        const Reply hang = post("/v1/chat/completions", openAiBody(true), "hang", 500);
        QCOMPARE(hang.error, QNetworkReply::OperationCanceledError); // our transfer timeout ended it
    }

    void contentFaultsAreReadable()
    {
        const auto refusal = openai::decodeResponse(json::parse(post("/v1/chat/completions", openAiBody(false), "refusal").body.toStdString()));
        QVERIFY_OK(refusal);
        QCOMPARE(refusal->choices.at(0).finishReason, std::optional<FinishReason>(FinishReason::Refusal));
        const auto empty = openai::decodeResponse(json::parse(post("/v1/chat/completions", openAiBody(false), "empty_output").body.toStdString()));
        QVERIFY_OK(empty);
        QVERIFY(empty->choices.at(0).message.plainText().isEmpty());
        const auto truncated = openai::decodeResponse(json::parse(post("/v1/chat/completions", openAiBody(false), "truncated").body.toStdString()));
        QVERIFY_OK(truncated);
        QCOMPARE(truncated->choices.at(0).finishReason, std::optional<FinishReason>(FinishReason::Length));
        const Reply malformed = post("/v1/chat/completions", openAiBody(false), "malformed");
        QCOMPARE(malformed.status, 200);
        QVERIFY(json::parse(malformed.body.toStdString(), nullptr, false).is_discarded());
    }

    void scriptedFaultsComeInOrderThenStop()
    {
        m_sim->scriptFaults({ SimFault::RateLimited, SimFault::ServerError });
        QCOMPARE(post("/v1/chat/completions", openAiBody(false)).status, 429);
        QCOMPARE(post("/v1/chat/completions", openAiBody(false)).status, 500);
        QCOMPARE(post("/v1/chat/completions", openAiBody(false)).status, 200);
    }

    void profileFaultsFollowTheServerSeed()
    {
        QList<int> runs[2];
        for (auto &statuses : runs) {
            m_sim = std::make_unique<SimulatedProvider>(SimulatedProvider::Settings { 9, 0.0, true });
            QVERIFY(m_sim->listen(QHostAddress::LocalHost, 0));
            for (int i = 0; i < 40; ++i)
                statuses.append(post("/v1/chat/completions", openAiBody(false, "sim-flaky"), {}, 300).status);
        }
        QCOMPARE(runs[0], runs[1]);
        QVERIFY2(runs[0].count(200) < 40, "sim-flaky never failed in 40 calls");
        QVERIFY2(runs[0].count(200) > 20, "sim-flaky failed most calls");
    }

    void aBadRequestIsA400InTheCallersFormat()
    {
        const Reply reply = post("/v1/messages", json::parse(R"({"model":"m","messages":[{"role":"user","content":"x"}]})"));
        QCOMPARE(reply.status, 400);
        const json body = json::parse(reply.body.toStdString());
        QCOMPARE(QString::fromStdString(body["type"].get<std::string>()), QStringLiteral("error"));
        QVERIFY(QString::fromStdString(body["error"]["message"].get<std::string>()).contains(QStringLiteral("max_tokens")));
    }
};

QTEST_GUILESS_MAIN(TestSimulatedProvider)
#include "tst_simulatedprovider.moc"
