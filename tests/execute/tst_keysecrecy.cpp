// A planted API key travels to the provider and nowhere else: not into the store (database,
// WAL, shared memory, dead letters), not into the log, not into a recorded payload, whether
// the call succeeds, streams, is refused (401, even with the key quoted back), fails (500) or
// is cut mid-stream.
#include "execute/callexecution.h"
#include "execute/executor.h"
#include "execute/outcomerecord.h"
#include "http/httpclient.h"
#include "http/httpexchange.h"
#include "http/httpserver.h"
#include "providers/sim/simulatedprovider.h"
#include "resultcheck.h"
#include "store/connection.h"
#include "store/providerrepository.h"
#include "store/recorder.h"
#include "store/workspace.h"
#include "temporaryworkspace.h"

#include <QDirIterator>
#include <QFile>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTest>

using namespace switchboard;
using namespace switchboard::core;
using namespace switchboard::core::execute;

namespace {

// Every log line, of any category and level, into one file.
QFile *g_log = nullptr;
QtMessageHandler g_previous = nullptr;

void logToFile(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (g_log) {
        g_log->write(message.toUtf8() + '\n');
        g_log->flush();
    }
    if (g_previous)
        g_previous(type, context, message);
}

// Between the executor and the simulated provider: keeps the Authorization header of each
// request, so the test can tell that the key was really sent, and answers the next
// `refuse` requests with a 401 of its own, as a provider does for a key it does not know
// (echoing its last four characters, as OpenAI does), and the next `echo` requests with a
// 401 that quotes the whole header back, as some proxies do, and the next `echoInAnswer`
// requests with a good answer carrying the header in a field of its own. Everything else is
// passed through, streamed as it arrives.
class CapturingProxy final : public QObject
{
public:
    explicit CapturingProxy(QString upstream)
        : m_server([this](http::HttpExchange *exchange) { handle(exchange); }), m_upstream(std::move(upstream))
    {
    }
    bool listen() { return m_server.listen(QHostAddress::LocalHost, 0); }
    QString baseUrl() const { return QStringLiteral("http://127.0.0.1:%1").arg(m_server.port()); }

    QList<QByteArray> authorizations;
    int refuse = 0;
    int echo = 0;
    int echoInAnswer = 0;

private:
    void handle(http::HttpExchange *exchange)
    {
        const http::HttpRequest &request = exchange->request();
        authorizations.append(request.header("authorization"));
        const http::HttpHeaders json { { "Content-Type", "application/json" } };
        if (refuse > 0) {
            --refuse;
            const QByteArray key = request.header("authorization").mid(7);
            const QByteArray body = R"({"error":{"message":"Incorrect API key provided: sk-****)" + key.right(4)
                + R"(.","type":"invalid_request_error","code":"invalid_api_key"}})";
            exchange->respond(401, json, body);
            return;
        }
        if (echo > 0) {
            --echo;
            const QByteArray header = request.header("authorization");
            const QByteArray body = R"({"error":{"message":"Rejected header Authorization: )" + header
                + " (" + header.toBase64() + R"j()","type":"invalid_request_error","code":"invalid_api_key"}})j";
            exchange->respond(401, json, body);
            return;
        }
        if (echoInAnswer > 0) {
            --echoInAnswer;
            const QByteArray body = R"({"id":"chatcmpl-echo","object":"chat.completion","created":1,"model":"sim-small",)"
                                    R"("choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":"Hi."}}],)"
                                    R"("usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5},"debug":{"seen":")"
                + request.header("authorization") + R"("}})";
            exchange->respond(200, json, body);
            return;
        }
        http::ClientRequest forward;
        forward.method = request.method;
        forward.url = QUrl(m_upstream + QString::fromLatin1(request.target));
        for (const QByteArray &name : { QByteArray("authorization"), QByteArray("content-type"), QByteArray("accept") })
            if (const QByteArray value = request.header(name); !value.isEmpty())
                forward.headers.append({ name, value });
        forward.body = request.body;
        http::ClientCall *call = m_client.send(forward, exchange);
        connect(call, &http::ClientCall::headersReceived, exchange, [exchange, call] {
            http::HttpHeaders headers;
            for (const auto &[name, value] : call->headers())
                if (name.compare("content-length", Qt::CaseInsensitive) != 0
                    && name.compare("transfer-encoding", Qt::CaseInsensitive) != 0
                    && name.compare("connection", Qt::CaseInsensitive) != 0)
                    headers.append({ name, value });
            exchange->beginStream(call->status(), headers);
        });
        connect(call, &http::ClientCall::bodyReceived, exchange, [exchange](const QByteArray &bytes) { exchange->writeChunk(bytes); });
        connect(call, &http::ClientCall::finished, exchange, [exchange, call] {
            if (call->outcome() == http::ClientCall::Outcome::Complete)
                exchange->endStream();
            else
                exchange->abort();
        });
    }

    http::HttpServer m_server;
    http::HttpClient m_client;
    QString m_upstream;
};

QByteArray plantedKey()
{
    return "sk-planted-" + QByteArray::number(QRandomGenerator::global()->generate64(), 36)
        + QByteArray::number(QRandomGenerator::global()->generate64(), 36);
}

// The forms of the key no recorded byte may hold.
QList<QByteArray> formsOf(const QByteArray &key)
{
    return { key, key.toBase64(), key.toBase64(QByteArray::Base64UrlEncoding), QByteArray("Bearer " + key).toBase64(),
             key.right(8) };
}

// Fails the test if any file under dir holds the key in any of its forms; returns the names
// of the files it read.
QStringList scanFor(const QString &dir, const QByteArray &key)
{
    QStringList scanned;
    QDirIterator files(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (files.hasNext()) {
        QFile file(files.next());
        if (!file.open(QIODevice::ReadOnly)) {
            QTest::qFail(qPrintable(QLatin1String("cannot read ") + file.fileName()), __FILE__, __LINE__);
            return scanned;
        }
        const QByteArray bytes = file.readAll();
        for (const QByteArray &form : formsOf(key)) {
            if (bytes.contains(form)) {
                QTest::qFail(qPrintable(QLatin1String("the key is in ") + file.fileName()), __FILE__, __LINE__);
                return scanned;
            }
        }
        scanned.append(QFileInfo(file).fileName());
    }
    return scanned;
}

} // namespace

class TestKeySecrecy final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aPlantedKeyReachesTheProviderAndNothingElse()
    {
        tests::TemporaryWorkspace temp;
        QVERIFY(temp.isValid());
        const QByteArray key = plantedKey();
        const QByteArray envVar = "SWITCHBOARD_TEST_PLANTED_KEY";
        qputenv(envVar.constData(), key);

        QFile log(temp.path(QStringLiteral("run.log")));
        QVERIFY(log.open(QIODevice::WriteOnly));
        g_log = &log;
        g_previous = qInstallMessageHandler(logToFile);
        QLoggingCategory::setFilterRules(QStringLiteral("*.debug=true\nqt.*.debug=false"));
        auto restore = qScopeGuard([&] {
            qInstallMessageHandler(g_previous);
            g_log = nullptr;
            qunsetenv(envVar.constData());
        });

        providers::sim::SimulatedProvider sim({ 7, 0.02, false });
        QVERIFY(sim.listen(QHostAddress::LocalHost, 0));
        CapturingProxy proxy(sim.baseUrl());
        QVERIFY(proxy.listen());

        ProviderConfig provider;
        provider.name = QStringLiteral("planted");
        provider.kind = ProviderKind::Simulated;
        provider.baseUrl = proxy.baseUrl() + QLatin1String("/v1");
        provider.keySource = KeySource::Environment;
        provider.keyEnvVar = QString::fromLatin1(envVar);

        QVERIFY_OK(store::prepareWorkspace(temp.location(), store::Connection::Mode::CreateIfMissing));
        {
            auto connection = store::Connection::open(temp.location());
            QVERIFY_OK(connection);
            QVERIFY_OK(store::ProviderRepository(**connection).add(provider));
        }

        SteadyClock clock;
        SystemRandom random;
        ExecutorSettings settings;
        settings.retry.baseBackoffMs = 5;
        settings.retry.maxBackoffMs = 20;
        Executor executor(settings, clock, random, providers::KeyResolver {}, pricing::PriceBook::simulated());
        auto recorder = store::Recorder::start(temp.location());
        QVERIFY_OK(recorder);

        struct Case
        {
            const char *name;
            bool stream;
            QList<providers::sim::SimFault> faults;
            int refuse;
            int echo;
            CallStatus expected;
            int echoInAnswer = 0;
        };
        using providers::sim::SimFault;
        const Case cases[] = {
            { "ok", false, {}, 0, 0, CallStatus::Ok },
            { "streamed", true, {}, 0, 0, CallStatus::Ok },
            { "refused", false, {}, 1, 0, CallStatus::Failed },
            { "refused, echoing the header", false, {}, 0, 1, CallStatus::Failed },
            { "streamed, refused, echoing the header", true, {}, 0, 1, CallStatus::Failed },
            { "server error", false, QList<SimFault>(3, SimFault::ServerError), 0, 0, CallStatus::Failed },
            { "cut stream", true, { SimFault::CutStream }, 0, 0, CallStatus::Partial },
            { "rate limited then ok", false, { SimFault::RateLimited }, 0, 0, CallStatus::Ok },
            // An answer in the log's own form is kept as sent, unless it quotes the key.
            { "answered, quoting the header", false, {}, 0, 0, CallStatus::Ok, 1 },
        };
        for (const Case &c : cases) {
            sim.scriptFaults(c.faults);
            proxy.refuse = c.refuse;
            proxy.echo = c.echo;
            proxy.echoInAnswer = c.echoInAnswer;
            CallSpec spec;
            spec.request.model = QStringLiteral("sim-small-2025-01-01");
            spec.request.messages.push_back(ChatMessage::text(Role::User, QStringLiteral("Where is my order?")));
            spec.request.stream = c.stream;
            spec.targets.push_back({ provider, spec.request.model });
            spec.deadlineMs = 10'000;
            spec.attemptTimeouts = { 5000, 2000 };
            CallExecution *execution = executor.start(std::move(spec));
            QSignalSpy finished(execution, &CallExecution::finished);
            QVERIFY2(finished.wait(15000), c.name);
            const auto outcome = finished.at(0).at(0).value<CallOutcome>();
            QVERIFY2(outcome.record.status == c.expected,
                     qPrintable(QLatin1String(c.name) + QLatin1String(": ") + nameOf(outcome.record.status) + QLatin1Char(' ')
                                + outcome.record.errorMessage));
            // What an application logs about a call: its summary, its error and its trace.
            qInfo().noquote() << c.name << nameOf(outcome.record.status) << outcome.record.errorMessage
                              << outcome.trace.join(QLatin1Char('\n'));
            for (const AttemptRecord &attempt : outcome.attempts)
                qWarning().noquote() << "attempt" << attempt.seq << attempt.httpStatus << attempt.message << attempt.decision;
            // The payloads the request log keeps carry no key and no auth header.
            const store::RecordedCall recorded = recordOf(outcome);
            if (c.echo > 0) // the provider did quote the key; the record says so without it
                QVERIFY2(outcome.record.errorMessage.contains(QLatin1String("Rejected header Authorization: Bearer [redacted]")),
                         qPrintable(outcome.record.errorMessage));
            for (const QByteArray &form : formsOf(key)) {
                QVERIFY2(!outcome.record.errorMessage.toUtf8().contains(form), c.name);
                for (const AttemptRecord &attempt : outcome.attempts)
                    QVERIFY2(!attempt.message.toUtf8().contains(form), c.name);
            }
            for (const QByteArray &payload : { recorded.requestJson, recorded.responseJson, outcome.requestJson }) {
                for (const QByteArray &form : formsOf(key))
                    QVERIFY2(!payload.contains(form), c.name);
                QVERIFY2(!payload.contains("Bearer"), c.name);
                QVERIFY2(!payload.toLower().contains("authorization"), c.name);
                QVERIFY2(!payload.toLower().contains("x-api-key"), c.name);
            }
            (*recorder)->record(recorded);
        }
        QVERIFY((*recorder)->flush());
        QCOMPARE((*recorder)->stats().written, qint64(std::size(cases)));
        // While the store is open its recent writes sit in the -wal file: look there too.
        QVERIFY(scanFor(temp.dir(), key).contains(QStringLiteral("test.switchboard-wal")));
        if (QTest::currentTestFailed())
            return;
        recorder->reset();

        restore.dismiss();
        qInstallMessageHandler(g_previous);
        g_log = nullptr;
        log.close();
        qunsetenv(envVar.constData());

        // The key did leave: every request the provider got carried it.
        QVERIFY(proxy.authorizations.size() >= int(std::size(cases)));
        for (const QByteArray &authorization : std::as_const(proxy.authorizations))
            QCOMPARE(authorization, QByteArray("Bearer " + key));

        // ... and nothing on disk has it: the store and its -wal/-shm, dead letters, the log.
        const QStringList scanned = scanFor(temp.dir(), key);
        QVERIFY2(scanned.contains(QStringLiteral("test.switchboard")), qPrintable(scanned.join(QLatin1Char(' '))));
        QVERIFY(scanned.contains(QStringLiteral("run.log")));
        QVERIFY(QFileInfo(log).size() > 0); // the log did capture the calls
    }
};

QTEST_GUILESS_MAIN(TestKeySecrecy)
#include "tst_keysecrecy.moc"
