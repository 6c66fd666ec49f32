// switchboard-cli keys: the gateway keys of a workspace; create one (shown once), list them,
// revoke one.
#include "commands.h"

#include "model/localauthor.h"
#include "store/connection.h"
#include "store/gatewaykeyrepository.h"
#include "store/workspace.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <cmath>

namespace switchboard::cli {
namespace {

using namespace switchboard::core;

const char kUsage[] = "Usage: switchboard-cli keys create --tenant T [--name N] [--alias A]... [--rpm N] [--tpm N]\n"
                      "                                   [--budget-usd-per-day X] [--budget-usd-per-month X]\n"
                      "       switchboard-cli keys list | revoke NAME --reason R   [--workspace W] [--json]\n";

QJsonObject describe(const gateway::GatewayKey &key)
{
    const auto usd = [](const std::optional<qint64> &micros) {
        return micros ? QJsonValue(static_cast<double>(*micros) / 1e6) : QJsonValue();
    };
    return { { QStringLiteral("name"), key.name },
             { QStringLiteral("prefix"), key.prefix },
             { QStringLiteral("tenant"), key.tenant },
             { QStringLiteral("aliases"), QJsonArray::fromStringList(key.allowedAliases) },
             { QStringLiteral("requests_per_minute"), key.requestsPerMinute },
             { QStringLiteral("tokens_per_minute"), key.tokensPerMinute },
             { QStringLiteral("budget_usd_per_day"), usd(key.budgetMicrosPerDay) },
             { QStringLiteral("budget_usd_per_month"), usd(key.budgetMicrosPerMonth) },
             { QStringLiteral("created_ms"), key.createdMs },
             { QStringLiteral("revoked_ms"), key.revokedMs ? QJsonValue(*key.revokedMs) : QJsonValue() } };
}

// "12.5" -> 12,500,000 micro-dollars; nullopt (and a message) for anything else.
std::optional<qint64> dollars(const QCommandLineParser &parser, const QString &option, bool &ok)
{
    if (!parser.isSet(option))
        return std::nullopt;
    bool number = false;
    const double value = parser.value(option).toDouble(&number);
    if (!number || !(value > 0) || !std::isfinite(value)) {
        QTextStream(stderr) << "switchboard-cli: --" << option << " wants an amount in US dollars above 0, such as 25 or 0.50\n";
        ok = false;
        return std::nullopt;
    }
    return static_cast<qint64>(std::llround(value * 1e6));
}

std::optional<qint64> count(const QCommandLineParser &parser, const QString &option, bool &ok)
{
    if (!parser.isSet(option))
        return 0;
    bool number = false;
    const qint64 value = parser.value(option).toLongLong(&number);
    if (!number || value < 0) {
        QTextStream(stderr) << "switchboard-cli: --" << option << " wants a whole number (0: no limit)\n";
        ok = false;
    }
    return value;
}

// The key the options describe; nothing (after saying why) when an option is malformed.
std::optional<gateway::GatewayKey> keyFromOptions(const QCommandLineParser &parser)
{
    gateway::GatewayKey key;
    key.tenant = parser.value(QStringLiteral("tenant"));
    key.name = parser.isSet(QStringLiteral("name")) ? parser.value(QStringLiteral("name"))
                                                    : key.tenant + QLatin1String("-") + QString::number(QDateTime::currentSecsSinceEpoch());
    key.allowedAliases = parser.values(QStringLiteral("alias"));
    bool ok = true;
    key.requestsPerMinute = count(parser, QStringLiteral("rpm"), ok).value_or(0);
    key.tokensPerMinute = count(parser, QStringLiteral("tpm"), ok).value_or(0);
    key.budgetMicrosPerDay = dollars(parser, QStringLiteral("budget-usd-per-day"), ok);
    key.budgetMicrosPerMonth = dollars(parser, QStringLiteral("budget-usd-per-month"), ok);
    if (!ok)
        return std::nullopt;
    return key;
}

int create(store::GatewayKeyRepository &repository, const gateway::GatewayKey &key, bool json)
{
    auto created = repository.create(key, localAuthor());
    if (!created)
        return reportFailure(created.error());
    QTextStream out(stdout);
    if (json) {
        QJsonObject object = describe(created->key);
        object.insert(QStringLiteral("key"), QString::fromLatin1(created->secret));
        out << QJsonDocument(object).toJson(QJsonDocument::Compact) << '\n';
    } else {
        out << created->secret << '\n';
        QTextStream(stderr) << "Key \"" << created->key.name << "\" for tenant \"" << created->key.tenant
                            << "\" created. This is the only time it is shown: store it now.\n";
    }
    return kExitOk;
}

int list(store::GatewayKeyRepository &repository, bool json)
{
    auto keys = repository.list();
    if (!keys)
        return reportFailure(keys.error());
    QTextStream out(stdout);
    QJsonArray array;
    for (const gateway::GatewayKey &key : *keys) {
        if (json) {
            array.append(describe(key));
            continue;
        }
        out << key.name << '\t' << key.prefix << "...\t" << key.tenant << '\t'
            << (key.revokedMs ? QStringLiteral("revoked") : QStringLiteral("active")) << '\t'
            << (key.requestsPerMinute ? QString::number(key.requestsPerMinute) + QLatin1String(" rpm") : QStringLiteral("no rpm limit"))
            << '\t'
            << (key.budgetMicrosPerDay ? QStringLiteral("$%1/day").arg(static_cast<double>(*key.budgetMicrosPerDay) / 1e6, 0, 'f', 2)
                                       : QStringLiteral("no daily budget"))
            << '\n';
    }
    if (json)
        out << QJsonDocument(array).toJson(QJsonDocument::Compact) << '\n';
    return kExitOk;
}

} // namespace

int runKeysCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("The gateway keys of a workspace. A key carries its tenant, the aliases "
                                                    "it may call, rate limits and budgets; the workspace keeps only its hash."));
    addWorkspaceOptions(parser);
    parser.addOption({ QStringLiteral("tenant"), QStringLiteral("The tenant the key's calls count under."), QStringLiteral("name") });
    parser.addOption({ QStringLiteral("name"), QStringLiteral("A name for the key (default: tenant and time)."), QStringLiteral("name") });
    parser.addOption({ QStringLiteral("alias"), QStringLiteral("An alias the key may call (repeat; default: all)."), QStringLiteral("alias") });
    parser.addOption({ QStringLiteral("rpm"), QStringLiteral("Requests per minute (0: no limit)."), QStringLiteral("n") });
    parser.addOption({ QStringLiteral("tpm"), QStringLiteral("Tokens per minute (0: no limit)."), QStringLiteral("n") });
    parser.addOption({ QStringLiteral("budget-usd-per-day"), QStringLiteral("Refuse calls past this spend per UTC day."), QStringLiteral("usd") });
    parser.addOption({ QStringLiteral("budget-usd-per-month"), QStringLiteral("Refuse calls past this spend per UTC month."), QStringLiteral("usd") });
    parser.addOption({ QStringLiteral("reason"), QStringLiteral("Why the key is revoked (for the audit log)."), QStringLiteral("text") });
    parser.addPositionalArgument(QStringLiteral("action"), QStringLiteral("create, list or revoke"));
    parser.process(arguments);

    const QStringList positional = parser.positionalArguments();
    const QString action = positional.value(0);
    const bool usageOk = (action == QLatin1String("create") && positional.size() == 1 && parser.isSet(QStringLiteral("tenant")))
                         || (action == QLatin1String("list") && positional.size() == 1)
                         || (action == QLatin1String("revoke") && positional.size() == 2);
    if (!usageOk) {
        QTextStream(stderr) << kUsage;
        return kExitUsage;
    }
    std::optional<gateway::GatewayKey> key;
    if (action == QLatin1String("create") && !(key = keyFromOptions(parser)))
        return kExitUsage;
    int exitCode = kExitOk;
    const auto connection = openWorkspace(parser, exitCode);
    if (!connection)
        return exitCode;
    store::GatewayKeyRepository repository(*connection);
    const bool json = parser.isSet(QStringLiteral("json"));
    if (action == QLatin1String("create"))
        return create(repository, *key, json);
    if (action == QLatin1String("list"))
        return list(repository, json);
    if (auto revoked = repository.revoke(positional.at(1), parser.value(QStringLiteral("reason")), localAuthor()); !revoked)
        return reportFailure(revoked.error());
    QTextStream(stderr) << "Key \"" << positional.at(1) << "\" revoked; the gateway refuses it within a second.\n";
    return kExitOk;
}

} // namespace switchboard::cli
