#pragma once

#include "model/error.h"
#include "store/workspacelocation.h"

#include <memory>

#include <QStringList>

#include <optional>

class QCommandLineParser;

namespace switchboard::core::store {
class Connection;
}

// The commands of switchboard-cli. Each parses its own options from the arguments that
// follow the command name and returns the process exit code.
namespace switchboard::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

// The options every workspace command takes (--workspace, --json), and the workspace they
// name; on a bad value, prints why and returns nothing.
void addWorkspaceOptions(QCommandLineParser &parser);
std::optional<core::store::WorkspaceLocation> workspaceArgument(const QCommandLineParser &parser);
// The workspace the command line names, brought up to date and opened; on failure prints why,
// sets exitCode and returns nothing.
std::unique_ptr<core::store::Connection> openWorkspace(const QCommandLineParser &parser, int &exitCode);
// Prints "switchboard-cli: " and the error's message (and `after`), and returns kExitFailure.
int reportFailure(const core::Error &error, const char *after = "");
// Writes the bytes to the file (whole or not at all) or, for "-" or no path, to standard
// output; on failure prints why.
bool writeOutput(const QString &path, const QByteArray &bytes);

int runWorkspaceCommand(const QString &command, const QStringList &arguments); // init, info
int runSimCommand(const QStringList &arguments);                                // sim
int runStatsCommand(const QStringList &arguments);                              // stats
int runDemoCommand(const QStringList &arguments);                               // demo
int runCallCommand(const QStringList &arguments);                               // call
int runPricesCommand(const QStringList &arguments);                             // prices
int runProviderCommand(const QStringList &arguments);                           // provider
int runPromptsCommand(const QStringList &arguments);                            // prompts
int runKeysCommand(const QStringList &arguments);                               // keys
int runPinsCommand(const QStringList &arguments);                               // pins
int runRulesCommand(const QStringList &arguments);                              // rules
int runLogCommand(const QStringList &arguments);                                // log
int runLogImportCommand(const QStringList &arguments);                          // log import
int runReplayCommand(const QStringList &arguments);                             // replay
int runBundleCommand(const QStringList &arguments);                             // bundle
int runDatasetsCommand(const QStringList &arguments);                           // datasets
int runTriageCommand(const QStringList &arguments);                             // triage
int runAlertsCommand(const QStringList &arguments);                             // alerts
int runEvalCommand(const QStringList &arguments);                               // eval
int runGatesCommand(const QStringList &arguments);                              // gates

} // namespace switchboard::cli
