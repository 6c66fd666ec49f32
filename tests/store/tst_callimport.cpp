// History from elsewhere into the request log: OpenAI-format request/response logs and OTLP
// GenAI traces become calls with their time, caller, models, tokens, cost, failure and
// payloads; files that cannot be read import nothing and say where; importing the same file
// twice adds nothing; spans this gateway exported come back as the calls they were.
#include "gateway/genaispan.h"
#include "resultcheck.h"
#include "store/callimport.h"
#include "store/callrepository.h"
#include "store/connection.h"
#include "store/importedcalls.h"
#include "store/workspace.h"
#include "temporaryworkspace.h"

#include <QTest>

using namespace switchboard;
using namespace switchboard::core;
using nlohmann::json;

namespace {

pricing::PriceBook prices()
{
    pricing::PriceBook book;
    pricing::PriceRule rule;
    rule.provider = ProviderKind::OpenAi;
    rule.match = pricing::PriceRule::Match::StartsWith;
    rule.value = QStringLiteral("gpt-4o-mini");
    rule.price = { 150'000, 600'000, std::nullopt, std::nullopt };
    book.add(rule);
    return book;
}

QByteArray openAiLine(const json &entry)
{
    return QByteArray::fromStdString(entry.dump()) + '\n';
}

json answeredEntry()
{
    return { { "timestamp", "2026-11-30T10:15:00Z" },
             { "latency_ms", 812 },
             { "metadata", { { "tenant", "acme" }, { "feature", "support" }, { "tags", { "beta" } } } },
             { "request", { { "model", "gpt-4o-mini" }, { "messages", { { { "role", "user" }, { "content", "Where is my order?" } } } } } },
             { "response",
               { { "id", "chatcmpl-1" },
                 { "object", "chat.completion" },
                 { "created", 1796033700 },
                 { "model", "gpt-4o-mini-2024-07-18" },
                 { "choices", { { { "index", 0 }, { "message", { { "role", "assistant" }, { "content", "It ships tomorrow." } } }, { "finish_reason", "stop" } } } },
                 { "usage", { { "prompt_tokens", 1000 }, { "completion_tokens", 500 }, { "total_tokens", 1500 } } } } } };
}

json attribute(const char *key, const json &value)
{
    json typed = value.is_string() ? json { { "stringValue", value } }
               : value.is_number_integer() ? json { { "intValue", std::to_string(value.get<qint64>()) } }
                                           : json { { "doubleValue", value } };
    return { { "key", key }, { "value", typed } };
}

json span(const char *spanId, json attributes, int statusCode = 0)
{
    return { { "traceId", "4bf92f3577b34da6a3ce929d0e0e4736" },
             { "spanId", spanId },
             { "name", "chat gpt-4o-mini" },
             { "kind", 3 },
             { "startTimeUnixNano", "1764497700000000000" },
             { "endTimeUnixNano", "1764497701250000000" },
             { "attributes", std::move(attributes) },
             { "status", statusCode ? json { { "code", statusCode }, { "message", "Rate limit reached" } } : json::object() } };
}

QByteArray traces(const json &spans)
{
    return QByteArray::fromStdString(json { { "resourceSpans", { { { "resource", json::object() }, { "scopeSpans", { { { "spans", spans } } } } } } } }.dump());
}

} // namespace

class TestCallImport final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void openAiLogsBecomeCalls()
    {
        json failed { { "timestamp", 1764497760000 },
                      { "request", { { "model", "gpt-4o-mini" }, { "messages", { { { "role", "user" }, { "content", "Refund?" } } } } } },
                      { "error", { { "status", 429 }, { "message", "Rate limit reached" } } } };
        auto parsed = store::parseOpenAiLog(QByteArray(openAiLine(answeredEntry()) + "\n" + openAiLine(failed)), prices());
        QVERIFY_OK(parsed);
        QCOMPARE(parsed->calls.size(), std::size_t(2));
        const CallRecord &ok = parsed->calls[0].record;
        QCOMPARE(ok.startedMs, 1796033700000);
        QCOMPARE(ok.latencyUs, 812'000);
        QCOMPARE(ok.tenant, QStringLiteral("acme"));
        QCOMPARE(ok.feature, QStringLiteral("support"));
        QCOMPARE(ok.alias, QStringLiteral("gpt-4o-mini"));
        QCOMPARE(ok.model, QStringLiteral("gpt-4o-mini-2024-07-18"));
        QCOMPARE(ok.provider, QStringLiteral("openai"));
        QCOMPARE(ok.origin, CallOrigin::Gateway);
        QVERIFY(ok.tags.contains(QStringLiteral("imported")) && ok.tags.contains(QStringLiteral("beta")));
        QCOMPARE(ok.inputTokens, 1000);
        QCOMPARE(ok.outputTokens, 500);
        QCOMPARE(ok.costMicros, 450); // 1,000 x $0.15 + 500 x $0.60 per million
        QVERIFY(parsed->calls[0].responseJson.contains("It ships tomorrow."));
        const CallRecord &refused = parsed->calls[1].record;
        QCOMPARE(refused.status, CallStatus::Failed);
        QCOMPARE(refused.failure, std::optional(FailureCategory::RateLimited));
        QCOMPARE(refused.errorMessage, QStringLiteral("Rate limit reached"));
        // The same line gives the same id: imported twice, logged once.
        QCOMPARE(store::parseOpenAiLog(openAiLine(answeredEntry()), prices())->calls[0].record.id, ok.id);
    }

    void unreadableLogsImportNothingAndSayWhere()
    {
        const auto problem = [](const QByteArray &bytes) {
            auto parsed = store::parseOpenAiLog(bytes, prices());
            return parsed ? QString() : parsed.error().message;
        };
        QVERIFY(problem(QByteArray(openAiLine(answeredEntry()) + "not json\n")).startsWith(QLatin1String("Line 2: not a logged call")));
        json timeless = answeredEntry();
        timeless.erase("timestamp");
        timeless["response"].erase("created");
        QVERIFY(problem(openAiLine(timeless)).contains(QLatin1String("no time")));
        json unreadable = answeredEntry();
        unreadable["response"]["choices"] = "none";
        QVERIFY(problem(openAiLine(unreadable)).startsWith(QLatin1String("Line 1: the response cannot be read")));
        QVERIFY(problem("\n\n").contains(QLatin1String("no calls")));
    }

    void otlpGenAiSpansBecomeCalls()
    {
        const json spans = json::array({
            span("00f067aa0ba902b7", { attribute("gen_ai.operation.name", "chat"), attribute("gen_ai.provider.name", "openai"),
                                       attribute("gen_ai.request.model", "gpt-4o-mini"), attribute("gen_ai.response.model", "gpt-4o-mini-2024-07-18"),
                                       attribute("gen_ai.usage.input_tokens", 1000), attribute("gen_ai.usage.output_tokens", 500),
                                       attribute("gen_ai.input.messages", "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"Hi\"}]}]"),
                                       attribute("gen_ai.output.messages", "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"Hello!\"}]}]") }),
            span("00f067aa0ba902b8", { attribute("gen_ai.system", "openai"), attribute("gen_ai.request.model", "gpt-4o-mini"),
                                       attribute("gen_ai.usage.prompt_tokens", 40), attribute("error.type", "rate_limited") }, 2),
            span("00f067aa0ba902b9", { attribute("http.route", "/checkout") }),
        });
        auto parsed = store::parseOtlpTraces(traces(spans), prices());
        QVERIFY_OK(parsed);
        QCOMPARE(parsed->calls.size(), std::size_t(2));
        QCOMPARE(parsed->skipped, 1);
        const store::RecordedCall &chat = parsed->calls[0];
        QCOMPARE(chat.record.startedMs, 1764497700000);
        QCOMPARE(chat.record.latencyUs, 1'250'000);
        QCOMPARE(chat.record.model, QStringLiteral("gpt-4o-mini-2024-07-18"));
        QCOMPARE(chat.record.costMicros, 450);
        QVERIFY(chat.requestJson.contains("\"content\":\"Hi\""));
        QVERIFY(chat.responseJson.contains("Hello!"));
        QCOMPARE(chat.redaction, QStringLiteral("full"));
        const store::RecordedCall &failed = parsed->calls[1];
        QCOMPARE(failed.record.status, CallStatus::Failed);
        QCOMPARE(failed.record.failure, std::optional(FailureCategory::RateLimited));
        QCOMPARE(failed.record.inputTokens, 40); // the older attribute name
        QCOMPARE(failed.redaction, QStringLiteral("metadata")); // the span held no messages

        // One export request per line, as the collector's file exporter writes them.
        auto lines = store::parseOtlpTraces(QByteArray(traces(json::array({ spans[0] })) + "\n" + traces(json::array({ spans[1] })) + "\n"), prices());
        QVERIFY_OK(lines);
        QCOMPARE(lines->calls.size(), std::size_t(2));
        QCOMPARE(lines->calls[0].record.id, chat.record.id);

        QVERIFY(!store::parseOtlpTraces("{\"spans\": []}", prices()));
        QVERIFY(store::parseOtlpTraces(traces(json::array({ spans[2] })), prices()).error().message.contains(QLatin1String("no GenAI spans")));
    }

    void spansThisGatewayExportedComeBackAsTheirCalls()
    {
        CallRecord record;
        record.id = QStringLiteral("01KC0000000000000000000000");
        record.startedMs = 1764497700000;
        record.alias = QStringLiteral("chat-smart");
        record.provider = QStringLiteral("sim-primary");
        record.model = QStringLiteral("sim-large-2025-06-01");
        record.tenant = QStringLiteral("acme");
        record.feature = QStringLiteral("support-answer");
        record.inputTokens = 800;
        record.outputTokens = 120;
        record.latencyUs = 900'000;
        record.costMicros = 1'234;
        const json exported = gateway::genAiSpan(record, gateway::traceContextFor({}), QStringLiteral("sim-primary"));
        auto parsed = store::parseOtlpTraces(traces(json::array({ exported })), prices());
        QVERIFY_OK(parsed);
        const CallRecord &back = parsed->calls.front().record;
        QCOMPARE(back.id, record.id);
        QCOMPARE(back.tenant, record.tenant);
        QCOMPARE(back.feature, record.feature);
        QCOMPARE(back.alias, record.alias);
        QCOMPARE(back.model, record.model);
        QCOMPARE(back.provider, record.provider);
        QCOMPARE(back.costMicros, record.costMicros);
        QCOMPARE(back.latencyUs, record.latencyUs);
    }

    void importingTwiceAddsNothing()
    {
        tests::TemporaryWorkspace temp;
        QVERIFY_OK(store::prepareWorkspace(temp.location(), store::Connection::Mode::CreateIfMissing));
        auto connection = store::Connection::open(temp.location());
        QVERIFY_OK(connection);
        auto parsed = store::parseOpenAiLog(openAiLine(answeredEntry()), prices());
        QVERIFY_OK(parsed);
        auto first = store::importCalls(temp.location(), **connection, parsed->calls);
        QVERIFY_OK(first);
        QCOMPARE(first->added, 1);
        auto second = store::importCalls(temp.location(), **connection, parsed->calls);
        QVERIFY_OK(second);
        QCOMPARE(second->added, 0);
        QCOMPARE(second->alreadyThere, 1);
        auto stored = store::CallRepository(**connection).load(parsed->calls.front().record.id);
        QVERIFY_OK(stored);
        QVERIFY(*stored);
        QCOMPARE((*stored)->record.costMicros, 450);
        QVERIFY((*stored)->requestJson.contains("Where is my order?"));
        // The rollups count it, so the dashboards reach back to it.
        auto rolled = (*connection)->exec(QStringLiteral("SELECT SUM(calls) FROM rollup_cells WHERE grain_ms = 86400000"));
        QVERIFY_OK(rolled);
        QVERIFY(rolled->next());
        QCOMPARE(rolled->value(0).toLongLong(), 1);
    }
};

QTEST_GUILESS_MAIN(TestCallImport)
#include "tst_callimport.moc"
