#pragma once

#include "model/error.h"

#include <QString>

#include <vector>

namespace switchboard::core::store {

class Connection;

// A spending limit per UTC day or month, on the whole workspace, a tenant, a feature or a
// gateway key, with the thresholds (percent of the limit) that raise alerts. A hard limit is
// one the gateway enforces by refusing calls (gateway keys' budgets are hard).
struct Budget
{
    enum class Scope { Workspace, Tenant, Feature, Key };
    enum class Period { Day, Month };

    qint64 id = 0;
    Scope scope = Scope::Workspace;
    QString scopeValue; // tenant or feature name, or the key's id; empty for the workspace
    QString keyName;    // for key budgets, as read back
    Period period = Period::Month;
    qint64 limitMicros = 0;
    std::vector<int> thresholds { 50, 80, 100 };
    bool hardLimit = false;
    qint64 createdMs = 0;

    // "Workspace", "Tenant acme", "Feature search", "Key checkout-prod".
    QString scopeText() const;

    friend bool operator==(const Budget &, const Budget &) = default;
};

QString nameOf(Budget::Scope scope);
QString nameOf(Budget::Period period);

class BudgetRepository final
{
public:
    explicit BudgetRepository(Connection &connection) : m_connection(connection) { }

    Result<std::vector<Budget>> list();
    // Adds a budget, or replaces the one with the same scope and period; audited.
    Result<Budget> save(const Budget &budget, const QString &actor, qint64 nowMs);
    Result<void> remove(qint64 id, const QString &reason, const QString &actor, qint64 nowMs);

    // What is wrong with a budget, in words that say how to fix it; empty when it is valid.
    static QString problemWith(const Budget &budget);

private:
    Connection &m_connection;
};

} // namespace switchboard::core::store
