// switchboard-cli prices: the workspace's price table; list it, import LiteLLM's or
// Switchboard's own format, set one price by hand.
#include "commands.h"

#include "pricing/pricetable.h"
#include "store/connection.h"
#include "store/pricerepository.h"
#include "store/workspace.h"

#include <QCommandLineParser>
#include <QDate>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

namespace switchboard::cli {
namespace {

using namespace switchboard::core;

const char kUsage[] = "Usage: switchboard-cli prices list|import FILE|set KIND MODEL [options]\n";

QString dollars(qint64 microsPerMtok)
{
    return QString::number(static_cast<double>(microsPerMtok) / 1e6, 'g', 10);
}

std::optional<qint64> microsOption(const QCommandLineParser &parser, const QString &name, bool *ok)
{
    if (!parser.isSet(name))
        return std::nullopt;
    bool valid = false;
    const double value = parser.value(name).toDouble(&valid);
    if (!valid || value < 0)
        *ok = false;
    return std::llround(value * 1e6);
}

int list(store::PriceRepository &prices, bool json)
{
    auto rules = prices.list();
    if (!rules) {
        QTextStream(stderr) << "switchboard-cli: " << rules.error().message << '\n';
        return kExitFailure;
    }
    QTextStream out(stdout);
    QJsonArray array;
    for (const pricing::PriceRule &rule : *rules) {
        const QString starts = rule.startsMs ? QDateTime::fromMSecsSinceEpoch(rule.startsMs, Qt::UTC).date().toString(Qt::ISODate) : QString();
        if (json) {
            QJsonObject object { { QStringLiteral("provider"), nameOf(rule.provider) }, { QStringLiteral("value"), rule.value },
                                 { QStringLiteral("input_per_mtok_usd"), static_cast<double>(rule.price.inputPerMtokMicros) / 1e6 },
                                 { QStringLiteral("output_per_mtok_usd"), static_cast<double>(rule.price.outputPerMtokMicros) / 1e6 },
                                 { QStringLiteral("starts"), starts }, { QStringLiteral("source"), rule.source } };
            array.append(object);
        } else {
            out << nameOf(rule.provider) << '\t' << rule.value << "\t$" << dollars(rule.price.inputPerMtokMicros) << " in\t$"
                << dollars(rule.price.outputPerMtokMicros) << " out" << (starts.isEmpty() ? QString() : QLatin1String("\tfrom ") + starts)
                << '\t' << rule.source << '\n';
        }
    }
    if (json)
        out << QJsonDocument(array).toJson(QJsonDocument::Compact) << '\n';
    return kExitOk;
}

int import(store::PriceRepository &prices, const QString &path, const QString &format, bool json)
{
    QTextStream err(stderr);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        err << "switchboard-cli: cannot read " << path << ": " << file.errorString() << '\n';
        return kExitFailure;
    }
    const QString source = QStringLiteral("import:") + QFileInfo(path).fileName();
    const QByteArray bytes = file.readAll();
    auto read = format == QLatin1String("litellm") ? pricing::readLiteLlmPrices(bytes, source) : pricing::readPriceTable(bytes, source);
    if (!read) {
        err << "switchboard-cli: " << read.error().message << " Nothing was changed.\n";
        return kExitFailure;
    }
    auto held = prices.replaceSource(source, read->rules, qEnvironmentVariable("USER", QStringLiteral("cli")));
    if (!held) {
        err << "switchboard-cli: " << held.error().message << " Nothing was changed.\n";
        return kExitFailure;
    }
    QTextStream out(stdout);
    if (json) {
        out << QJsonDocument(QJsonObject { { QStringLiteral("source"), source }, { QStringLiteral("imported"), *held },
                                           { QStringLiteral("skipped"), QJsonArray::fromStringList(read->skipped) } })
                   .toJson(QJsonDocument::Compact)
            << '\n';
    } else {
        out << "Imported " << *held << " prices from " << path << " as " << source << "; skipped " << read->skipped.size()
            << " entries:\n";
        for (const QString &line : read->skipped)
            out << "  " << line << '\n';
    }
    return kExitOk;
}

int set(store::PriceRepository &prices, const QCommandLineParser &parser)
{
    QTextStream err(stderr);
    const QStringList args = parser.positionalArguments();
    const auto kind = args.size() == 3 ? providerKindFromString(args.at(1)) : std::nullopt;
    bool ok = true;
    const auto input = microsOption(parser, QStringLiteral("input"), &ok);
    const auto output = microsOption(parser, QStringLiteral("output"), &ok);
    pricing::PriceRule rule;
    rule.price.cacheReadPerMtokMicros = microsOption(parser, QStringLiteral("cache-read"), &ok);
    rule.price.cacheWritePerMtokMicros = microsOption(parser, QStringLiteral("cache-write"), &ok);
    const QString match = parser.value(QStringLiteral("match"));
    if (!kind || !input || !output || !ok
        || (match != QLatin1String("equals") && match != QLatin1String("starts_with") && match != QLatin1String("contains"))) {
        err << "switchboard-cli: prices set takes a provider kind (openai, anthropic, gemini, openai_compatible, simulated), a "
               "model name, --input and --output in dollars per million tokens, and optionally --cache-read, --cache-write, "
               "--starts yyyy-mm-dd and --match equals|starts_with|contains\n";
        return kExitUsage;
    }
    rule.provider = *kind;
    rule.value = args.at(2);
    rule.match = match == QLatin1String("equals") ? pricing::PriceRule::Match::Equals
        : match == QLatin1String("starts_with")   ? pricing::PriceRule::Match::StartsWith
                                                  : pricing::PriceRule::Match::Contains;
    rule.price.inputPerMtokMicros = *input;
    rule.price.outputPerMtokMicros = *output;
    if (parser.isSet(QStringLiteral("starts"))) {
        const QDate date = QDate::fromString(parser.value(QStringLiteral("starts")), Qt::ISODate);
        if (!date.isValid()) {
            err << "switchboard-cli: --starts takes a date as yyyy-mm-dd\n";
            return kExitUsage;
        }
        rule.startsMs = date.startOfDay(Qt::UTC).toMSecsSinceEpoch();
    }
    if (auto done = prices.set(rule, qEnvironmentVariable("USER", QStringLiteral("cli"))); !done) {
        err << "switchboard-cli: " << done.error().message << '\n';
        return kExitFailure;
    }
    QTextStream(stdout) << "Set " << nameOf(rule.provider) << ' ' << rule.value << ": $" << dollars(rule.price.inputPerMtokMicros)
                        << " in, $" << dollars(rule.price.outputPerMtokMicros) << " out per million tokens.\n";
    return kExitOk;
}

} // namespace

int runPricesCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "The workspace's price table. 'list' shows it; 'import FILE' reads LiteLLM's "
        "model_prices_and_context_window.json (--format litellm, the default) or Switchboard's own table "
        "(--format table) and reports what it skipped; 'set KIND MODEL' prices one model by hand. For the same "
        "match, your own prices beat imported ones, which beat the shipped table."));
    addWorkspaceOptions(parser);
    parser.addOption({ QStringLiteral("format"), QStringLiteral("import: litellm or table."), QStringLiteral("format"), QStringLiteral("litellm") });
    parser.addOption({ QStringLiteral("input"), QStringLiteral("set: dollars per million input tokens."), QStringLiteral("usd") });
    parser.addOption({ QStringLiteral("output"), QStringLiteral("set: dollars per million output tokens."), QStringLiteral("usd") });
    parser.addOption({ QStringLiteral("cache-read"), QStringLiteral("set: dollars per million cached input tokens."), QStringLiteral("usd") });
    parser.addOption({ QStringLiteral("cache-write"), QStringLiteral("set: dollars per million cache-write tokens."), QStringLiteral("usd") });
    parser.addOption({ QStringLiteral("starts"), QStringLiteral("set: the day the price starts (UTC)."), QStringLiteral("yyyy-mm-dd") });
    parser.addOption({ QStringLiteral("match"), QStringLiteral("set: equals, starts_with or contains."), QStringLiteral("how"), QStringLiteral("equals") });
    parser.addPositionalArgument(QStringLiteral("action"), QStringLiteral("list, import or set"));
    parser.process(arguments);

    QTextStream err(stderr);
    const QStringList args = parser.positionalArguments();
    const QString action = args.value(0);
    if (action != QLatin1String("list") && action != QLatin1String("import") && action != QLatin1String("set")) {
        err << kUsage;
        return kExitUsage;
    }
    const auto location = workspaceArgument(parser);
    if (!location)
        return kExitUsage;
    if (auto prepared = store::prepareWorkspace(*location); !prepared) {
        err << "switchboard-cli: " << prepared.error().message << '\n';
        return kExitFailure;
    }
    auto connection = store::Connection::open(*location);
    if (!connection) {
        err << "switchboard-cli: " << connection.error().message << '\n';
        return kExitFailure;
    }
    store::PriceRepository prices(**connection);
    const bool json = parser.isSet(QStringLiteral("json"));
    if (action == QLatin1String("list"))
        return list(prices, json);
    if (action == QLatin1String("import")) {
        if (args.size() != 2) {
            err << kUsage;
            return kExitUsage;
        }
        return import(prices, args.at(1), parser.value(QStringLiteral("format")), json);
    }
    return set(prices, parser);
}

} // namespace switchboard::cli
