#pragma once

#include "model/error.h"

#include <QString>

#include <vector>

namespace switchboard::core::store {

class Connection;

// An alias bound to one model on one provider, as it stands.
struct Pin
{
    QString alias;
    QString provider;
    QString model;
    qint64 version = 0; // 1 for the first binding, one more at each repin
    qint64 updatedMs = 0;
    QString updatedBy;
    bool floating = false; // the model name is not a dated snapshot

    friend bool operator==(const Pin &, const Pin &) = default;
};

// One binding of an alias in its history.
struct PinChange
{
    qint64 version = 0;
    QString provider;
    QString model;
    QString reason;
    QString author;
    qint64 atMs = 0;

    friend bool operator==(const PinChange &, const PinChange &) = default;
};

// The workspace's pins. Every (re)pin is a new numbered version with a reason, kept in the
// pin's history and the audit log in the same transaction.
class PinRepository final
{
public:
    explicit PinRepository(Connection &connection) : m_connection(connection) { }

    Result<std::vector<Pin>> list();
    Result<Pin> find(const QString &alias);
    // Newest first.
    Result<std::vector<PinChange>> history(const QString &alias);
    // Binds the alias (new or existing) to the provider's model; returns the new version, or
    // the current one when nothing changes.
    Result<qint64> set(const QString &alias, const QString &provider, const QString &model, const QString &reason,
                       const QString &actor);

private:
    Connection &m_connection;
};

} // namespace switchboard::core::store
