#pragma once

#include <QStringList>

class QCommandLineParser;

// The commands of switchboard-cli. Each parses its own options from the arguments that
// follow the command name and returns the process exit code.
namespace switchboard::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

int runWorkspaceCommand(const QString &command, const QStringList &arguments); // init, info
int runSimCommand(const QStringList &arguments);                                // sim
int runStatsCommand(const QStringList &arguments);                              // stats

} // namespace switchboard::cli
