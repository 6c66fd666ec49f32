#include "providers/keyresolver.h"

namespace switchboard::core::providers {

Result<QByteArray> KeyResolver::keyFor(const ProviderConfig &provider) const
{
    switch (provider.keySource) {
    case KeySource::None:
        return QByteArray();
    case KeySource::Environment: {
        const QByteArray key = qgetenv(provider.keyEnvVar.toLocal8Bit().constData()).trimmed();
        if (key.isEmpty())
            return fail(ErrorCode::InvalidArgument,
                        QStringLiteral("Provider '%1' reads its key from the environment variable %2, which is "
                                       "not set. Set it for the program that makes the call, or store the key "
                                       "in the keychain in Settings.")
                            .arg(provider.name, provider.keyEnvVar));
        return key;
    }
    case KeySource::Keychain: {
        const auto found = m_keychain.constFind(provider.name);
        if (found == m_keychain.cend() || found->isEmpty())
            return fail(ErrorCode::InvalidArgument,
                        QStringLiteral("Provider '%1' has no key in the system keychain. Add it in Settings, or "
                                       "name an environment variable instead.")
                            .arg(provider.name));
        return *found;
    }
    }
    return QByteArray();
}

void KeyResolver::setKeychainKey(const QString &providerName, const QByteArray &key)
{
    m_keychain.insert(providerName, key);
}

} // namespace switchboard::core::providers
