// Demo generation: how long building the demo workspace takes (20,000 calls by default)
// through the executor against in-process simulated providers, with the request log written
// as it goes. The plan alone is timed too, as the floor the rest stands on.
#include "demo/demobuilder.h"
#include "demo/demoplan.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTextStream>

using namespace switchboard::core;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const int calls = argc > 1 ? QString::fromLocal8Bit(argv[1]).toInt() : 20'000;
    QTextStream out(stdout);

    const auto recipe = demo::DemoRecipe::shipped();
    if (!recipe) {
        QTextStream(stderr) << recipe.error().message << '\n';
        return 1;
    }
    QElapsedTimer planning;
    planning.start();
    const auto plan = demo::planDemoTraffic(*recipe, 0, calls);
    out << "demo_plan_" << calls << "_calls: " << planning.elapsed() << " ms\n" << Qt::flush;

    QTemporaryDir dir;
    demo::DemoBuilder builder(*store::WorkspaceLocation::fromArgument(dir.filePath(QStringLiteral("demo.switchboard"))),
                              { calls, {} });
    demo::DemoResult result;
    QObject::connect(&builder, &demo::DemoBuilder::finished, &app, [&result](const demo::DemoResult &r) {
        result = r;
        QCoreApplication::quit();
    });
    QMetaObject::invokeMethod(&builder, &demo::DemoBuilder::start, Qt::QueuedConnection);
    QCoreApplication::exec();
    if (!result.ok) {
        QTextStream(stderr) << result.message << '\n';
        return 1;
    }
    out << "demo_generation_" << calls << "_calls: " << QString::number(static_cast<double>(result.elapsedMs) / 1000.0, 'f', 1)
        << " s\n";
    out << "demo_generation_rate: " << qRound64(static_cast<double>(result.calls) * 1000.0 / static_cast<double>(std::max<qint64>(1, result.elapsedMs)))
        << " calls/s\n";
    return 0;
}
