#include "store/pricerepository.h"

#include "pricing/pricetable.h"
#include "store/auditlogrepository.h"
#include "store/connection.h"
#include "store/workspaceinforepository.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>

namespace switchboard::core::store {
namespace {

constexpr auto kShippedVersionKey = "prices_shipped";
constexpr auto kRank = "CASE WHEN %1 = 'user' THEN 2 WHEN %1 LIKE 'import:%' THEN 1 ELSE 0 END";

QString matchName(pricing::PriceRule::Match match)
{
    switch (match) {
    case pricing::PriceRule::Match::Equals: return QStringLiteral("equals");
    case pricing::PriceRule::Match::StartsWith: return QStringLiteral("starts_with");
    case pricing::PriceRule::Match::Contains: return QStringLiteral("contains");
    }
    return {};
}

std::optional<pricing::PriceRule::Match> matchFromName(const QString &name)
{
    for (const auto match : { pricing::PriceRule::Match::Equals, pricing::PriceRule::Match::StartsWith,
                              pricing::PriceRule::Match::Contains }) {
        if (matchName(match) == name)
            return match;
    }
    return std::nullopt;
}

std::optional<qint64> optionalAt(const QSqlQuery &row, int column)
{
    return row.isNull(column) ? std::nullopt : std::optional<qint64>(row.value(column).toLongLong());
}

QString shippedVersion(const std::vector<pricing::PriceRule> &rules)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (const pricing::PriceRule &rule : rules) {
        hash.addData(QStringLiteral("%1|%2|%3|%4|%5|%6|%7|%8;")
                         .arg(nameOf(rule.provider), matchName(rule.match), rule.value)
                         .arg(rule.price.inputPerMtokMicros)
                         .arg(rule.price.outputPerMtokMicros)
                         .arg(rule.price.cacheReadPerMtokMicros.value_or(-1))
                         .arg(rule.price.cacheWritePerMtokMicros.value_or(-1))
                         .arg(rule.startsMs)
                         .toUtf8());
    }
    return QString::fromLatin1(hash.result().toHex().left(16));
}

} // namespace

Result<std::vector<pricing::PriceRule>> PriceRepository::list()
{
    auto query = m_connection.exec(QStringLiteral(
        "SELECT provider_kind, match_kind, match_value, input_per_mtok_micros, output_per_mtok_micros, "
        "cache_read_per_mtok_micros, cache_write_per_mtok_micros, starts_ms, source FROM prices "
        "ORDER BY provider_kind, match_value, starts_ms"));
    if (!query)
        return std::unexpected(query.error());
    std::vector<pricing::PriceRule> rules;
    while (query->next()) {
        const auto kind = providerKindFromString(query->value(0).toString());
        const auto match = matchFromName(query->value(1).toString());
        if (!kind || !match)
            continue; // written by a newer Switchboard: not ours to price with
        pricing::PriceRule rule;
        rule.provider = *kind;
        rule.match = *match;
        rule.value = query->value(2).toString();
        rule.price = { query->value(3).toLongLong(), query->value(4).toLongLong(), optionalAt(*query, 5), optionalAt(*query, 6) };
        rule.startsMs = query->value(7).toLongLong();
        rule.source = query->value(8).toString();
        rules.push_back(std::move(rule));
    }
    if (auto read = m_connection.readCompleted(*query); !read)
        return std::unexpected(read.error());
    return rules;
}

Result<pricing::PriceBook> PriceRepository::loadPriceBook()
{
    auto rules = list();
    if (!rules)
        return std::unexpected(rules.error());
    pricing::PriceBook book;
    book.add(*rules);
    return book;
}

Result<void> PriceRepository::insert(const pricing::PriceRule &rule)
{
    // A write replaces a row of the same match only when its source ranks as high or higher.
    const QString sql = QStringLiteral(
        "INSERT INTO prices (provider_kind, match_kind, match_value, input_per_mtok_micros, output_per_mtok_micros, "
        "cache_read_per_mtok_micros, cache_write_per_mtok_micros, starts_ms, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (provider_kind, match_kind, match_value, starts_ms) DO UPDATE SET "
        "input_per_mtok_micros = excluded.input_per_mtok_micros, output_per_mtok_micros = excluded.output_per_mtok_micros, "
        "cache_read_per_mtok_micros = excluded.cache_read_per_mtok_micros, "
        "cache_write_per_mtok_micros = excluded.cache_write_per_mtok_micros, source = excluded.source "
        "WHERE %1 >= %2")
                            .arg(QString::fromLatin1(kRank).arg(QStringLiteral("excluded.source")),
                                 QString::fromLatin1(kRank).arg(QStringLiteral("prices.source")));
    auto done = m_connection.exec(sql, { nameOf(rule.provider), matchName(rule.match), rule.value, rule.price.inputPerMtokMicros,
                                         rule.price.outputPerMtokMicros, nullableValue(rule.price.cacheReadPerMtokMicros),
                                         nullableValue(rule.price.cacheWritePerMtokMicros), rule.startsMs, rule.source });
    if (!done)
        return std::unexpected(done.error());
    return {};
}

Result<void> PriceRepository::set(const pricing::PriceRule &rule, const QString &actor)
{
    if (rule.value.isEmpty() || rule.price.inputPerMtokMicros < 0 || rule.price.outputPerMtokMicros < 0)
        return fail(ErrorCode::InvalidArgument,
                    QStringLiteral("A price needs a model name to match and prices of zero or more."));
    return m_connection.writeTransaction([&]() -> Result<void> {
        pricing::PriceRule user = rule;
        user.source = QStringLiteral("user");
        if (auto done = insert(user); !done)
            return done;
        AuditEntry entry;
        entry.atMs = QDateTime::currentMSecsSinceEpoch();
        entry.actor = actor;
        entry.action = QStringLiteral("price.set");
        entry.subjectKind = QStringLiteral("price");
        entry.subject = nameOf(rule.provider) + QLatin1Char('/') + rule.value;
        entry.detailsJson = QString::fromUtf8(QJsonDocument(QJsonObject {
            { QStringLiteral("match"), matchName(rule.match) },
            { QStringLiteral("input_per_mtok_micros"), rule.price.inputPerMtokMicros },
            { QStringLiteral("output_per_mtok_micros"), rule.price.outputPerMtokMicros },
            { QStringLiteral("starts_ms"), rule.startsMs } }).toJson(QJsonDocument::Compact));
        auto appended = AuditLogRepository(m_connection).append(entry);
        if (!appended)
            return std::unexpected(appended.error());
        return {};
    });
}

Result<qint64> PriceRepository::replaceSource(const QString &source, const std::vector<pricing::PriceRule> &rules,
                                              const QString &actor)
{
    qint64 held = 0;
    auto written = m_connection.writeTransaction([&]() -> Result<void> {
        if (auto removed = m_connection.exec(QStringLiteral("DELETE FROM prices WHERE source = ?"), { source }); !removed)
            return std::unexpected(removed.error());
        for (pricing::PriceRule rule : rules) {
            rule.source = source;
            if (auto done = insert(rule); !done)
                return done;
        }
        auto count = m_connection.exec(QStringLiteral("SELECT COUNT(*) FROM prices WHERE source = ?"), { source });
        if (!count)
            return std::unexpected(count.error());
        count->next();
        held = count->value(0).toLongLong();
        if (actor.isEmpty())
            return {}; // the program's own table, brought up to date: not a change anyone made
        AuditEntry entry;
        entry.atMs = QDateTime::currentMSecsSinceEpoch();
        entry.actor = actor;
        entry.action = QStringLiteral("prices.replace");
        entry.subjectKind = QStringLiteral("price");
        entry.subject = source;
        entry.detailsJson = QString::fromUtf8(QJsonDocument(QJsonObject { { QStringLiteral("rules"), held } }).toJson(QJsonDocument::Compact));
        auto appended = AuditLogRepository(m_connection).append(entry);
        if (!appended)
            return std::unexpected(appended.error());
        return {};
    });
    if (!written)
        return std::unexpected(written.error());
    return held;
}

Result<void> PriceRepository::seedShipped()
{
    auto shipped = pricing::shippedPrices();
    if (!shipped)
        return std::unexpected(shipped.error());
    const QString version = shippedVersion(*shipped);
    WorkspaceInfoRepository info(m_connection);
    auto held = info.get(QString::fromLatin1(kShippedVersionKey));
    if (!held)
        return std::unexpected(held.error());
    if (*held == version)
        return {};
    if (auto replaced = replaceSource(QStringLiteral("shipped"), *shipped, QString()); !replaced)
        return std::unexpected(replaced.error());
    return info.put(QString::fromLatin1(kShippedVersionKey), version);
}

} // namespace switchboard::core::store
