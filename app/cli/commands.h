#pragma once

#include "store/workspacelocation.h"

#include <QStringList>

#include <optional>

class QCommandLineParser;

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

} // namespace switchboard::cli
