#include "store/callfilter.h"

#include <QDateTime>
#include <QLocale>
#include <QRegularExpression>

namespace switchboard::core::store {
namespace {

constexpr qint64 kMinute = 60'000;

const QStringList &knownKeys()
{
    static const QStringList keys {
        QStringLiteral("since"),  QStringLiteral("until"),   QStringLiteral("tenant"),   QStringLiteral("user"),
        QStringLiteral("feature"), QStringLiteral("key"),    QStringLiteral("prompt"),   QStringLiteral("alias"),
        QStringLiteral("provider"), QStringLiteral("model"), QStringLiteral("status"),   QStringLiteral("failure"),
        QStringLiteral("origin"), QStringLiteral("cache"),   QStringLiteral("latency"),  QStringLiteral("cost"),
    };
    return keys;
}

// A term as typed: `key:value`, `key>value`, `key<value`, or text (a word or a "phrase").
struct Term
{
    QString key;
    QChar op; // ':', '>' or '<'; null for text
    QString value;
    bool quoted = false;
};

std::vector<Term> split(QStringView query)
{
    std::vector<Term> terms;
    qsizetype i = 0;
    const qsizetype n = query.size();
    const auto readValue = [&](bool &quoted) {
        QString value;
        quoted = i < n && query[i] == u'"';
        if (quoted) {
            for (++i; i < n && query[i] != u'"'; ++i)
                value += query[i];
            ++i; // the closing quote, if there is one
        } else {
            for (; i < n && !query[i].isSpace(); ++i)
                value += query[i];
        }
        return value;
    };
    while (i < n) {
        if (query[i].isSpace()) {
            ++i;
            continue;
        }
        Term term;
        if (query[i] == u'"') {
            term.value = readValue(term.quoted);
            terms.push_back(term);
            continue;
        }
        const qsizetype start = i;
        while (i < n && (query[i].isLetter() || query[i] == u'_'))
            ++i;
        if (i > start && i < n && (query[i] == u':' || query[i] == u'>' || query[i] == u'<')) {
            term.key = query.sliced(start, i - start).toString().toLower();
            term.op = query[i++];
            term.value = readValue(term.quoted);
        } else {
            i = start;
            term.value = readValue(term.quoted);
        }
        terms.push_back(term);
    }
    return terms;
}

QString quoteIfNeeded(const QString &value)
{
    if (!value.isEmpty() && !value.contains(u' ') && !value.contains(u'"'))
        return value;
    QString inner = value;
    inner.remove(u'"');
    return u'"' + inner + u'"';
}

// "2s", "500ms", "1.5m", "24h", "7d"; a bare number is in `bareUnitMs`.
std::optional<qint64> durationMs(const QString &text, double bareUnitMs)
{
    static const QRegularExpression pattern(QStringLiteral("^([0-9]+(?:\\.[0-9]+)?)(ms|s|m|h|d)?$"));
    const auto match = pattern.match(text.toLower());
    if (!match.hasMatch())
        return std::nullopt;
    const double number = match.captured(1).toDouble();
    const QString unit = match.captured(2);
    const double unitMs = unit == QLatin1String("ms") ? 1
                          : unit == QLatin1String("s") ? 1000
                          : unit == QLatin1String("m") ? 60'000
                          : unit == QLatin1String("h") ? 3'600'000
                          : unit == QLatin1String("d") ? 86'400'000
                                                       : bareUnitMs;
    return static_cast<qint64>(number * unitMs);
}

QString durationText(qint64 ms)
{
    if (ms % 86'400'000 == 0)
        return QString::number(ms / 86'400'000) + u'd';
    if (ms % 3'600'000 == 0)
        return QString::number(ms / 3'600'000) + u'h';
    if (ms % kMinute == 0)
        return QString::number(ms / kMinute) + u'm';
    if (ms % 1000 == 0)
        return QString::number(ms / 1000) + u's';
    return QString::number(ms) + QLatin1String("ms");
}

std::optional<qint64> instantMs(const QString &text)
{
    QDateTime at = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!at.isValid())
        at = QDateTime::fromString(text, Qt::ISODate);
    if (!at.isValid())
        return std::nullopt;
    return at.toMSecsSinceEpoch();
}

QString instantText(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODate);
}

std::optional<qint64> usdMicros(QString text)
{
    if (text.startsWith(u'$'))
        text.remove(0, 1);
    bool ok = false;
    const double usd = text.toDouble(&ok);
    if (!ok || usd < 0)
        return std::nullopt;
    return static_cast<qint64>(std::llround(usd * 1e6));
}

QString usdText(qint64 micros)
{
    QString text = QString::number(static_cast<double>(micros) / 1e6, 'f', 6);
    while (text.endsWith(u'0'))
        text.chop(1);
    if (text.endsWith(u'.'))
        text.chop(1);
    return text;
}

Result<CallFilter> invalid(const Term &term, const QString &accepts)
{
    return fail(ErrorCode::InvalidArgument, QStringLiteral("\"%1%2%3\" is not a filter: %4 takes %5.")
                                             .arg(term.key, QString(term.op), term.value, term.key, accepts));
}

template <typename Enum, typename Names>
QString namesOf(const Names &all)
{
    QStringList names;
    for (Enum value : all)
        names << nameOf(value);
    return names.join(QLatin1String(", "));
}

} // namespace

Result<CallFilter> CallFilter::parse(QStringView query)
{
    CallFilter filter;
    QStringList text;
    for (const Term &term : split(query)) {
        if (term.key.isEmpty()) {
            if (!term.value.isEmpty())
                text << (term.quoted ? u'"' + term.value + u'"' : term.value);
            continue;
        }
        const QString &key = term.key;
        const QString &value = term.value;
        if (!knownKeys().contains(key))
            return fail(ErrorCode::InvalidArgument,
                        QStringLiteral("\"%1\" is not a filter. Filters are %2; put text that contains a colon in quotes.")
                            .arg(key, knownKeys().join(QLatin1String(", "))));
        const bool range = key == QLatin1String("latency") || key == QLatin1String("cost");
        if (range != (term.op != u':'))
            return invalid(term, range ? QStringLiteral("> or < and a value, as in latency>2s or cost<0.05")
                                       : QStringLiteral("a colon and a value, as in %1:value").arg(key));
        if (value.isEmpty())
            return invalid(term, QStringLiteral("a value"));
        if (key == QLatin1String("since")) {
            if (const auto ago = durationMs(value, kMinute))
                filter.sinceAgoMs = *ago;
            else if (const auto at = instantMs(value))
                filter.sinceMs = *at;
            else
                return invalid(term, QStringLiteral("a time back from now (15m, 24h, 7d) or a date and time (2026-11-22T15:00)"));
        } else if (key == QLatin1String("until")) {
            const auto at = instantMs(value);
            if (!at)
                return invalid(term, QStringLiteral("a date and time (2026-11-22T16:00)"));
            filter.untilMs = *at;
        } else if (key == QLatin1String("tenant")) {
            filter.tenant = value;
        } else if (key == QLatin1String("user")) {
            filter.userId = value;
        } else if (key == QLatin1String("feature")) {
            filter.feature = value;
        } else if (key == QLatin1String("key")) {
            bool ok = false;
            filter.gatewayKeyId = value.toLongLong(&ok);
            if (!ok)
                return invalid(term, QStringLiteral("a gateway key's number"));
        } else if (key == QLatin1String("prompt")) {
            const qsizetype at = value.lastIndexOf(u'@');
            filter.promptName = at < 0 ? value : value.left(at);
            if (at >= 0) {
                bool ok = false;
                filter.promptVersion = value.mid(at + 1).toInt(&ok);
                if (!ok || filter.promptName.isEmpty())
                    return invalid(term, QStringLiteral("a prompt's name, or name@version"));
            }
        } else if (key == QLatin1String("alias")) {
            filter.alias = value;
        } else if (key == QLatin1String("provider")) {
            filter.provider = value;
        } else if (key == QLatin1String("model")) {
            filter.model = value;
        } else if (key == QLatin1String("status")) {
            filter.status = callStatusFromString(value.toLower());
            if (!filter.status)
                return invalid(term, QStringLiteral("ok, failed or partial"));
        } else if (key == QLatin1String("failure")) {
            filter.failure = failureCategoryFromString(value.toLower());
            if (!filter.failure)
                return invalid(term, namesOf<FailureCategory>(kAllFailureCategories));
        } else if (key == QLatin1String("origin")) {
            filter.origin = callOriginFromString(value.toLower());
            if (!filter.origin)
                return invalid(term, QStringLiteral("gateway, playground, replay, eval or shadow"));
        } else if (key == QLatin1String("cache")) {
            if (value == QLatin1String("hit") || value == QLatin1String("miss"))
                filter.cacheHit = value == QLatin1String("hit");
            else
                return invalid(term, QStringLiteral("hit or miss"));
        } else if (key == QLatin1String("latency")) {
            const auto ms = durationMs(value, 1);
            if (!ms)
                return invalid(term, QStringLiteral("a duration (500ms, 2s; a bare number is milliseconds)"));
            (term.op == u'>' ? filter.minLatencyUs : filter.maxLatencyUs) = *ms * 1000;
        } else if (key == QLatin1String("cost")) {
            const auto micros = usdMicros(value);
            if (!micros)
                return invalid(term, QStringLiteral("an amount in US dollars (0.01, $1.50)"));
            (term.op == u'>' ? filter.minCostMicros : filter.maxCostMicros) = *micros;
        }
    }
    filter.text = text.join(u' ');
    return filter;
}

std::vector<CallFilterChip> CallFilter::chips() const
{
    std::vector<CallFilterChip> chips;
    const auto add = [&](const QString &label, auto clear) {
        CallFilter without = *this;
        clear(without);
        chips.push_back({ label, std::move(without) });
    };
    if (sinceAgoMs)
        add(QStringLiteral("since:") + durationText(*sinceAgoMs), [](CallFilter &f) { f.sinceAgoMs.reset(); });
    if (sinceMs)
        add(QStringLiteral("since:") + instantText(*sinceMs), [](CallFilter &f) { f.sinceMs.reset(); });
    if (untilMs)
        add(QStringLiteral("until:") + instantText(*untilMs), [](CallFilter &f) { f.untilMs.reset(); });
    if (!tenant.isEmpty())
        add(QStringLiteral("tenant:") + quoteIfNeeded(tenant), [](CallFilter &f) { f.tenant.clear(); });
    if (!userId.isEmpty())
        add(QStringLiteral("user:") + quoteIfNeeded(userId), [](CallFilter &f) { f.userId.clear(); });
    if (!feature.isEmpty())
        add(QStringLiteral("feature:") + quoteIfNeeded(feature), [](CallFilter &f) { f.feature.clear(); });
    if (gatewayKeyId)
        add(QStringLiteral("key:") + QString::number(*gatewayKeyId), [](CallFilter &f) { f.gatewayKeyId.reset(); });
    if (!promptName.isEmpty())
        add(QStringLiteral("prompt:") + quoteIfNeeded(promptVersion ? promptName + u'@' + QString::number(*promptVersion) : promptName),
            [](CallFilter &f) {
                f.promptName.clear();
                f.promptVersion.reset();
            });
    if (!alias.isEmpty())
        add(QStringLiteral("alias:") + quoteIfNeeded(alias), [](CallFilter &f) { f.alias.clear(); });
    if (!provider.isEmpty())
        add(QStringLiteral("provider:") + quoteIfNeeded(provider), [](CallFilter &f) { f.provider.clear(); });
    if (!model.isEmpty())
        add(QStringLiteral("model:") + quoteIfNeeded(model), [](CallFilter &f) { f.model.clear(); });
    if (status)
        add(QStringLiteral("status:") + nameOf(*status), [](CallFilter &f) { f.status.reset(); });
    if (failure)
        add(QStringLiteral("failure:") + nameOf(*failure), [](CallFilter &f) { f.failure.reset(); });
    if (origin)
        add(QStringLiteral("origin:") + nameOf(*origin), [](CallFilter &f) { f.origin.reset(); });
    if (cacheHit)
        add(QStringLiteral("cache:") + (*cacheHit ? QLatin1String("hit") : QLatin1String("miss")), [](CallFilter &f) { f.cacheHit.reset(); });
    if (minLatencyUs)
        add(QStringLiteral("latency>") + durationText(*minLatencyUs / 1000), [](CallFilter &f) { f.minLatencyUs.reset(); });
    if (maxLatencyUs)
        add(QStringLiteral("latency<") + durationText(*maxLatencyUs / 1000), [](CallFilter &f) { f.maxLatencyUs.reset(); });
    if (minCostMicros)
        add(QStringLiteral("cost>") + usdText(*minCostMicros), [](CallFilter &f) { f.minCostMicros.reset(); });
    if (maxCostMicros)
        add(QStringLiteral("cost<") + usdText(*maxCostMicros), [](CallFilter &f) { f.maxCostMicros.reset(); });
    if (!text.isEmpty())
        add(text, [](CallFilter &f) { f.text.clear(); });
    return chips;
}

QString CallFilter::toQueryString() const
{
    QStringList terms;
    for (const CallFilterChip &chip : chips())
        terms << chip.label;
    return terms.join(u' ');
}

QString ftsQueryOf(const QString &text)
{
    QStringList terms;
    for (const Term &term : split(text)) {
        QString literal = term.key.isEmpty() ? term.value : term.key + term.op + term.value;
        literal.replace(u'"', QLatin1String("\"\""));
        if (!literal.trimmed().isEmpty())
            terms << u'"' + literal + u'"';
    }
    return terms.join(u' ');
}

QStringList indexWordsOf(const QString &text)
{
    static const QRegularExpression separators(QStringLiteral("[^\\p{L}\\p{N}]+"));
    return text.toLower().split(separators, Qt::SkipEmptyParts);
}

SqlCondition conditionOf(const CallFilter &filter, qint64 nowMs, TextSearch search)
{
    SqlCondition condition;
    QStringList parts;
    const auto add = [&](const QString &sql, const QVariant &value) {
        parts << sql;
        condition.values << value;
    };
    if (filter.sinceAgoMs)
        add(QStringLiteral("c.started_ms >= ?"), nowMs - *filter.sinceAgoMs);
    if (filter.sinceMs)
        add(QStringLiteral("c.started_ms >= ?"), *filter.sinceMs);
    if (filter.untilMs)
        add(QStringLiteral("c.started_ms < ?"), *filter.untilMs);
    if (!filter.tenant.isEmpty())
        add(QStringLiteral("c.tenant = ?"), filter.tenant);
    if (!filter.userId.isEmpty())
        add(QStringLiteral("c.user_id = ?"), filter.userId);
    if (!filter.feature.isEmpty())
        add(QStringLiteral("c.feature = ?"), filter.feature);
    if (filter.gatewayKeyId)
        add(QStringLiteral("c.gateway_key_id = ?"), *filter.gatewayKeyId);
    if (!filter.promptName.isEmpty())
        add(QStringLiteral("c.prompt_name = ?"), filter.promptName);
    if (filter.promptVersion)
        add(QStringLiteral("c.prompt_version = ?"), *filter.promptVersion);
    if (!filter.alias.isEmpty())
        add(QStringLiteral("c.alias = ?"), filter.alias);
    if (!filter.provider.isEmpty())
        add(QStringLiteral("c.provider = ?"), filter.provider);
    if (!filter.model.isEmpty())
        add(QStringLiteral("c.model = ?"), filter.model);
    if (filter.status)
        add(QStringLiteral("c.status = ?"), nameOf(*filter.status));
    if (filter.failure)
        add(QStringLiteral("c.failure = ?"), nameOf(*filter.failure));
    if (filter.origin)
        add(QStringLiteral("c.origin = ?"), nameOf(*filter.origin));
    if (filter.cacheHit)
        add(QStringLiteral("c.cache_hit = ?"), *filter.cacheHit ? 1 : 0);
    if (filter.minLatencyUs)
        add(QStringLiteral("c.latency_us >= ?"), *filter.minLatencyUs);
    if (filter.maxLatencyUs)
        add(QStringLiteral("c.latency_us <= ?"), *filter.maxLatencyUs);
    if (filter.minCostMicros)
        add(QStringLiteral("c.cost_micros >= ?"), *filter.minCostMicros);
    if (filter.maxCostMicros)
        add(QStringLiteral("c.cost_micros <= ?"), *filter.maxCostMicros);
    if (!filter.text.isEmpty()) {
        // Payloads not in the full-text index (all of them without one: PostgreSQL, for now)
        // are read directly: each term must appear in the request or the answer, case-blind.
        QStringList scan;
        QVariantList scanValues;
        for (const Term &term : split(filter.text)) {
            QString literal = (term.key.isEmpty() ? term.value : term.key + term.op + term.value).toLower();
            literal.replace(u'\\', QLatin1String("\\\\")).replace(u'%', QLatin1String("\\%")).replace(u'_', QLatin1String("\\_"));
            scan << QStringLiteral("LOWER(COALESCE(request_json, '') || ' ' || COALESCE(response_json, '')) LIKE ? ESCAPE '\\'");
            scanValues << QString(u'%' + literal + u'%');
        }
        if (scan.isEmpty())
            scan << QStringLiteral("1 = 0");
        const QString ftsQuery = ftsQueryOf(filter.text);
        if (search != TextSearch::None && !ftsQuery.isEmpty()) {
            const QString indexed = search == TextSearch::IndexCommonWords
                                        ? QStringLiteral("(SELECT p.rowid FROM call_payloads p WHERE p.call_id = c.id) IN "
                                                         "(SELECT rowid FROM call_text WHERE call_text MATCH ?)")
                                        : QStringLiteral("c.id IN (SELECT p.call_id FROM call_text JOIN call_payloads p ON "
                                                         "p.rowid = call_text.rowid WHERE call_text MATCH ?)");
            parts << QStringLiteral("(%1 OR c.id IN (SELECT call_id FROM call_payloads WHERE rowid > "
                                    "(SELECT indexed_rowid FROM call_text_progress WHERE id = 1) AND %2))")
                         .arg(indexed, scan.join(QLatin1String(" AND ")));
            condition.values << ftsQuery << scanValues;
        } else {
            parts << QStringLiteral("c.id IN (SELECT call_id FROM call_payloads WHERE %1)").arg(scan.join(QLatin1String(" AND ")));
            condition.values << scanValues;
        }
    }
    condition.where = parts.isEmpty() ? QStringLiteral("1 = 1") : parts.join(QLatin1String(" AND "));
    return condition;
}

} // namespace switchboard::core::store
