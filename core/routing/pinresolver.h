#pragma once

#include "model/error.h"
#include "model/providerconfig.h"

#include <QStringList>

namespace switchboard::core::store {
class Connection;
}

namespace switchboard::core::routing {

// A model as a call will reach it: the provider, the provider's name for the snapshot, and
// what the workspace knows of it.
struct ResolvedModel
{
    ProviderConfig provider;
    QString model;
    QString alias;             // empty when the model was named directly
    qint64 contextWindow = 0;  // 0: not known
};

// Resolves what a prompt or a caller names, a pinned alias or a provider and model, through
// the workspace's pins and providers.
class PinResolver final
{
public:
    explicit PinResolver(store::Connection &connection) : m_connection(connection) { }

    Result<ResolvedModel> resolveAlias(const QString &alias);
    Result<ResolvedModel> resolveModel(const QString &provider, const QString &model);
    // What a caller may name: a pinned alias, else "provider/model".
    Result<ResolvedModel> resolveName(const QString &name);
    // Every pinned alias, by name.
    Result<QStringList> aliases();

private:
    Result<qint64> contextWindow(qint64 providerId, const QString &model);

    store::Connection &m_connection;
};

} // namespace switchboard::core::routing
