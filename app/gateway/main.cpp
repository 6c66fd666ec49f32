// switchboard-gateway: the headless OpenAI- and Anthropic-compatible gateway.
#include "gateway/gateway.h"
#include "model/productinfo.h"
#include "store/workspace.h"
#include "store/workspaceargument.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QHash>
#include <QProcessEnvironment>
#include <QSocketNotifier>
#include <QTextStream>

#include <csignal>
#include <unistd.h>

using namespace switchboard::core;

namespace {

int g_signalPipe[2] = { -1, -1 };

void onSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(g_signalPipe[1], &byte, 1);
}

// SIGINT and SIGTERM end the event loop, so that calls in flight are cancelled and recorded
// and the recorder writes what it holds before the gateway exits.
void quitOnSignals(QCoreApplication &app)
{
    if (::pipe(g_signalPipe) != 0)
        return;
    auto *notifier = new QSocketNotifier(g_signalPipe[0], QSocketNotifier::Read, &app);
    QObject::connect(notifier, &QSocketNotifier::activated, &app, [] { QCoreApplication::quit(); });
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
}

} // namespace

int main(int argc, char *argv[])
{
    // Qt's own event dispatcher rather than GLib's: GLib wakes its loop with a write to an
    // eventfd for every posted event (about eleven per call here); Qt's coalesces them.
    if (!qEnvironmentVariableIsSet("QT_NO_GLIB"))
        qputenv("QT_NO_GLIB", "1");
    QCoreApplication app(argc, argv);
    applyProductIdentity();

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Switchboard gateway: an OpenAI- and Anthropic-compatible HTTP endpoint that enforces "
        "the workspace's pins, routing rules and budgets and records every call."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOption(store::workspaceOption());
    parser.addOption(QCommandLineOption(QStringLiteral("listen"), QStringLiteral("Address and port to serve on."),
                                        QStringLiteral("host:port"), QStringLiteral("127.0.0.1:8080")));
    parser.addOption(QCommandLineOption(QStringLiteral("max-body-bytes"),
                                        QStringLiteral("Largest request body accepted; larger ones get 413."),
                                        QStringLiteral("bytes"), QStringLiteral("8388608")));
    parser.addOption(QCommandLineOption(QStringLiteral("threads"),
                                        QStringLiteral("Event loops that answer calls (default: one per core but one)."),
                                        QStringLiteral("n"), QStringLiteral("0")));
    parser.addOption(QCommandLineOption(QStringLiteral("otlp-endpoint"),
                                        QStringLiteral("Export each call as an OpenTelemetry span to this OTLP/HTTP collector "
                                                       "(default: $OTEL_EXPORTER_OTLP_ENDPOINT; none: no export)."),
                                        QStringLiteral("url")));
    parser.process(app);

    QTextStream err(stderr);
    const auto location = store::workspaceFrom(parser);
    if (!location) {
        err << "switchboard-gateway: " << location.error().message << '\n';
        return 2;
    }
    const QString listen = parser.value(QStringLiteral("listen"));
    const qsizetype colon = listen.lastIndexOf(u':');
    bool portOk = false;
    const uint port = colon > 0 ? listen.mid(colon + 1).toUInt(&portOk) : 0;
    const QHostAddress address(listen.left(colon));
    if (!portOk || port > 65535 || address.isNull()) {
        err << "switchboard-gateway: --listen wants host:port with a numeric address, such as 127.0.0.1:8080 or 0.0.0.0:8080\n";
        return 2;
    }
    gateway::GatewaySettings settings;
    bool bytesOk = false;
    settings.maxBodyBytes = parser.value(QStringLiteral("max-body-bytes")).toLongLong(&bytesOk);
    if (!bytesOk || settings.maxBodyBytes <= 0) {
        err << "switchboard-gateway: --max-body-bytes wants a positive number of bytes\n";
        return 2;
    }
    bool threadsOk = false;
    settings.servingThreads = parser.value(QStringLiteral("threads")).toInt(&threadsOk);
    if (!threadsOk || settings.servingThreads < 0 || settings.servingThreads > 256) {
        err << "switchboard-gateway: --threads wants a number from 1 to 256 (0: one per core but one)\n";
        return 2;
    }
    QHash<QString, QString> environment;
    const QProcessEnvironment system = QProcessEnvironment::systemEnvironment();
    for (const QString &name : system.keys())
        if (name.startsWith(QLatin1String("OTEL_")))
            environment.insert(name, system.value(name));
    auto otlp = gateway::otlpSettingsFrom(parser.value(QStringLiteral("otlp-endpoint")), environment);
    if (!otlp) {
        err << "switchboard-gateway: " << otlp.error().message << '\n';
        return 2;
    }
    settings.otlp = *otlp;
    if (auto prepared = store::prepareWorkspace(*location); !prepared) {
        err << "switchboard-gateway: " << prepared.error().message << '\n';
        return 1;
    }
    auto gateway = gateway::Gateway::open(*location, settings);
    if (!gateway) {
        err << "switchboard-gateway: " << gateway.error().message << '\n';
        return 1;
    }
    if (auto listening = (*gateway)->listen(address, static_cast<quint16>(port)); !listening) {
        err << "switchboard-gateway: " << listening.error().message << '\n';
        return 1;
    }
    const auto &config = (*gateway)->config();
    err << "switchboard-gateway: serving " << location->displayName() << " on http://" << address.toString() << ':'
        << (*gateway)->port() << " (" << config.pins.size() << " aliases, " << config.keys.size() << " keys, rule set "
        << (config.ruleSetVersion ? QString::number(config.ruleSetVersion) : QStringLiteral("none")) << ", "
        << (*gateway)->servingThreads() << ((*gateway)->servingThreads() == 1 ? " serving thread)\n" : " serving threads)\n")
        << Qt::flush;
    if (!settings.otlp.endpoint.isEmpty())
        err << "switchboard-gateway: exporting each call as an OpenTelemetry span to "
            << settings.otlp.endpoint.toDisplayString(QUrl::RemoveUserInfo | QUrl::RemoveQuery) << '\n' << Qt::flush;
    quitOnSignals(app);
    const int code = QCoreApplication::exec();
    gateway->reset();
    err << "switchboard-gateway: stopped\n";
    return code;
}
