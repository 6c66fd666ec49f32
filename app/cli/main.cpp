// switchboard-cli: scripting against a workspace.
#include "commands.h"
#include "model/productinfo.h"

#include <QCoreApplication>
#include <QTextStream>

namespace {

const char kUsage[] = R"(Usage: switchboard-cli COMMAND [options]

Commands:
  init   create a workspace (or bring an existing one up to date) and describe it
  info   describe an existing workspace
  stats  the workspace's totals: calls, cost, tokens, failures, per provider and model
  sim    serve the simulated provider on a loopback address
  demo   create a demo workspace with a week of simulated traffic
  prices the price table: list, import (LiteLLM's file or our own), set one price
  call   send one message to a workspace's provider through the executor, and record it
  provider  list and add providers; store a provider's API key in the system keychain
  prompts   list, show, export and import prompts (Switchboard, Langfuse, promptfoo); move labels
  keys      create, list and revoke gateway keys (tenant, aliases, rate limits, budgets)
  pins      list aliases and their snapshots, repin one with a reason, read its history
  rules     routing rule sets: list, show, save a file as a draft, activate, explain a call
  log       the request log through a filter (time, tenant, feature, status, failure, text, ...);
            'log import' brings in OpenAI-format logs or OTLP GenAI traces from elsewhere
  replay    run a logged call again, exactly or with one change, N times, and compare the answers
  bundle    export calls with what replaying them needs to one file; import such a file
  datasets  list datasets, show one, add logged calls to one with their answers as the reference
  eval      evaluate a prompt version on a dataset (against a baseline), for CI: JUnit XML, exit code
  gates     gates on prompt labels: moving one needs a passing eval run on a dataset
  alerts    list alerts and their rules, add a rule, acknowledge an alert, judge the rules now
  triage    one user's calls in a window: prompt versions, routes, fallbacks, failures; a redacted bundle

'switchboard-cli COMMAND --help' describes a command's options.
)";

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    switchboard::core::applyProductIdentity();

    QStringList arguments = QCoreApplication::arguments();
    const QString command = arguments.size() > 1 ? arguments.at(1) : QString();
    if (command == QLatin1String("--version") || command == QLatin1String("-v")) {
        QTextStream(stdout) << "switchboard-cli " << switchboard::core::productVersion() << '\n';
        return switchboard::cli::kExitOk;
    }
    if (command.isEmpty() || command == QLatin1String("--help") || command == QLatin1String("-h")) {
        QTextStream(command.isEmpty() ? stderr : stdout) << kUsage;
        return command.isEmpty() ? switchboard::cli::kExitUsage : switchboard::cli::kExitOk;
    }
    arguments.removeAt(1); // the command's own parser sees "switchboard-cli --its --options"
    if (command == QLatin1String("init") || command == QLatin1String("info"))
        return switchboard::cli::runWorkspaceCommand(command, arguments);
    if (command == QLatin1String("sim"))
        return switchboard::cli::runSimCommand(arguments);
    if (command == QLatin1String("prices"))
        return switchboard::cli::runPricesCommand(arguments);
    if (command == QLatin1String("call"))
        return switchboard::cli::runCallCommand(arguments);
    if (command == QLatin1String("demo"))
        return switchboard::cli::runDemoCommand(arguments);
    if (command == QLatin1String("provider"))
        return switchboard::cli::runProviderCommand(arguments);
    if (command == QLatin1String("prompts"))
        return switchboard::cli::runPromptsCommand(arguments);
    if (command == QLatin1String("keys"))
        return switchboard::cli::runKeysCommand(arguments);
    if (command == QLatin1String("pins"))
        return switchboard::cli::runPinsCommand(arguments);
    if (command == QLatin1String("rules"))
        return switchboard::cli::runRulesCommand(arguments);
    if (command == QLatin1String("log") && arguments.value(1) == QLatin1String("import"))
        return switchboard::cli::runLogImportCommand(arguments);
    if (command == QLatin1String("log"))
        return switchboard::cli::runLogCommand(arguments);
    if (command == QLatin1String("triage"))
        return switchboard::cli::runTriageCommand(arguments);
    if (command == QLatin1String("datasets"))
        return switchboard::cli::runDatasetsCommand(arguments);
    if (command == QLatin1String("eval"))
        return switchboard::cli::runEvalCommand(arguments);
    if (command == QLatin1String("gates"))
        return switchboard::cli::runGatesCommand(arguments);
    if (command == QLatin1String("alerts"))
        return switchboard::cli::runAlertsCommand(arguments);
    if (command == QLatin1String("bundle"))
        return switchboard::cli::runBundleCommand(arguments);
    if (command == QLatin1String("replay"))
        return switchboard::cli::runReplayCommand(arguments);
    if (command == QLatin1String("stats"))
        return switchboard::cli::runStatsCommand(arguments);
    QTextStream(stderr) << "switchboard-cli: unknown command '" << command << "'.\n\n" << kUsage;
    return switchboard::cli::kExitUsage;
}
