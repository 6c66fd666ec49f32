// switchboard-cli pins: aliases bound to model snapshots; list them, repin one with a reason,
// read an alias's history.
#include "commands.h"

#include "model/localauthor.h"
#include "store/connection.h"
#include "store/pinrepository.h"
#include "store/workspace.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

namespace switchboard::cli {
namespace {

using namespace switchboard::core;

const char kUsage[] = "Usage: switchboard-cli pins list | set ALIAS PROVIDER/MODEL --reason R | history ALIAS\n"
                      "       [--workspace W] [--json]\n";

QString when(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}

int list(store::PinRepository &pins, bool json)
{
    auto all = pins.list();
    if (!all)
        return reportFailure(all.error());
    QTextStream out(stdout);
    QJsonArray array;
    for (const store::Pin &pin : *all) {
        if (json) {
            array.append(QJsonObject { { QStringLiteral("alias"), pin.alias },
                                       { QStringLiteral("provider"), pin.provider },
                                       { QStringLiteral("model"), pin.model },
                                       { QStringLiteral("version"), pin.version },
                                       { QStringLiteral("floating"), pin.floating },
                                       { QStringLiteral("updated_ms"), pin.updatedMs },
                                       { QStringLiteral("updated_by"), pin.updatedBy } });
            continue;
        }
        out << pin.alias << '\t' << pin.provider << '/' << pin.model << "\tv" << pin.version << '\t' << when(pin.updatedMs)
            << (pin.floating ? QStringLiteral("\tfloating: the provider may change this model; pin a dated snapshot") : QString())
            << '\n';
    }
    if (json)
        out << QJsonDocument(array).toJson(QJsonDocument::Compact) << '\n';
    return kExitOk;
}

int history(store::PinRepository &pins, const QString &alias, bool json)
{
    auto changes = pins.history(alias);
    if (!changes)
        return reportFailure(changes.error());
    QTextStream out(stdout);
    QJsonArray array;
    for (const store::PinChange &change : *changes) {
        if (json)
            array.append(QJsonObject { { QStringLiteral("version"), change.version },
                                       { QStringLiteral("provider"), change.provider },
                                       { QStringLiteral("model"), change.model },
                                       { QStringLiteral("reason"), change.reason },
                                       { QStringLiteral("author"), change.author },
                                       { QStringLiteral("at_ms"), change.atMs } });
        else
            out << 'v' << change.version << '\t' << when(change.atMs) << '\t' << change.provider << '/' << change.model << '\t'
                << change.author << '\t' << change.reason << '\n';
    }
    if (json)
        out << QJsonDocument(array).toJson(QJsonDocument::Compact) << '\n';
    return kExitOk;
}

} // namespace

int runPinsCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Pins: aliases bound to a dated model snapshot on one provider. "
                                                    "Each repin is a numbered version with a reason, kept in the audit log."));
    addWorkspaceOptions(parser);
    parser.addOption({ QStringLiteral("reason"), QStringLiteral("Why the alias is (re)pinned."), QStringLiteral("text") });
    parser.addPositionalArgument(QStringLiteral("action"), QStringLiteral("list, set or history"));
    parser.process(arguments);
    const QStringList positional = parser.positionalArguments();
    const QString action = positional.value(0);
    const bool usageOk = (action == QLatin1String("list") && positional.size() == 1)
                         || (action == QLatin1String("set") && positional.size() == 3 && positional.at(2).contains(u'/'))
                         || (action == QLatin1String("history") && positional.size() == 2);
    if (!usageOk) {
        QTextStream(stderr) << kUsage;
        return kExitUsage;
    }
    int exitCode = kExitOk;
    const auto connection = openWorkspace(parser, exitCode);
    if (!connection)
        return exitCode;
    store::PinRepository pins(*connection);
    const bool json = parser.isSet(QStringLiteral("json"));
    if (action == QLatin1String("list"))
        return list(pins, json);
    if (action == QLatin1String("history"))
        return history(pins, positional.at(1), json);
    const QString target = positional.at(2);
    const qsizetype slash = target.indexOf(u'/');
    auto version = pins.set(positional.at(1), target.left(slash), target.mid(slash + 1), parser.value(QStringLiteral("reason")),
                            localAuthor());
    if (!version)
        return reportFailure(version.error());
    auto pin = pins.find(positional.at(1));
    QTextStream err(stderr);
    err << positional.at(1) << " -> " << target << " (version " << *version << ")\n";
    if (pin && pin->floating)
        err << "Warning: \"" << pin->model << "\" is a floating name; the provider may point it at another model. "
            << "Pin a dated snapshot to keep answers stable.\n";
    return kExitOk;
}

} // namespace switchboard::cli
