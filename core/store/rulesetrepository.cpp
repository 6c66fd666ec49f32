#include "store/rulesetrepository.h"

#include "store/auditlogrepository.h"
#include "store/connection.h"

#include <QDateTime>

namespace switchboard::core::store {
namespace {

std::optional<StoredRuleSet::Status> statusFromString(QStringView name)
{
    for (auto status : { StoredRuleSet::Status::Draft, StoredRuleSet::Status::Active, StoredRuleSet::Status::Retired }) {
        if (nameOf(status) == name)
            return status;
    }
    return std::nullopt;
}

QString problemsText(const std::vector<routing::RuleProblem> &problems)
{
    QStringList lines;
    for (const routing::RuleProblem &problem : problems)
        lines.push_back(problem.path.isEmpty() ? problem.message : problem.path + QLatin1String(": ") + problem.message);
    return lines.join(u'\n');
}

} // namespace

QString nameOf(StoredRuleSet::Status status)
{
    switch (status) {
    case StoredRuleSet::Status::Draft: return QStringLiteral("draft");
    case StoredRuleSet::Status::Active: return QStringLiteral("active");
    case StoredRuleSet::Status::Retired: return QStringLiteral("retired");
    }
    return {};
}

Result<qint64> RuleSetRepository::saveDraft(const routing::RuleSet &rules, const QString &comment, const QString &author,
                                            std::optional<qint64> latestSeen)
{
    auto known = knownTargets();
    if (!known)
        return std::unexpected(known.error());
    if (const auto problems = routing::validate(rules, *known); !problems.empty())
        return fail(ErrorCode::InvalidArgument,
                    QStringLiteral("The rule set was not saved; fix these first:\n%1").arg(problemsText(problems)));
    qint64 version = 0;
    auto written = m_connection.writeTransaction([&]() -> Result<void> {
        auto last = m_connection.exec(QStringLiteral("SELECT version, author FROM rule_sets ORDER BY version DESC LIMIT 1"));
        if (!last)
            return std::unexpected(last.error());
        const bool any = last->next();
        const qint64 newest = any ? last->value(0).toLongLong() : 0;
        if (latestSeen && newest > *latestSeen)
            return fail(ErrorCode::Conflict, QStringLiteral("Not saved: %1 saved rule set v%2 since you began (the newest you had was "
                                                            "v%3). Your edits are kept; look at v%2 first, then save again to add "
                                                            "yours after it.")
                                                 .arg(last->value(1).toString())
                                                 .arg(newest)
                                                 .arg(*latestSeen));
        version = newest + 1;
        auto inserted = m_connection.exec(QStringLiteral("INSERT INTO rule_sets (version, rules_json, status, comment, author, "
                                                         "created_ms) VALUES (?, ?, 'draft', ?, ?, ?)"),
                                          { version, QString::fromStdString(routing::toJson(rules).dump()), comment, author,
                                            QDateTime::currentMSecsSinceEpoch() });
        if (!inserted)
            return std::unexpected(inserted.error());
        return {};
    });
    if (!written)
        return std::unexpected(written.error());
    return version;
}

Result<void> RuleSetRepository::activate(qint64 number, const QString &reason, const QString &actor)
{
    if (reason.trimmed().isEmpty())
        return fail(ErrorCode::InvalidArgument,
                    QStringLiteral("Say why this rule set goes live; the reason goes to the audit log."));
    return m_connection.writeTransaction([&]() -> Result<void> {
        auto target = version(number);
        if (!target)
            return std::unexpected(target.error());
        if (target->status == StoredRuleSet::Status::Active)
            return fail(ErrorCode::Conflict, QStringLiteral("Rule set version %1 is active already.").arg(number));
        // Valid when saved, but an alias or provider it names may have gone since.
        auto known = knownTargets();
        if (!known)
            return std::unexpected(known.error());
        if (const auto problems = routing::validate(target->rules, *known); !problems.empty())
            return fail(ErrorCode::InvalidArgument,
                        QStringLiteral("Rule set version %1 was not activated; fix these in a new draft first:\n%2")
                            .arg(QString::number(number), problemsText(problems)));
        auto previous = active();
        if (!previous)
            return std::unexpected(previous.error());
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        if (auto retired = m_connection.exec(QStringLiteral("UPDATE rule_sets SET status = 'retired' WHERE status = 'active'"));
            !retired)
            return std::unexpected(retired.error());
        if (auto activated = m_connection.exec(
                QStringLiteral("UPDATE rule_sets SET status = 'active', activated_ms = ? WHERE version = ?"), { now, number });
            !activated)
            return std::unexpected(activated.error());
        const bool rollback = *previous && (*previous)->version > number;
        return AuditLogRepository(m_connection)
            .append(now, actor, rollback ? QStringLiteral("ruleset.rollback") : QStringLiteral("ruleset.activate"),
                    QStringLiteral("ruleset"), QString::number(number), reason,
                    QStringLiteral("{\"previous\":%1}").arg(*previous ? (*previous)->version : 0));
    });
}

Result<std::vector<StoredRuleSet>> RuleSetRepository::select(const QString &where, const QVariantList &values)
{
    auto query = m_connection.exec(QStringLiteral("SELECT version, status, rules_json, comment, author, created_ms, activated_ms "
                                                  "FROM rule_sets %1 ORDER BY version DESC")
                                       .arg(where),
                                   values);
    if (!query)
        return std::unexpected(query.error());
    std::vector<StoredRuleSet> out;
    while (query->next()) {
        StoredRuleSet stored;
        stored.version = query->value(0).toLongLong();
        stored.status = statusFromString(query->value(1).toString()).value_or(StoredRuleSet::Status::Retired);
        auto rules = routing::parseRuleSet(query->value(2).toString().toUtf8());
        if (!rules)
            return fail(ErrorCode::StoreCorrupt, QStringLiteral("Rule set version %1 in the workspace cannot be read: %2")
                                                     .arg(stored.version)
                                                     .arg(rules.error().message));
        stored.rules = std::move(*rules);
        stored.comment = query->value(3).toString();
        stored.author = query->value(4).toString();
        stored.createdMs = query->value(5).toLongLong();
        if (!query->value(6).isNull())
            stored.activatedMs = query->value(6).toLongLong();
        out.push_back(std::move(stored));
    }
    if (auto completed = m_connection.readCompleted(*query); !completed)
        return std::unexpected(completed.error());
    return out;
}

Result<std::optional<StoredRuleSet>> RuleSetRepository::active()
{
    auto rows = select(QStringLiteral("WHERE status = 'active'"), {});
    if (!rows)
        return std::unexpected(rows.error());
    if (rows->empty())
        return std::optional<StoredRuleSet>();
    return std::optional<StoredRuleSet>(std::move(rows->front()));
}

Result<StoredRuleSet> RuleSetRepository::version(qint64 number)
{
    auto rows = select(QStringLiteral("WHERE version = ?"), { number });
    if (!rows)
        return std::unexpected(rows.error());
    if (rows->empty())
        return fail(ErrorCode::NotFound, QStringLiteral("There is no rule set version %1.").arg(number));
    return std::move(rows->front());
}

Result<std::vector<StoredRuleSet>> RuleSetRepository::list()
{
    return select({}, {});
}

Result<QStringList> RuleSetRepository::knownTargets()
{
    auto query = m_connection.exec(QStringLiteral(
        "SELECT alias FROM pins "
        "UNION SELECT p.name || '/' || pins.model_name FROM pins JOIN providers p ON p.id = pins.provider_id "
        "UNION SELECT p.name || '/' || m.name FROM models m JOIN providers p ON p.id = m.provider_id"));
    if (!query)
        return std::unexpected(query.error());
    QStringList targets;
    while (query->next())
        targets.push_back(query->value(0).toString());
    return targets;
}

} // namespace switchboard::core::store
