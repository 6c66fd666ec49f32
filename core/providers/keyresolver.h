#pragma once

#include "model/error.h"
#include "model/providerconfig.h"

#include <QByteArray>
#include <QHash>

namespace switchboard::core::providers {

// Where the executor gets a provider's API key at call time. Keys live only in memory here:
// read from the environment variable the provider names, or put in by whoever loaded them
// from the system keychain. Never written anywhere.
class KeyResolver final
{
public:
    Result<QByteArray> keyFor(const ProviderConfig &provider) const;
    // A key read from the keychain for a provider (by name).
    void setKeychainKey(const QString &providerName, const QByteArray &key);

private:
    QHash<QString, QByteArray> m_keychain;
};

} // namespace switchboard::core::providers
