#pragma once

#include "model/error.h"
#include "routing/ruleset.h"

#include <optional>
#include <vector>

namespace switchboard::core::store {

class Connection;

// One stored version of the routing rules.
struct StoredRuleSet
{
    enum class Status { Draft, Active, Retired };

    qint64 version = 0;
    Status status = Status::Draft;
    routing::RuleSet rules;
    QString comment;
    QString author;
    qint64 createdMs = 0;
    std::optional<qint64> activatedMs;
};

QString nameOf(StoredRuleSet::Status status);

// The workspace's routing rule sets: numbered versions that never change once saved, one of
// them active. Activating a version (a rollback is activating an older one) retires the one
// before, in one transaction with its audit entry.
class RuleSetRepository final
{
public:
    explicit RuleSetRepository(Connection &connection) : m_connection(connection) { }

    // Saves a new draft version; refused, with every problem listed, when the rules do not
    // validate against the workspace's aliases and providers. Returns the version number.
    // `latestSeen`: the newest version the author had listed when they began; when another has
    // been saved since (by a second console, say), nothing is saved and Conflict says by whom,
    // so that no edit silently buries another. nullopt saves whatever is newest.
    Result<qint64> saveDraft(const routing::RuleSet &rules, const QString &comment, const QString &author,
                             std::optional<qint64> latestSeen = std::nullopt);
    // Makes a version the live one; refused without a reason, and when a target it names no
    // longer exists (the workspace may have changed since the version was saved).
    Result<void> activate(qint64 version, const QString &reason, const QString &actor);
    Result<std::optional<StoredRuleSet>> active();
    Result<StoredRuleSet> version(qint64 version);
    // Newest first.
    Result<std::vector<StoredRuleSet>> list();
    // What rules may point at: every pinned alias, and "provider/model" for every pinned or
    // catalogued model.
    Result<QStringList> knownTargets();

private:
    Result<std::vector<StoredRuleSet>> select(const QString &where, const QVariantList &values);

    Connection &m_connection;
};

} // namespace switchboard::core::store
