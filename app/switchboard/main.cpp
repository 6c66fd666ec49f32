// switchboard: the desktop console.
#include "model/productinfo.h"
#include "store/workspaceargument.h"
#include "mainwindow/mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QTextStream>

using namespace switchboard;

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    core::applyProductIdentity();
    QApplication::setApplicationDisplayName(QStringLiteral("Switchboard"));
    QApplication::setDesktopFileName(QStringLiteral("switchboard"));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Switchboard: the operator console for large language models in production."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOption(core::store::workspaceOption());
    parser.process(app);

    ui::MainWindow window;
    if (parser.isSet(QStringLiteral("workspace"))) {
        auto location = core::store::workspaceFrom(parser);
        if (!location) {
            QTextStream(stderr) << location.error().message << '\n';
            return 2;
        }
        window.openWorkspace(*location, core::store::Connection::Mode::CreateIfMissing);
    } else {
        window.openLastOrDefaultWorkspace();
    }
    window.show();
    return app.exec();
}
