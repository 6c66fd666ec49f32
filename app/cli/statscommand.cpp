// switchboard-cli stats: the workspace's totals, for people and for scripts.
#include "commands.h"

#include "analytics/workspacetotals.h"
#include "store/connection.h"
#include "store/workspace.h"
#include "store/workspaceargument.h"

#include <QCommandLineParser>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

namespace switchboard::cli {
namespace {

using namespace switchboard::core;

double usd(qint64 micros)
{
    return static_cast<double>(micros) / 1e6;
}

QJsonObject toJson(const analytics::TotalsRow &row)
{
    return QJsonObject { { QStringLiteral("calls"), row.calls },
                         { QStringLiteral("failed"), row.failed },
                         { QStringLiteral("input_tokens"), row.inputTokens },
                         { QStringLiteral("output_tokens"), row.outputTokens },
                         { QStringLiteral("cost_usd"), usd(row.costMicros) },
                         { QStringLiteral("cost_micros"), row.costMicros } };
}

QJsonObject toJson(const std::map<QString, analytics::TotalsRow> &rows)
{
    QJsonObject out;
    for (const auto &[name, row] : rows)
        out.insert(name, toJson(row));
    return out;
}

} // namespace

int runStatsCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Print the workspace's totals: calls, cost in USD, tokens, and calls per failure category, per "
        "provider and per model."));
    addWorkspaceOptions(parser);
    parser.process(arguments);

    QTextStream err(stderr);
    const auto location = workspaceArgument(parser);
    if (!location)
        return kExitUsage;
    // Migrates an older workspace first, so that the totals come from the current schema.
    if (auto prepared = store::prepareWorkspace(*location); !prepared) {
        err << "switchboard-cli: " << prepared.error().message << '\n';
        return kExitFailure;
    }
    auto connection = store::Connection::open(*location);
    auto totals = connection ? analytics::readTotals(**connection) : std::unexpected(connection.error());
    if (!totals) {
        err << "switchboard-cli: " << totals.error().message << '\n';
        return kExitFailure;
    }
    QTextStream out(stdout);
    if (parser.isSet(QStringLiteral("json"))) {
        QJsonObject failures;
        for (const auto &[category, count] : totals->byFailure)
            failures.insert(category, count);
        QJsonObject root = toJson(totals->all);
        root.insert(QStringLiteral("failures"), failures);
        root.insert(QStringLiteral("providers"), toJson(totals->byProvider));
        root.insert(QStringLiteral("models"), toJson(totals->byModel));
        out << QJsonDocument(root).toJson(QJsonDocument::Indented);
        return kExitOk;
    }
    out << "calls     " << totals->all.calls << " (" << totals->all.failed << " failed)\n"
        << "cost      $" << QString::number(usd(totals->all.costMicros), 'f', 2) << '\n'
        << "tokens    " << totals->all.inputTokens << " in, " << totals->all.outputTokens << " out\n";
    for (const auto &[category, count] : totals->byFailure)
        out << "  " << category << ": " << count << '\n';
    for (const auto &[model, row] : totals->byModel)
        out << "model     " << model << ": " << row.calls << " calls, $" << QString::number(usd(row.costMicros), 'f', 2) << '\n';
    return kExitOk;
}

} // namespace switchboard::cli
