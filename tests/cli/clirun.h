#pragma once

// Runs the built switchboard-cli as a script does (SWITCHBOARD_CLI names it), for the CLI suites.
#include <QProcess>
#include <QStringList>

namespace switchboard::tests {

struct Ran
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

// switchboard-cli with the arguments, and "-w workspace" after them when one is given.
inline Ran runCli(QStringList arguments, const QString &workspace = {})
{
    if (!workspace.isEmpty())
        arguments << QStringLiteral("-w") << workspace;
    QProcess process;
    process.start(QStringLiteral(SWITCHBOARD_CLI), arguments);
    if (!process.waitForFinished(60000))
        return {};
    return { process.exitCode(), process.readAllStandardOutput(), process.readAllStandardError() };
}

} // namespace switchboard::tests
