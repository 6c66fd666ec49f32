// switchboard-cli sim: serve the simulated provider on a loopback address until stopped.
#include "commands.h"

#include "providers/sim/simulatedprovider.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

namespace switchboard::cli {

int runSimCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Serve the simulated provider: OpenAI (/v1/chat/completions) and Anthropic (/v1/messages) "
        "wire formats, streaming included, with seeded latency and faults. Any model name works; "
        "sim-small, sim-large and sim-flaky select profiles. Send 'x-sim-fault: NAME' to force a "
        "fault (rate_limited, server_error, unavailable, bad_gateway_html, hang, cut_stream, "
        "malformed, error_event, refusal, truncated, empty_output, invalid_output)."));
    parser.addHelpOption();
    parser.addOption({ QStringLiteral("listen"), QStringLiteral("Address and port to serve on."),
                       QStringLiteral("host:port"), QStringLiteral("127.0.0.1:8081") });
    parser.addOption({ QStringLiteral("seed"), QStringLiteral("Seed for latencies and faults."),
                       QStringLiteral("n"), QStringLiteral("1") });
    parser.addOption({ QStringLiteral("time-scale"), QStringLiteral("Multiply every delay by this (0.1 is ten times faster)."),
                       QStringLiteral("factor"), QStringLiteral("1") });
    parser.addOption({ QStringLiteral("no-faults"), QStringLiteral("Ignore the profiles' fault rates.") });
    parser.process(arguments);

    QTextStream err(stderr);
    const QString listen = parser.value(QStringLiteral("listen"));
    const qsizetype colon = listen.lastIndexOf(QLatin1Char(':'));
    bool portOk = false;
    const uint port = colon > 0 ? listen.mid(colon + 1).toUInt(&portOk) : 0;
    const QHostAddress address(colon > 0 ? listen.left(colon) : QString());
    if (!portOk || port > 65535 || address.isNull()) {
        err << "switchboard-cli: --listen takes host:port, for example 127.0.0.1:8081\n";
        return kExitUsage;
    }
    bool seedOk = false;
    bool scaleOk = false;
    core::providers::sim::SimulatedProvider::Settings settings;
    settings.seed = parser.value(QStringLiteral("seed")).toULongLong(&seedOk);
    settings.timeScale = parser.value(QStringLiteral("time-scale")).toDouble(&scaleOk);
    settings.faultsFromProfile = !parser.isSet(QStringLiteral("no-faults"));
    if (!seedOk || !scaleOk || settings.timeScale < 0) {
        err << "switchboard-cli: --seed takes a whole number and --time-scale a number of 0 or more\n";
        return kExitUsage;
    }

    core::providers::sim::SimulatedProvider provider(settings);
    if (!provider.listen(address, static_cast<quint16>(port))) {
        err << "switchboard-cli: cannot listen on " << listen << ": " << provider.errorString() << '\n';
        return kExitFailure;
    }
    QTextStream(stdout) << "Simulated provider on http://" << address.toString() << ':' << provider.port()
                        << " (OpenAI: /v1/chat/completions, Anthropic: /v1/messages). Stop with Ctrl+C.\n"
                        << Qt::flush;
    return QCoreApplication::exec();
}

} // namespace switchboard::cli
