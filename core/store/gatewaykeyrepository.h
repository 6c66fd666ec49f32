#pragma once

#include "gateway/gatewaykey.h"
#include "model/error.h"

#include <vector>

namespace switchboard::core::store {

class Connection;

// A key just made: the stored record and the secret, which exists nowhere else afterwards.
struct CreatedGatewayKey
{
    gateway::GatewayKey key;
    QByteArray secret;
};

// The workspace's gateway keys and their per-key budgets. Creating and revoking are audited;
// the secret is never stored, only its hash.
class GatewayKeyRepository final
{
public:
    explicit GatewayKeyRepository(Connection &connection) : m_connection(connection) { }

    // key.id, prefix, createdMs and revokedMs are filled in here.
    Result<CreatedGatewayKey> create(const gateway::GatewayKey &key, const QString &actor);
    Result<void> revoke(const QString &name, const QString &reason, const QString &actor);
    // Every key, revoked ones included, newest first.
    Result<std::vector<gateway::GatewayKey>> list();
    // Keys that still open the gateway, with the hash each is found by.
    Result<std::vector<std::pair<QString, gateway::GatewayKey>>> activeByHash();

private:
    Result<std::vector<std::pair<QString, gateway::GatewayKey>>> select(bool activeOnly);

    Connection &m_connection;
};

} // namespace switchboard::core::store
