// Executor overhead: the time a call through the executor takes beyond a bare HTTP round trip
// to the same simulated provider on loopback, both measured here, alternating.
#include "execute/callexecution.h"
#include "execute/executor.h"
#include "http/httpclient.h"
#include "providers/provideradapter.h"
#include "providers/sim/simulatedprovider.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTextStream>

#include <algorithm>
#include <vector>

using namespace switchboard::core;

namespace {

double percentile(std::vector<double> values, double q)
{
    std::sort(values.begin(), values.end());
    const auto index = static_cast<std::size_t>(std::clamp(q * static_cast<double>(values.size()) - 1, 0.0,
                                                           static_cast<double>(values.size() - 1)));
    return values[index];
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const int calls = argc > 1 ? QString::fromLatin1(argv[1]).toInt() : 3000;
    QTextStream out(stdout);

    providers::sim::SimulatedProvider sim({ 1, 0.0, false });
    if (!sim.listen(QHostAddress::LocalHost, 0)) {
        out << "error: cannot listen\n";
        return 1;
    }
    ProviderConfig provider;
    provider.name = QStringLiteral("sim");
    provider.kind = ProviderKind::Simulated;
    provider.baseUrl = sim.baseUrl() + QLatin1String("/v1");

    ChatRequest request;
    request.model = QStringLiteral("alias");
    request.messages.push_back(ChatMessage::text(Role::User, QStringLiteral("How do I reset my password?")));
    request.maxOutputTokens = 40;

    execute::SteadyClock clock;
    execute::SystemRandom random;
    execute::Executor executor({}, clock, random, {}, pricing::PriceBook::simulated());
    http::HttpClient bareClient;
    const auto adapter = providers::ProviderAdapter::forKind(ProviderKind::Simulated);
    const auto outgoing = adapter->buildRequest(request, QStringLiteral("sim-small"), provider.baseUrl, {});

    std::vector<double> bare;
    std::vector<double> through;
    QEventLoop loop;
    for (int i = 0; i < calls; ++i) {
        // Alternate the two, so that noise on the machine falls on both alike.
        {
            QElapsedTimer timer;
            timer.start();
            std::unique_ptr<http::ClientCall> call(bareClient.send({ "POST", outgoing.url, outgoing.headers, outgoing.body }));
            QObject::connect(call.get(), &http::ClientCall::finished, &loop, &QEventLoop::quit);
            loop.exec();
            bare.push_back(static_cast<double>(timer.nsecsElapsed()) / 1000.0);
        }
        {
            execute::CallSpec spec;
            spec.request = request;
            spec.targets.push_back({ provider, QStringLiteral("sim-small") });
            QElapsedTimer timer;
            timer.start();
            execute::CallExecution *execution = executor.start(spec);
            QObject::connect(execution, &execute::CallExecution::finished, &loop, &QEventLoop::quit);
            loop.exec();
            through.push_back(static_cast<double>(timer.nsecsElapsed()) / 1000.0);
        }
    }
    // The first calls warm up connections and caches.
    bare.erase(bare.begin(), bare.begin() + std::min<int>(100, calls / 10));
    through.erase(through.begin(), through.begin() + std::min<int>(100, calls / 10));
    const double bare50 = percentile(bare, 0.50), bare99 = percentile(bare, 0.99);
    const double exec50 = percentile(through, 0.50), exec99 = percentile(through, 0.99);
    out << "bare_roundtrip_p50: " << qRound64(bare50) << " us\n";
    out << "bare_roundtrip_p99: " << qRound64(bare99) << " us\n";
    out << "executor_call_p50: " << qRound64(exec50) << " us\n";
    out << "executor_call_p99: " << qRound64(exec99) << " us\n";
    out << "executor_added_p50: " << qRound64(exec50 - bare50) << " us\n";
    out << "executor_added_p99: " << qRound64(exec99 - bare99) << " us\n";
    return 0;
}
