// switchboard-cli demo: build the demo workspace, a week of simulated traffic included.
#include "commands.h"

#include "demo/demobuilder.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

namespace switchboard::cli {

int runDemoCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Create a demo workspace: simulated providers, pinned aliases, prompts, features and tenants, and "
        "a week of traffic pushed through the executor (a 429 storm, a latency regression and a cost "
        "spike included). The workspace must be new or empty. Nothing else needs to run: the "
        "simulated providers are served inside the program."));
    addWorkspaceOptions(parser);
    parser.addOption({ QStringLiteral("calls"), QStringLiteral("How many calls to make (default: the recipe's 20000)."),
                       QStringLiteral("n"), QStringLiteral("0") });
    parser.addOption({ QStringLiteral("speed"),
                       QStringLiteral("How many times faster than real time the simulation runs (default 50)."),
                       QStringLiteral("factor"), QStringLiteral("50") });
    parser.addOption({ QStringLiteral("concurrency"), QStringLiteral("How many calls run at once (default 48)."),
                       QStringLiteral("n"), QStringLiteral("48") });
    parser.process(arguments);

    QTextStream err(stderr);
    const auto location = workspaceArgument(parser);
    if (!location)
        return kExitUsage;
    bool callsOk = false;
    bool speedOk = false;
    core::demo::DemoBuilder::Options options;
    options.calls = parser.value(QStringLiteral("calls")).toInt(&callsOk);
    options.traffic.speed = parser.value(QStringLiteral("speed")).toDouble(&speedOk);
    bool concurrencyOk = false;
    options.traffic.concurrency = parser.value(QStringLiteral("concurrency")).toInt(&concurrencyOk);
    if (!callsOk || options.calls < 0 || !speedOk || options.traffic.speed < 1 || options.traffic.speed > 1000
        || !concurrencyOk || options.traffic.concurrency < 1 || options.traffic.concurrency > 1000) {
        err << "switchboard-cli: --calls takes a whole number of 0 or more, --speed a number from 1 to 1000 and "
               "--concurrency a whole number from 1 to 1000\n";
        return kExitUsage;
    }

    const bool json = parser.isSet(QStringLiteral("json"));
    core::demo::DemoBuilder builder(*location, options);
    core::demo::DemoResult result;
    qint64 lastTenth = -1;
    QObject::connect(&builder, &core::demo::DemoBuilder::stage, [&err](const QString &stage) { err << stage << "...\n" << Qt::flush; });
    QObject::connect(&builder, &core::demo::DemoBuilder::progress, [&](qint64 done, qint64 total) {
        if (const qint64 tenth = done * 10 / std::max<qint64>(1, total); tenth != lastTenth) {
            lastTenth = tenth;
            err << "  " << done << " / " << total << " calls\n" << Qt::flush;
        }
    });
    QObject::connect(&builder, &core::demo::DemoBuilder::finished, [&result](const core::demo::DemoResult &r) {
        result = r;
        QCoreApplication::exit();
    });
    QMetaObject::invokeMethod(&builder, &core::demo::DemoBuilder::start, Qt::QueuedConnection);
    QCoreApplication::exec();

    if (!result.ok) {
        err << "switchboard-cli: " << result.message << '\n';
        return kExitFailure;
    }
    if (json) {
        const QJsonObject out { { QStringLiteral("workspace"), location->displayName() },
                                { QStringLiteral("calls"), result.calls },
                                { QStringLiteral("elapsed_ms"), result.elapsedMs } };
        QTextStream(stdout) << QJsonDocument(out).toJson(QJsonDocument::Compact) << '\n';
    } else {
        QTextStream(stdout) << "Demo workspace " << location->displayName() << ": " << result.calls << " calls in "
                            << QString::number(static_cast<double>(result.elapsedMs) / 1000.0, 'f', 1) << " s.\n"
                            << "Open it with: switchboard --workspace " << location->displayName() << '\n';
    }
    return kExitOk;
}

} // namespace switchboard::cli
