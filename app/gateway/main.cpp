// switchboard-gateway: the headless OpenAI- and Anthropic-compatible gateway.
#include "model/productinfo.h"
#include "store/workspaceargument.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

using namespace switchboard::core;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    applyProductIdentity();

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Switchboard gateway: an OpenAI- and Anthropic-compatible HTTP endpoint that enforces "
        "the workspace's pins, routing rules and budgets and records every call."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOption(store::workspaceOption());
    parser.addOption(QCommandLineOption(QStringLiteral("listen"),
                                        QStringLiteral("Address and port to serve on."),
                                        QStringLiteral("host:port"),
                                        QStringLiteral("127.0.0.1:8080")));
    parser.process(app);

    QTextStream(stderr) << "switchboard-gateway: serving is not part of this version yet; "
                           "only --help and --version work.\n";
    return 2;
}
