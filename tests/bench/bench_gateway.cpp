// The gateway's cost over calling the simulated provider directly, on the same machine, with
// recording on: latency added at one connection and at a paced ~200 calls/s, throughput at 10
// and 50 connections as a share of direct, time to first byte of streams, CPU per call, and
// memory idle and at peak. wrk (Debian) makes the load; each figure is the median of rounds
// that alternate direct and gateway runs. With the Portkey gateway installed
// (npm ci --prefix tests/bench/portkey) the same load runs through it too. A second gateway
// exporting every call as an OpenTelemetry span to a local collector shows what export costs.
//
// bench_gateway [seconds per run = 5] [rounds = 3]
#include "gateway/loadrun.h"
#include "gateway/streamprobe.h"

#include "gateway/gatewaykey.h"
#include "store/connection.h"
#include "store/gatewaykeyrepository.h"
#include "store/providerrepository.h"
#include "store/workspace.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTextStream>
#include <QThread>

#include <algorithm>
#include <functional>
#include <map>

using namespace switchboard;
using namespace switchboard::bench;
using namespace switchboard::core;

namespace {

QTextStream out(stdout);

quint16 freePort()
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost, 0);
    return server.serverPort();
}

double median(std::vector<double> values)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

double percentile(std::vector<double> values, double q)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    return values[std::min(values.size() - 1, static_cast<std::size_t>(q * static_cast<double>(values.size())))];
}

// Starts a program and waits until it prints `ready` (on either stream).
bool startAndWait(QProcess &process, const QString &program, const QStringList &arguments, const QByteArray &ready)
{
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program, arguments);
    if (!process.waitForStarted(10'000))
        return false;
    QByteArray said;
    for (int waited = 0; waited < 20'000; waited += 50) {
        process.waitForReadyRead(50);
        said += process.readAll();
        if (said.contains(ready))
            return true;
    }
    QTextStream(stderr) << program << " did not start: " << said << '\n';
    return false;
}

// A workspace whose "sim" provider is the simulator at simUrl, with chat-fast pinned on it and
// one key; returns the key.
QByteArray prepareWorkspace(const store::WorkspaceLocation &location, const QString &simUrl, const QString &pacedSimUrl)
{
    if (!store::prepareWorkspace(location, store::Connection::Mode::CreateIfMissing))
        return {};
    auto connection = store::Connection::open(location);
    if (!connection)
        return {};
    ProviderConfig provider;
    provider.name = QStringLiteral("sim");
    provider.kind = ProviderKind::Simulated;
    provider.baseUrl = simUrl + QStringLiteral("/v1");
    auto id = store::ProviderRepository(**connection).add(provider);
    if (!id)
        return {};
    (*connection)->exec(QStringLiteral("INSERT INTO pins (alias, provider_id, model_name, version, updated_ms, updated_by) "
                                       "VALUES ('chat-fast', ?, 'sim-small-2025-01-15', 1, ?, 'bench')"),
                        { *id, QDateTime::currentMSecsSinceEpoch() });
    provider.name = QStringLiteral("sim-paced");
    provider.baseUrl = pacedSimUrl + QStringLiteral("/v1");
    auto pacedId = store::ProviderRepository(**connection).add(provider);
    if (!pacedId)
        return {};
    (*connection)->exec(QStringLiteral("INSERT INTO pins (alias, provider_id, model_name, version, updated_ms, updated_by) "
                                       "VALUES ('chat-paced', ?, 'sim-small-2025-01-15', 1, ?, 'bench')"),
                        { *pacedId, QDateTime::currentMSecsSinceEpoch() });
    gateway::GatewayKey key;
    key.name = QStringLiteral("bench");
    key.tenant = QStringLiteral("bench");
    auto created = store::GatewayKeyRepository(**connection).create(key, QStringLiteral("bench"));
    return created ? created->secret : QByteArray();
}

struct Scenario
{
    const char *name;
    int connections;
    int delayMs;
};

struct Target
{
    QString name;
    QString url;
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;
    qint64 pid = 0; // whose CPU and memory to read; 0: none
};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const int seconds = argc > 1 ? QString::fromLatin1(argv[1]).toInt() : 5;
    const int rounds = argc > 2 ? QString::fromLatin1(argv[2]).toInt() : 3;
    if (QStandardPaths::findExecutable(QStringLiteral("wrk")).isEmpty()) {
        QTextStream(stderr) << "bench_gateway needs wrk (apt install wrk; scripts/install-deps installs it)\n";
        return 1;
    }
    QTemporaryDir dir;
    const QString binDir = QCoreApplication::applicationDirPath() + QStringLiteral("/../../app");

    // The upstream: the simulated provider in a process of its own, answering at once.
    const quint16 simPort = freePort();
    QProcess sim;
    if (!startAndWait(sim, binDir + QStringLiteral("/switchboard-cli"),
                      { QStringLiteral("sim"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(simPort),
                        QStringLiteral("--time-scale"), QStringLiteral("0"), QStringLiteral("--no-faults") },
                      "Simulated provider on"))
        return 1;
    const QString simUrl = QStringLiteral("http://127.0.0.1:%1").arg(simPort);
    // A second simulator that streams at a twentieth of real pace, to see chunks pass unbuffered.
    const quint16 pacedPort = freePort();
    QProcess pacedSim;
    if (!startAndWait(pacedSim, binDir + QStringLiteral("/switchboard-cli"),
                      { QStringLiteral("sim"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(pacedPort),
                        QStringLiteral("--time-scale"), QStringLiteral("0.05"), QStringLiteral("--no-faults") },
                      "Simulated provider on"))
        return 1;
    const QString pacedSimUrl = QStringLiteral("http://127.0.0.1:%1").arg(pacedPort);
    const store::WorkspaceLocation workspace = store::WorkspaceLocation::sqliteFile(dir.filePath(QStringLiteral("bench.switchboard")));
    const QByteArray secret = prepareWorkspace(workspace, simUrl, pacedSimUrl);
    if (secret.isEmpty())
        return 1;

    const quint16 gatewayPort = freePort();
    QProcess gatewayProcess;
    if (!startAndWait(gatewayProcess, binDir + QStringLiteral("/switchboard-gateway"),
                      { QStringLiteral("-w"), workspace.target(), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(gatewayPort) },
                      "serving"))
        return 1;
    QThread::msleep(1000);
    const auto idle = processUse(gatewayProcess.processId());

    const QByteArray directBody = R"({"model":"sim-small-2025-01-15","messages":[{"role":"user","content":"How do I reset my password?"}],"max_tokens":40})";
    const QByteArray gatewayBody = R"({"model":"chat-fast","messages":[{"role":"user","content":"How do I reset my password?"}],"max_tokens":40})";
    std::vector<Target> targets {
        { QStringLiteral("direct"), simUrl + QStringLiteral("/v1/chat/completions"), directBody, {}, sim.processId() },
        { QStringLiteral("gateway"), QStringLiteral("http://127.0.0.1:%1/v1/chat/completions").arg(gatewayPort), gatewayBody,
          { { "Authorization", "Bearer " + secret } }, gatewayProcess.processId() },
    };

    // A second gateway on the same workspace exporting every call as a span to a collector (a
    // Node server that accepts OTLP/HTTP and answers at once): what span export costs.
    const quint16 collectorPort = freePort();
    QProcess collector;
    const QString collectorScript = QStringLiteral(
        "require('http').createServer((q, s) => { q.resume(); q.on('end', () => { s.setHeader('content-type', 'application/json'); "
        "s.end('{}'); }); }).listen(%1, '127.0.0.1', () => console.log('collector ready'));").arg(collectorPort);
    QProcess otlpGateway;
    if (startAndWait(collector, QStringLiteral("node"), { QStringLiteral("-e"), collectorScript }, "collector ready")) {
        const quint16 otlpPort = freePort();
        if (startAndWait(otlpGateway, binDir + QStringLiteral("/switchboard-gateway"),
                         { QStringLiteral("-w"), workspace.target(), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(otlpPort),
                           QStringLiteral("--otlp-endpoint"), QStringLiteral("http://127.0.0.1:%1").arg(collectorPort) },
                         "serving"))
            targets.push_back({ QStringLiteral("gateway_otlp"), QStringLiteral("http://127.0.0.1:%1/v1/chat/completions").arg(otlpPort),
                                gatewayBody, { { "Authorization", "Bearer " + secret } }, otlpGateway.processId() });
    } else {
        out << "# gateway_otlp: no node to run a collector; skipped\n";
    }

    // The Portkey gateway, when installed, in front of the same simulator.
    QProcess portkey;
    const QString portkeyServer = QStringLiteral(SWITCHBOARD_SOURCE_DIR)
                                  + QStringLiteral("/tests/bench/portkey/node_modules/@portkey-ai/gateway/build/start-server.js");
    std::optional<ProcessUse> portkeyIdle;
    if (QFile::exists(portkeyServer)) {
        const quint16 portkeyPort = freePort();
        if (startAndWait(portkey, QStringLiteral("node"), { portkeyServer, QStringLiteral("--port=%1").arg(portkeyPort), QStringLiteral("--headless") },
                         "Ready for connections")) {
            QThread::msleep(1000);
            portkeyIdle = processUse(portkey.processId());
            targets.push_back({ QStringLiteral("portkey"), QStringLiteral("http://127.0.0.1:%1/v1/chat/completions").arg(portkeyPort), directBody,
                                { { "Authorization", "Bearer sk-bench" },
                                  { "x-portkey-provider", "openai" },
                                  { "x-portkey-custom-host", (simUrl + QStringLiteral("/v1")).toLatin1() } },
                                portkey.processId() });
        }
    } else {
        out << "# portkey: not installed (npm ci --prefix tests/bench/portkey); skipped\n";
    }

    const Scenario scenarios[] = { { "c1", 1, 0 }, { "paced200", 1, 5 }, { "c10", 10, 0 }, { "c50", 50, 0 } };
    // figures[target][scenario][metric] over rounds
    std::map<QString, std::map<QString, std::map<std::string, std::vector<double>>>> figures;
    for (int round = 0; round < rounds; ++round) {
        for (const Scenario &scenario : scenarios) {
            for (const Target &target : targets) {
                const auto before = target.pid ? processUse(target.pid) : std::nullopt;
                const auto result = runWrk({ target.url, target.body, target.headers, scenario.connections, seconds, scenario.delayMs },
                                           dir.path());
                if (!result) {
                    out << "# " << target.name << ' ' << scenario.name << ": wrk failed\n";
                    continue;
                }
                auto &f = figures[target.name][QLatin1String(scenario.name)];
                f["p50"].push_back(result->p50Ms);
                f["p99"].push_back(result->p99Ms);
                f["rps"].push_back(result->requestsPerSecond);
                f["failed"].push_back(static_cast<double>(result->non2xx + result->errors));
                const auto after = target.pid ? processUse(target.pid) : std::nullopt;
                if (before && after && result->requests > 0) {
                    const double calls = static_cast<double>(result->requests);
                    f["cpu_us"].push_back((after->cpuSeconds - before->cpuSeconds) * 1e6 / calls);
                    f["kernel_us"].push_back((after->systemSeconds - before->systemSeconds) * 1e6 / calls);
                }
            }
        }
    }

    for (const Scenario &scenario : scenarios) {
        const QString s = QLatin1String(scenario.name);
        const auto &direct = figures[QStringLiteral("direct")][s];
        out << "direct_" << s << "_p50: " << median(direct.at("p50")) << " ms\n";
        out << "direct_" << s << "_p99: " << median(direct.at("p99")) << " ms\n";
        out << "direct_" << s << "_throughput: " << qRound(median(direct.at("rps"))) << " calls/s\n";
        // The simulated provider's own cost per call: one HTTP exchange with JSON in and out on
        // the same stack, a floor for a gateway that makes two.
        if (direct.contains("cpu_us")) {
            out << "sim_" << s << "_cpu_per_call: " << qRound(median(direct.at("cpu_us"))) << " us\n";
            out << "sim_" << s << "_cpu_kernel_per_call: " << qRound(median(direct.at("kernel_us"))) << " us\n";
        }
        for (const Target &target : targets) {
            if (target.name == QLatin1String("direct") || !figures[target.name].contains(s))
                continue;
            const auto &f = figures[target.name][s];
            const QString n = target.name + u'_' + s;
            out << n << "_p50: " << median(f.at("p50")) << " ms\n";
            out << n << "_p99: " << median(f.at("p99")) << " ms\n";
            out << n << "_added_p50: " << median(f.at("p50")) - median(direct.at("p50")) << " ms\n";
            out << n << "_added_p99: " << median(f.at("p99")) - median(direct.at("p99")) << " ms\n";
            out << n << "_throughput: " << qRound(median(f.at("rps"))) << " calls/s\n";
            out << n << "_throughput_share: " << qRound(100.0 * median(f.at("rps")) / median(direct.at("rps"))) << " %\n";
            out << n << "_failed: " << qRound64(median(f.at("failed"))) << " calls\n";
            if (f.contains("cpu_us")) {
                out << n << "_cpu_per_call: " << qRound(median(f.at("cpu_us"))) << " us\n";
                out << n << "_cpu_kernel_per_call: " << qRound(median(f.at("kernel_us"))) << " us\n";
            }
        }
    }

    // Upstream connections: the gateway's client has no per-host cap, so 50 callers get 50
    // provider connections instead of queueing behind six.
    static const QRegularExpression opened(QStringLiteral("switchboard_gateway_upstream_connections_opened_total (\\d+)"));
    const QString metrics = QString::fromUtf8(fetch(QUrl(QStringLiteral("http://127.0.0.1:%1/metrics").arg(gatewayPort))));
    out << "gateway_upstream_connections_opened: " << opened.match(metrics).captured(1) << " connections\n";

    // Streams: time to first byte through the gateway against direct, alternating.
    std::vector<double> directFirst;
    std::vector<double> gatewayFirst;
    QByteArray directStream = directBody;
    directStream.replace("\"max_tokens\":40", "\"max_tokens\":40,\"stream\":true");
    QByteArray gatewayStream = gatewayBody;
    gatewayStream.replace("\"max_tokens\":40", "\"max_tokens\":40,\"stream\":true");
    for (int batch = 0; batch < 10; ++batch) {
        for (const auto &timing : probeStreams(QUrl(targets[0].url), directStream, {}, 50))
            directFirst.push_back(timing.firstByteMs);
        for (const auto &timing : probeStreams(QUrl(targets[1].url), gatewayStream, { { "authorization", "Bearer " + secret } }, 50))
            gatewayFirst.push_back(timing.firstByteMs);
    }
    out << "direct_stream_ttfb_p50: " << percentile(directFirst, 0.5) << " ms\n";
    out << "direct_stream_ttfb_p99: " << percentile(directFirst, 0.99) << " ms\n";
    out << "gateway_stream_ttfb_p50: " << percentile(gatewayFirst, 0.5) << " ms\n";
    out << "gateway_stream_ttfb_p99: " << percentile(gatewayFirst, 0.99) << " ms\n";
    out << "gateway_stream_added_ttfb_p50: " << percentile(gatewayFirst, 0.5) - percentile(directFirst, 0.5) << " ms\n";
    out << "gateway_stream_added_ttfb_p99: " << percentile(gatewayFirst, 0.99) - percentile(directFirst, 0.99) << " ms\n";

    if (const auto portkeyTarget = std::ranges::find(targets, QStringLiteral("portkey"), &Target::name); portkeyTarget != targets.end()) {
        http::HttpHeaders headers;
        for (const auto &[name, value] : portkeyTarget->headers)
            headers.push_back({ name.toLower(), value });
        std::vector<double> first;
        int ok = 0;
        for (const auto &timing : probeStreams(QUrl(portkeyTarget->url), directStream, headers, 50)) {
            ok += timing.ok ? 1 : 0;
            if (timing.ok)
                first.push_back(timing.firstByteMs);
        }
        out << "portkey_stream_answered: " << ok << " of 50 calls\n";
        if (ok > 0)
            out << "portkey_stream_ttfb_p50: " << percentile(first, 0.5) << " ms\n";
    }

    // No buffering: through the gateway the first chunk of a paced stream arrives about when it
    // does directly, long before the stream ends.
    QByteArray pacedStream = gatewayStream;
    pacedStream.replace("chat-fast", "chat-paced");
    std::vector<double> pacedDirectFirst, pacedDirectLast, pacedGatewayFirst, pacedGatewayLast;
    for (int batch = 0; batch < 4; ++batch) {
        for (const auto &timing : probeStreams(QUrl(pacedSimUrl + QStringLiteral("/v1/chat/completions")), directStream, {}, 10)) {
            pacedDirectFirst.push_back(timing.firstByteMs);
            pacedDirectLast.push_back(timing.lastByteMs);
        }
        for (const auto &timing : probeStreams(QUrl(targets[1].url), pacedStream, { { "authorization", "Bearer " + secret } }, 10)) {
            pacedGatewayFirst.push_back(timing.firstByteMs);
            pacedGatewayLast.push_back(timing.lastByteMs);
        }
    }
    out << "direct_paced_stream_first_byte_p50: " << percentile(pacedDirectFirst, 0.5) << " ms\n";
    out << "direct_paced_stream_last_byte_p50: " << percentile(pacedDirectLast, 0.5) << " ms\n";
    out << "gateway_paced_stream_first_byte_p50: " << percentile(pacedGatewayFirst, 0.5) << " ms\n";
    out << "gateway_paced_stream_last_byte_p50: " << percentile(pacedGatewayLast, 0.5) << " ms\n";

    if (const auto peak = processUse(gatewayProcess.processId()); idle && peak) {
        out << "gateway_rss_idle: " << idle->rssMb << " MB\n";
        out << "gateway_rss_peak: " << peak->peakRssMb << " MB\n";
    }
    if (portkeyIdle) {
        if (const auto peak = processUse(portkey.processId())) {
            out << "portkey_rss_idle: " << portkeyIdle->rssMb << " MB\n";
            out << "portkey_rss_peak: " << peak->peakRssMb << " MB\n";
        }
    }
    out.flush();
    for (QProcess *process : { &portkey, &otlpGateway, &collector, &gatewayProcess, &sim, &pacedSim }) {
        if (process->state() != QProcess::NotRunning) {
            process->terminate();
            process->waitForFinished(10'000);
        }
    }
    return 0;
}
