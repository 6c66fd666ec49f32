// switchboard-cli call: one call through the executor to a workspace's provider, recorded in
// the request log like any other.
#include "commands.h"

#include "execute/callexecution.h"
#include "execute/executor.h"
#include "execute/outcomerecord.h"
#include "providers/keychain.h"
#include "providers/sim/simulationhost.h"
#include "store/connection.h"
#include "store/pricerepository.h"
#include "store/providerrepository.h"
#include "store/recorder.h"
#include "store/workspace.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

namespace switchboard::cli {
namespace {

using namespace switchboard::core;

QJsonObject summaryOf(const CallRecord &record)
{
    return QJsonObject {
        { QStringLiteral("id"), record.id },
        { QStringLiteral("status"), nameOf(record.status) },
        { QStringLiteral("failure"), record.failure ? nameOf(*record.failure) : QString() },
        { QStringLiteral("message"), record.errorMessage },
        { QStringLiteral("provider"), record.provider },
        { QStringLiteral("model"), record.model },
        { QStringLiteral("attempts"), record.attempts },
        { QStringLiteral("latency_ms"), static_cast<double>(record.latencyUs) / 1000.0 },
        { QStringLiteral("ttft_ms"), record.ttftUs ? QJsonValue(static_cast<double>(*record.ttftUs) / 1000.0) : QJsonValue() },
        { QStringLiteral("input_tokens"), record.inputTokens },
        { QStringLiteral("output_tokens"), record.outputTokens },
        { QStringLiteral("tokens_estimated"), record.tokensEstimated },
        { QStringLiteral("cost_micros"), record.costMicros },
    };
}

} // namespace

int runCallCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Send one chat message to a provider of the workspace through the executor (retries, breakers "
        "and costs as for any call) and record it in the request log. Simulated providers are served "
        "inside this program."));
    addWorkspaceOptions(parser);
    parser.addOption({ QStringLiteral("provider"), QStringLiteral("The provider, by name."), QStringLiteral("name") });
    parser.addOption({ QStringLiteral("model"), QStringLiteral("The provider's model name."), QStringLiteral("model") });
    parser.addOption({ QStringLiteral("system"), QStringLiteral("A system message."), QStringLiteral("text") });
    parser.addOption({ QStringLiteral("stream"), QStringLiteral("Stream the answer as it arrives.") });
    parser.addOption({ QStringLiteral("feature"), QStringLiteral("The feature to record the call under."),
                       QStringLiteral("name"), QStringLiteral("cli") });
    parser.addPositionalArgument(QStringLiteral("message"), QStringLiteral("The user message."));
    parser.process(arguments);

    QTextStream err(stderr);
    QTextStream out(stdout);
    const auto location = workspaceArgument(parser);
    if (!location)
        return kExitUsage;
    const QString providerName = parser.value(QStringLiteral("provider"));
    const QString model = parser.value(QStringLiteral("model"));
    if (providerName.isEmpty() || model.isEmpty() || parser.positionalArguments().size() != 1) {
        err << "switchboard-cli: call needs --provider NAME, --model MODEL and one message\n";
        return kExitUsage;
    }
    if (auto prepared = store::prepareWorkspace(*location); !prepared) {
        err << "switchboard-cli: " << prepared.error().message << '\n';
        return kExitFailure;
    }
    std::optional<ProviderConfig> provider;
    pricing::PriceBook prices;
    {
        auto connection = store::Connection::open(*location);
        auto found = connection ? store::ProviderRepository(**connection).findByName(providerName)
                                : Result<std::optional<ProviderConfig>>(std::unexpected(connection.error()));
        auto book = found ? store::PriceRepository(**connection).loadPriceBook()
                          : Result<pricing::PriceBook>(std::unexpected(found.error()));
        if (!book) {
            err << "switchboard-cli: " << book.error().message << '\n';
            return kExitFailure;
        }
        provider = *found;
        prices = std::move(*book);
    }
    if (!provider) {
        err << "switchboard-cli: the workspace has no provider named '" << providerName
            << "'; 'switchboard-cli info' lists what it has\n";
        return kExitFailure;
    }
    providers::sim::SimulationHost simulations;
    auto reachable = simulations.serve(*provider);
    if (!reachable) {
        err << "switchboard-cli: " << reachable.error().message << '\n';
        return kExitFailure;
    }
    auto recorder = store::Recorder::start(*location);
    if (!recorder) {
        err << "switchboard-cli: " << recorder.error().message << '\n';
        return kExitFailure;
    }

    providers::KeyResolver keys;
    if (auto loaded = providers::loadKeychainKeys(keys, { *provider }); !loaded) {
        err << "switchboard-cli: " << loaded.error().message << '\n';
        return kExitFailure;
    }

    execute::SteadyClock clock;
    execute::SystemRandom random;
    execute::Executor executor({}, clock, random, std::move(keys), std::move(prices));
    execute::CallSpec spec;
    spec.request.model = model;
    if (parser.isSet(QStringLiteral("system")))
        spec.request.messages.push_back(ChatMessage::text(Role::System, parser.value(QStringLiteral("system"))));
    spec.request.messages.push_back(ChatMessage::text(Role::User, parser.positionalArguments().constFirst()));
    spec.request.stream = parser.isSet(QStringLiteral("stream"));
    spec.targets.push_back({ *reachable, model });
    spec.origin = CallOrigin::Playground;
    spec.feature = parser.value(QStringLiteral("feature"));

    const bool json = parser.isSet(QStringLiteral("json"));
    execute::CallOutcome outcome;
    execute::CallExecution *execution = executor.start(std::move(spec));
    if (!json) {
        QObject::connect(execution, &execute::CallExecution::delta, execution, [&out](const StreamDelta &delta) {
            out << delta.text << Qt::flush;
        });
    }
    QObject::connect(execution, &execute::CallExecution::finished, execution, [&outcome](const execute::CallOutcome &o) {
        outcome = o;
        QCoreApplication::exit();
    });
    QCoreApplication::exec();
    (*recorder)->record(execute::recordOf(outcome));
    (*recorder)->flush();

    const CallRecord &record = outcome.record;
    if (json) {
        QJsonObject summary = summaryOf(record);
        if (outcome.response && !outcome.response->choices.empty())
            summary.insert(QStringLiteral("text"), outcome.response->choices.front().message.plainText());
        out << QJsonDocument(summary).toJson(QJsonDocument::Compact) << '\n';
    } else {
        if (!record.streamed && outcome.response && !outcome.response->choices.empty())
            out << outcome.response->choices.front().message.plainText();
        out << "\n\n" << nameOf(record.status) << (record.failure ? QStringLiteral(" (%1)").arg(nameOf(*record.failure)) : QString())
            << " · " << record.provider << '/' << record.model << " · " << record.attempts << " attempt(s) · "
            << QString::number(static_cast<double>(record.latencyUs) / 1000.0, 'f', 0) << " ms · "
            << record.inputTokens << " in / " << record.outputTokens << " out · $"
            << QString::number(static_cast<double>(record.costMicros) / 1e6, 'f', 6) << " · " << record.id << '\n';
        if (!record.errorMessage.isEmpty())
            err << record.errorMessage << '\n';
    }
    return record.status == CallStatus::Ok ? kExitOk : kExitFailure;
}

} // namespace switchboard::cli
