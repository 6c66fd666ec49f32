#pragma once

#include "model/error.h"

#include <QString>

#include <optional>
#include <vector>

namespace switchboard::core::store {

class Connection;

// A gate on a prompt's label: moving the label to a version needs a finished eval run of that
// version on the named dataset, on its current version, whose pass rate reaches the threshold.
// Moving it back to a version it held before (a rollback) is not gated.
struct LabelGate
{
    QString promptName;
    QString label;
    QString dataset;
    double threshold = 0.9;

    friend bool operator==(const LabelGate &, const LabelGate &) = default;
};

class LabelGateRepository final
{
public:
    explicit LabelGateRepository(Connection &connection) : m_connection(connection) { }

    // Of one prompt when named, else all; by prompt and label.
    Result<std::vector<LabelGate>> list(const QString &promptName = {});
    Result<std::optional<LabelGate>> find(const QString &promptName, const QString &label);
    // Creates or replaces the gate, audited.
    Result<void> set(const LabelGate &gate, const QString &actor);
    Result<void> remove(const QString &promptName, const QString &label, const QString &actor);

    // Whether the label may move to the version: passes without a gate; otherwise Conflict,
    // saying which gate, what the best run reached (or that there is none) and how to run one.
    Result<void> check(const QString &promptName, const QString &label, qint64 version);

private:
    Connection &m_connection;
};

} // namespace switchboard::core::store
