// switchboard-cli provider: a workspace's providers, and their keys in the system keychain.
// A key is read from stdin, never from the command line (where ps and shell history see it).
#include "commands.h"

#include "providers/keychain.h"
#include "store/connection.h"
#include "store/providerrepository.h"
#include "store/workspace.h"

#include <QCommandLineParser>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#ifdef Q_OS_UNIX
#include <termios.h>
#include <unistd.h>
#endif

namespace switchboard::cli {
namespace {

using namespace switchboard::core;

const char kProviderUsage[] = R"(Usage: switchboard-cli provider SUBCOMMAND [options]

Subcommands:
  list      the workspace's providers and where their keys come from
  add       add a provider: add NAME --kind KIND [--base-url URL] [--key-env VAR | --keychain]
  set-key   store a provider's API key, read from stdin, in the system keychain: set-key NAME

'switchboard-cli provider SUBCOMMAND --help' describes a subcommand's options.
)";

QJsonObject toJson(const ProviderConfig &provider)
{
    return QJsonObject {
        { QStringLiteral("name"), provider.name },
        { QStringLiteral("kind"), nameOf(provider.kind) },
        { QStringLiteral("base_url"), provider.baseUrl },
        { QStringLiteral("key_source"), nameOf(provider.keySource) },
        { QStringLiteral("key_env"), provider.keyEnvVar },
        { QStringLiteral("enabled"), provider.enabled },
    };
}

QString keyOrigin(const ProviderConfig &provider)
{
    switch (provider.keySource) {
    case KeySource::None: return QStringLiteral("no key");
    case KeySource::Keychain: return QStringLiteral("keychain");
    case KeySource::Environment: return QStringLiteral("env %1").arg(provider.keyEnvVar);
    }
    return {};
}

// Opens the workspace's store after bringing it up to date; prints why not.
std::unique_ptr<store::Connection> openStore(const store::WorkspaceLocation &location)
{
    QTextStream err(stderr);
    if (auto prepared = store::prepareWorkspace(location); !prepared) {
        err << "switchboard-cli: " << prepared.error().message << '\n';
        return nullptr;
    }
    auto connection = store::Connection::open(location);
    if (!connection) {
        err << "switchboard-cli: " << connection.error().message << '\n';
        return nullptr;
    }
    return std::move(*connection);
}

// One line of stdin, without echo when it is a terminal.
QByteArray readKeyFromStdin(const QString &providerName)
{
    QFile in;
    if (!in.open(stdin, QIODevice::ReadOnly))
        return {};
#ifdef Q_OS_UNIX
    termios saved {};
    const bool terminal = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &saved) == 0;
    if (terminal) {
        QTextStream(stderr) << "API key for " << providerName << ": " << Qt::flush;
        termios quiet = saved;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    QByteArray key = in.readLine().trimmed();
    if (terminal) {
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
        QTextStream(stderr) << '\n';
    }
    return key;
#else
    Q_UNUSED(providerName);
    return in.readLine().trimmed();
#endif
}

int list(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("List the workspace's providers and where their keys come from."));
    addWorkspaceOptions(parser);
    parser.process(arguments);
    const auto location = workspaceArgument(parser);
    if (!location)
        return kExitUsage;
    auto connection = openStore(*location);
    if (!connection)
        return kExitFailure;
    auto providers = store::ProviderRepository(*connection).list();
    if (!providers) {
        QTextStream(stderr) << "switchboard-cli: " << providers.error().message << '\n';
        return kExitFailure;
    }
    QTextStream out(stdout);
    if (parser.isSet(QStringLiteral("json"))) {
        QJsonArray rows;
        for (const ProviderConfig &provider : *providers)
            rows.append(toJson(provider));
        out << QJsonDocument(rows).toJson(QJsonDocument::Indented);
        return kExitOk;
    }
    for (const ProviderConfig &provider : *providers)
        out << provider.name << "  " << nameOf(provider.kind) << "  " << keyOrigin(provider)
            << (provider.baseUrl.isEmpty() ? QString() : QStringLiteral("  ") + provider.baseUrl)
            << (provider.enabled ? QString() : QStringLiteral("  (disabled)")) << '\n';
    return kExitOk;
}

int add(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Add a provider to the workspace. Its key is read at call time from the environment variable "
        "--key-env names, or from the system keychain (--keychain; store it with 'provider set-key')."));
    addWorkspaceOptions(parser);
    parser.addOption({ QStringLiteral("kind"), QStringLiteral("openai, anthropic, gemini, openai_compatible or simulated."),
                       QStringLiteral("kind") });
    parser.addOption({ QStringLiteral("base-url"), QStringLiteral("The API's base URL (default: the kind's)."),
                       QStringLiteral("url") });
    parser.addOption({ QStringLiteral("key-env"), QStringLiteral("Read the key from this environment variable."),
                       QStringLiteral("var") });
    parser.addOption({ QStringLiteral("keychain"), QStringLiteral("Read the key from the system keychain.") });
    parser.addPositionalArgument(QStringLiteral("name"), QStringLiteral("The provider's name."));
    parser.process(arguments);

    QTextStream err(stderr);
    const auto location = workspaceArgument(parser);
    if (!location)
        return kExitUsage;
    const auto kind = providerKindFromString(parser.value(QStringLiteral("kind")));
    if (parser.positionalArguments().size() != 1 || !kind) {
        err << "switchboard-cli: provider add needs one NAME and --kind openai|anthropic|gemini|"
               "openai_compatible|simulated\n";
        return kExitUsage;
    }
    if (parser.isSet(QStringLiteral("key-env")) && parser.isSet(QStringLiteral("keychain"))) {
        err << "switchboard-cli: a key comes from --key-env or from --keychain, not both\n";
        return kExitUsage;
    }
    ProviderConfig provider;
    provider.name = parser.positionalArguments().constFirst();
    provider.kind = *kind;
    provider.baseUrl = parser.value(QStringLiteral("base-url"));
    if (parser.isSet(QStringLiteral("key-env"))) {
        provider.keySource = KeySource::Environment;
        provider.keyEnvVar = parser.value(QStringLiteral("key-env"));
    } else if (parser.isSet(QStringLiteral("keychain"))) {
        provider.keySource = KeySource::Keychain;
    }
    auto connection = openStore(*location);
    if (!connection)
        return kExitFailure;
    if (auto added = store::ProviderRepository(*connection).add(provider); !added) {
        err << "switchboard-cli: " << added.error().message << '\n';
        return kExitFailure;
    }
    if (parser.isSet(QStringLiteral("json")))
        QTextStream(stdout) << QJsonDocument(toJson(provider)).toJson(QJsonDocument::Compact) << '\n';
    if (provider.keySource == KeySource::Keychain)
        err << "Store its key with: switchboard-cli provider set-key " << provider.name << '\n';
    return kExitOk;
}

int setKey(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Read a provider's API key from stdin and store it in the system keychain; the provider then "
        "reads its key from there. The key is never written to the workspace."));
    addWorkspaceOptions(parser);
    parser.addPositionalArgument(QStringLiteral("name"), QStringLiteral("The provider's name."));
    parser.process(arguments);

    QTextStream err(stderr);
    const auto location = workspaceArgument(parser);
    if (!location)
        return kExitUsage;
    if (parser.positionalArguments().size() != 1) {
        err << "switchboard-cli: provider set-key needs the provider's NAME (the key comes from stdin)\n";
        return kExitUsage;
    }
    const QString name = parser.positionalArguments().constFirst();
    auto connection = openStore(*location);
    if (!connection)
        return kExitFailure;
    store::ProviderRepository repository(*connection);
    auto found = repository.findByName(name);
    if (!found || !*found) {
        err << "switchboard-cli: "
            << (found ? QStringLiteral("the workspace has no provider named '%1'; 'switchboard-cli provider list' "
                                       "lists what it has").arg(name)
                      : found.error().message)
            << '\n';
        return kExitFailure;
    }
    const QByteArray key = readKeyFromStdin(name);
    if (key.isEmpty()) {
        err << "switchboard-cli: no key on stdin; pipe it in, e.g. printenv OPENAI_API_KEY | switchboard-cli "
               "provider set-key " << name << '\n';
        return kExitFailure;
    }
    if (auto stored = providers::writeKeychainKey(name, key); !stored) {
        err << "switchboard-cli: " << stored.error().message << '\n';
        return kExitFailure;
    }
    ProviderConfig provider = **found;
    if (provider.keySource != KeySource::Keychain) {
        provider.keySource = KeySource::Keychain;
        provider.keyEnvVar.clear();
        if (auto updated = repository.update(provider); !updated) {
            err << "switchboard-cli: " << updated.error().message << '\n';
            return kExitFailure;
        }
    }
    err << "The key of " << name << " is in the system keychain.\n";
    return kExitOk;
}

} // namespace

int runProviderCommand(const QStringList &arguments)
{
    const QString sub = arguments.size() > 1 ? arguments.at(1) : QString();
    QStringList rest = arguments;
    if (rest.size() > 1)
        rest.removeAt(1);
    if (sub == QLatin1String("list"))
        return list(rest);
    if (sub == QLatin1String("add"))
        return add(rest);
    if (sub == QLatin1String("set-key"))
        return setKey(rest);
    if (sub == QLatin1String("--help") || sub == QLatin1String("-h")) {
        QTextStream(stdout) << kProviderUsage;
        return kExitOk;
    }
    QTextStream(stderr) << (sub.isEmpty() ? QString() : QStringLiteral("switchboard-cli: unknown provider subcommand '%1'.\n\n").arg(sub))
                        << kProviderUsage;
    return kExitUsage;
}

} // namespace switchboard::cli
