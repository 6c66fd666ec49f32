#include "providers/sim/simulatedprovider.h"

#include "http/httpexchange.h"
#include "model/enumnames.h"
#include "providers/anthropicwire.h"
#include "providers/openaiwire.h"
#include "providers/providerfailure.h"
#include "providers/sim/simcontent.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QElapsedTimer>
#include <QPointer>
#include <QTimer>

namespace switchboard::core::providers::sim {
namespace {

using nlohmann::json;

constexpr EnumNames<SimFault, 13> kFaults { {
    { SimFault::None, "none" },
    { SimFault::RateLimited, "rate_limited" },
    { SimFault::ServerError, "server_error" },
    { SimFault::Unavailable, "unavailable" },
    { SimFault::BadGatewayHtml, "bad_gateway_html" },
    { SimFault::Hang, "hang" },
    { SimFault::CutStream, "cut_stream" },
    { SimFault::Malformed, "malformed" },
    { SimFault::ErrorEvent, "error_event" },
    { SimFault::Refusal, "refusal" },
    { SimFault::Truncated, "truncated" },
    { SimFault::EmptyOutput, "empty_output" },
    { SimFault::InvalidOutput, "invalid_output" },
} };

constexpr int kWordsPerChunk = 3;
constexpr int kMaxOutputTokens = 4000;
const char kRefusal[] = "I can't help with that request.";

QByteArray jsonBody(const json &value)
{
    return QByteArray::fromStdString(value.dump());
}

http::HttpHeaders jsonHeaders(const QString &requestId)
{
    return { { "Content-Type", "application/json" }, { "x-request-id", requestId.toLatin1() } };
}

QByteArray errorBody(WireFormat format, const char *type, const QString &message)
{
    if (format == WireFormat::Anthropic)
        return jsonBody({ { "type", "error" }, { "error", { { "type", type }, { "message", message.toStdString() } } } });
    return jsonBody({ { "error", { { "message", message.toStdString() }, { "type", type }, { "param", nullptr }, { "code", nullptr } } } });
}

qint64 estimateInputTokens(const ChatRequest &request)
{
    qint64 chars = 0;
    for (const ChatMessage &message : request.messages)
        chars += message.plainText().size() + 16;
    return std::max<qint64>(1, chars / 4);
}

quint64 contentSeed(ChatRequest request)
{
    request.stream = false; // streamed or not, the same request gets the same answer
    const QByteArray canonical = QByteArray::fromStdString(openai::encodeRequest(request).dump());
    const QByteArray digest = QCryptographicHash::hash(canonical, QCryptographicHash::Sha256);
    quint64 seed = 0;
    for (int i = 0; i < 8; ++i)
        seed = (seed << 8) | static_cast<quint8>(digest[i]);
    return seed;
}

} // namespace

QString nameOf(SimFault fault) { return enumName(kFaults, fault); }
std::optional<SimFault> simFaultFromName(QStringView name) { return enumValue(kFaults, name); }

// One attempt being answered: what to say, and how far the answer has got.
struct SimulatedProvider::Job
{
    QPointer<http::HttpExchange> exchange;
    WireFormat format = WireFormat::OpenAi;
    ChatRequest request;
    SimProfile profile;
    SimFault fault = SimFault::None;
    QString id;
    QStringList pieces;
    QString refusal;
    std::optional<FinishReason> finish;
    Usage usage;
    int ttftMs = 0;
    double pieceMs = 0; // real milliseconds between streamed pieces
    QElapsedTimer started;
    qsizetype sent = 0;
    std::unique_ptr<anthropic::StreamEncoder> anthropicEncoder;
    openai::ChunkHeader chunkHeader;

    void send(const StreamDelta &delta);
    void writeEvent(const SseEvent &event);
    // Sends the next piece of a streamed answer; false once there is nothing more to send.
    bool streamStep();

    ChatResponse response() const
    {
        ChatResponse out;
        out.id = id;
        out.model = request.model;
        out.createdSeconds = QDateTime::currentSecsSinceEpoch();
        ChatChoice choice;
        choice.message.role = Role::Assistant;
        if (!pieces.isEmpty())
            choice.message.content.push_back(ContentPart::fromText(pieces.join(QString())));
        choice.refusal = refusal;
        choice.finishReason = finish;
        out.choices.push_back(std::move(choice));
        out.usage = usage;
        return out;
    }
};

SimulatedProvider::SimulatedProvider(Settings settings, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_server(new http::HttpServer([this](http::HttpExchange *exchange) { handle(exchange); }, {}, this))
    , m_faultRandom(settings.seed * 2 + 1)
    , m_timingRandom(settings.seed * 2 + 2)
{
}

SimulatedProvider::~SimulatedProvider() = default;

bool SimulatedProvider::listen(const QHostAddress &address, quint16 port)
{
    return m_server->listen(address, port);
}

quint16 SimulatedProvider::port() const
{
    return m_server->port();
}

QString SimulatedProvider::errorString() const
{
    return m_server->errorString();
}

QString SimulatedProvider::baseUrl() const
{
    return QStringLiteral("http://127.0.0.1:%1").arg(port());
}

void SimulatedProvider::setConditions(const QString &modelPrefix, SimConditions conditions)
{
    m_conditions.insert(modelPrefix, conditions);
}

void SimulatedProvider::clearConditions()
{
    m_conditions.clear();
}

void SimulatedProvider::applyConditions(SimProfile &profile, const QString &model) const
{
    for (auto it = m_conditions.cbegin(); it != m_conditions.cend(); ++it) {
        if (!model.startsWith(it.key()))
            continue;
        profile.ttftMedianMs *= it->latencyFactor;
        profile.perTokenMs *= it->latencyFactor;
        profile.rateLimitedRate = std::min(1.0, profile.rateLimitedRate + it->rateLimitedRate);
        profile.unavailableRate = std::min(1.0 - profile.rateLimitedRate, profile.unavailableRate + it->unavailableRate);
        profile.outputTokensMedian *= it->outputTokensFactor;
        profile.refusalRate = std::min(1.0, profile.refusalRate + it->refusalRate);
        profile.invalidOutputRate = std::min(1.0, profile.invalidOutputRate + it->invalidOutputRate);
    }
}

void SimulatedProvider::scriptFaults(const QList<SimFault> &faults)
{
    m_script.insert(m_script.end(), faults.begin(), faults.end());
}

int SimulatedProvider::delayMs(double ms) const
{
    return static_cast<int>(std::max(0.0, ms * m_settings.timeScale));
}

SimFault SimulatedProvider::pickFault(const http::HttpExchange &exchange, const SimProfile &profile)
{
    if (const QByteArray asked = exchange.request().header("x-sim-fault"); !asked.isEmpty())
        return simFaultFromName(QString::fromLatin1(asked)).value_or(SimFault::None);
    if (!m_script.empty()) {
        const SimFault fault = m_script.front();
        m_script.pop_front();
        return fault;
    }
    if (!m_settings.faultsFromProfile)
        return SimFault::None;
    // One draw per attempt, walked through the rates in turn.
    double draw = m_faultRandom.uniform();
    const std::pair<double, SimFault> rates[] = {
        { profile.rateLimitedRate, SimFault::RateLimited }, { profile.serverErrorRate, SimFault::ServerError },
        { profile.unavailableRate, SimFault::Unavailable }, { profile.hangRate, SimFault::Hang },
        { profile.cutStreamRate, SimFault::CutStream },     { profile.malformedRate, SimFault::Malformed },
        { profile.refusalRate, SimFault::Refusal },         { profile.invalidOutputRate, SimFault::InvalidOutput },
    };
    for (const auto &[rate, fault] : rates) {
        if (draw < rate)
            return fault;
        draw -= rate;
    }
    return SimFault::None;
}

void SimulatedProvider::handle(http::HttpExchange *exchange)
{
    ++m_requests;
    const http::HttpRequest &httpRequest = exchange->request();
    if (httpRequest.method == "GET" && (httpRequest.path == "/health" || httpRequest.path == "/v1/models")) {
        json models = json::array();
        for (const QString &name : SimProfile::names())
            models.push_back({ { "id", name.toStdString() }, { "object", "model" }, { "owned_by", "switchboard-sim" } });
        exchange->respond(200, jsonHeaders(QStringLiteral("models")), jsonBody({ { "object", "list" }, { "data", models } }));
        return;
    }
    const WireFormat format = httpRequest.path == "/v1/messages" ? WireFormat::Anthropic : WireFormat::OpenAi;
    if (httpRequest.path != "/v1/messages" && httpRequest.path != "/v1/chat/completions") {
        exchange->respond(404, jsonHeaders({}),
                          errorBody(format, "not_found_error",
                                    QStringLiteral("No route %1.").arg(QString::fromLatin1(httpRequest.path))));
        return;
    }
    const json body = json::parse(httpRequest.body.toStdString(), nullptr, false);
    auto request = format == WireFormat::Anthropic ? anthropic::decodeRequest(body) : openai::decodeRequest(body);
    if (!request) {
        exchange->respond(400, jsonHeaders({}), errorBody(format, "invalid_request_error", request.error().message));
        return;
    }
    auto job = std::make_shared<Job>();
    job->exchange = exchange;
    job->format = format;
    job->request = std::move(*request);
    job->profile = SimProfile::forModel(job->request.model);
    applyConditions(job->profile, job->request.model);
    job->fault = pickFault(*exchange, job->profile);
    // The id, like the answer, follows from the request, so that a replay matches its original.
    job->id = (format == WireFormat::Anthropic ? QStringLiteral("msg_sim") : QStringLiteral("chatcmpl-sim"))
        + QString::number(contentSeed(job->request) % 1'000'000'000'000ULL, 36);
    if (answerWithError(job))
        return;
    writeAnswer(*job);
    job->ttftMs = delayMs(m_timingRandom.logNormal(job->profile.ttftMedianMs, job->profile.ttftSigma));
    job->pieceMs = std::max(0.0, job->profile.perTokenMs * kWordsPerChunk * m_settings.timeScale);
    if (job->request.stream)
        answerStreaming(job);
    else
        answerWhole(job);
}

bool SimulatedProvider::answerWithError(const std::shared_ptr<Job> &job)
{
    int status = 0;
    const char *type = "";
    QString message;
    http::HttpHeaders headers { { "Content-Type", "application/json" } };
    QByteArray body;
    const bool anthropic = job->format == WireFormat::Anthropic;
    switch (job->fault) {
    case SimFault::RateLimited:
        status = 429;
        type = anthropic ? "rate_limit_error" : "rate_limit_exceeded";
        message = QStringLiteral("Simulated rate limit: try again in %1 s.").arg(job->profile.retryAfterSeconds);
        headers.append({ "retry-after", QByteArray::number(job->profile.retryAfterSeconds) });
        break;
    case SimFault::ServerError:
        status = 500;
        type = anthropic ? "api_error" : "server_error";
        message = QStringLiteral("Simulated internal error.");
        break;
    case SimFault::Unavailable:
        status = anthropic ? 529 : 503;
        type = anthropic ? "overloaded_error" : "server_error";
        message = anthropic ? QStringLiteral("Overloaded") : QStringLiteral("Simulated: the engine is currently overloaded.");
        break;
    case SimFault::BadGatewayHtml:
        status = 502;
        headers = { { "Content-Type", "text/html" } };
        body = "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1>"
               "</center><hr><center>nginx</center></body></html>\n";
        break;
    default:
        return false;
    }
    if (body.isEmpty())
        body = errorBody(job->format, type, message);
    // Errors come back after a short think, before any content would have.
    const int thinkMs = delayMs(m_timingRandom.logNormal(job->profile.ttftMedianMs / 4, 0.3));
    QTimer::singleShot(thinkMs, job->exchange, [job, status, headers, body] { job->exchange->respond(status, headers, body); });
    return true;
}

void SimulatedProvider::writeAnswer(Job &job) const
{
    // The answer depends on the request alone: words, or JSON when the request asks for it.
    SimRandom content(contentSeed(job.request) ^ static_cast<quint64>(job.request.seed.value_or(0)));
    int tokens = std::clamp(static_cast<int>(content.logNormal(job.profile.outputTokensMedian, job.profile.outputTokensSigma)),
                            1, kMaxOutputTokens);
    job.finish = FinishReason::Stop;
    if (job.request.maxOutputTokens && tokens > *job.request.maxOutputTokens) {
        tokens = static_cast<int>(std::max<qint64>(1, *job.request.maxOutputTokens));
        job.finish = FinishReason::Length;
    }
    if (job.fault == SimFault::Truncated) {
        tokens = std::min(tokens, 3);
        job.finish = FinishReason::Length;
    }
    const bool wantsJson = job.request.responseFormat.kind != ResponseFormat::Kind::Text;
    if (job.fault == SimFault::Refusal) {
        job.refusal = QString::fromLatin1(kRefusal);
        job.finish = FinishReason::Refusal;
        tokens = 8;
    } else if (job.fault == SimFault::EmptyOutput) {
        tokens = 0;
    } else if (wantsJson && job.fault != SimFault::InvalidOutput && job.finish != FinishReason::Length) {
        const QString text = QString::fromStdString(simJson(content, job.request.responseFormat.schema).dump());
        for (qsizetype at = 0; at < text.size(); at += 12)
            job.pieces.append(text.mid(at, 12));
        tokens = static_cast<int>(std::max<qsizetype>(1, text.size() / 4));
    }
    if (job.pieces.isEmpty() && tokens > 0 && job.refusal.isEmpty()) {
        const QStringList words = simWords(content, tokens);
        for (qsizetype at = 0; at < words.size(); at += kWordsPerChunk)
            job.pieces.append((at == 0 ? QString() : QStringLiteral(" ")) + words.mid(at, kWordsPerChunk).join(QLatin1Char(' ')));
    }
    job.usage.inputTokens = estimateInputTokens(job.request);
    job.usage.outputTokens = tokens;
}

void SimulatedProvider::answerWhole(const std::shared_ptr<Job> &job)
{
    const int totalMs = job->ttftMs + static_cast<int>(job->pieceMs * static_cast<double>(job->pieces.size()));
    QTimer::singleShot(totalMs, job->exchange, [job] {
        switch (job->fault) {
        case SimFault::Hang:
            return; // never answers; the client's timeout ends it
        case SimFault::CutStream:
            job->exchange->abort();
            return;
        case SimFault::Malformed:
            job->exchange->respond(200, jsonHeaders(job->id),
                                   QByteArray("{\"id\":\"" + job->id.toLatin1() + "\",\"choices\":[{\"index\":0,"));
            return;
        default:
            break;
        }
        const json out = job->format == WireFormat::Anthropic ? anthropic::encodeResponse(job->response())
                                                              : openai::encodeResponse(job->response());
        job->exchange->respond(200, jsonHeaders(job->id), jsonBody(out));
    });
}

void SimulatedProvider::answerStreaming(const std::shared_ptr<Job> &job)
{
    // Headers and the first piece after the time to first token, then a piece at a time.
    // Each piece is due at a fixed offset from the start, so that delays shorter than a
    // millisecond (a strongly scaled-down simulation) still add up to the right total.
    job->started.start();
    QTimer::singleShot(job->ttftMs, job->exchange, [job] {
        job->exchange->beginStream(200, { { "Content-Type", "text/event-stream" }, { "Cache-Control", "no-cache" },
                                          { "x-request-id", job->id.toLatin1() } });
        job->anthropicEncoder = std::make_unique<anthropic::StreamEncoder>(job->id, job->request.model);
        job->chunkHeader = { job->id, job->request.model, QDateTime::currentSecsSinceEpoch() };
        StreamDelta role;
        role.role = Role::Assistant;
        job->send(role);
        streamDuePieces(job);
    });
}

void SimulatedProvider::streamDuePieces(const std::shared_ptr<Job> &job)
{
    // Pieces due within the next few milliseconds go out together, in one write: a strongly
    // scaled-down simulation would otherwise spend its time in a system call per piece.
    constexpr double kTogetherMs = 4;
    for (;;) {
        const double dueMs = job->ttftMs + job->pieceMs * static_cast<double>(job->sent);
        const double waitMs = dueMs - static_cast<double>(job->started.nsecsElapsed()) / 1e6;
        if (waitMs >= kTogetherMs) {
            QTimer::singleShot(static_cast<int>(waitMs), Qt::PreciseTimer, job->exchange, [job] { streamDuePieces(job); });
            return;
        }
        if (!job->streamStep())
            return;
    }
}

void SimulatedProvider::Job::send(const StreamDelta &delta)
{
    if (format == WireFormat::Anthropic) {
        for (const SseEvent &event : anthropicEncoder->encode(delta))
            writeEvent(event);
        return;
    }
    exchange->writeChunk(QByteArray("data: " + QByteArray::fromStdString(openai::encodeChunk(delta, chunkHeader).dump()) + "\n\n"));
}

void SimulatedProvider::Job::writeEvent(const SseEvent &event)
{
    exchange->writeChunk(QByteArray("event: " + event.event + "\ndata: " + event.data + "\n\n"));
}

bool SimulatedProvider::Job::streamStep()
{
    if (!exchange || exchange->isFinished())
        return false;
    const qsizetype half = std::max<qsizetype>(1, pieces.size() / 2);
    if (fault == SimFault::Hang && sent >= 1)
        return false; // silence until the client gives up
    if (fault == SimFault::CutStream && sent >= half) {
        exchange->abort();
        return false;
    }
    if (fault == SimFault::Malformed && sent == half)
        exchange->writeChunk("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\n\n");
    if (fault == SimFault::ErrorEvent && sent >= half) {
        if (format == WireFormat::Anthropic)
            writeEvent({ "error", R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})", {} });
        else
            exchange->writeChunk("data: {\"error\":{\"message\":\"The server had an error while processing your "
                                 "request.\",\"type\":\"server_error\"}}\n\n");
        exchange->endStream();
        return false;
    }
    if (sent < pieces.size()) {
        StreamDelta piece;
        piece.text = pieces[sent++];
        send(piece);
        return true;
    }
    StreamDelta last;
    last.refusal = refusal;
    last.finishReason = finish;
    send(last);
    if (format == WireFormat::Anthropic) {
        for (const SseEvent &event : anthropicEncoder->finish(usage))
            writeEvent(event);
    } else {
        StreamDelta usageDelta;
        usageDelta.usage = usage;
        send(usageDelta);
        exchange->writeChunk("data: [DONE]\n\n");
    }
    exchange->endStream();
    return false;
}

} // namespace switchboard::core::providers::sim
