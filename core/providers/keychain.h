#pragma once

#include "model/error.h"
#include "model/providerconfig.h"

#include <QByteArray>
#include <QString>

#include <functional>
#include <vector>

class QObject;

// A provider's API key in the system keychain (Secret Service, macOS Keychain, Windows
// Credential Manager) through QtKeychain: service "Switchboard", key = the provider's name.
// QtKeychain's plaintext fallback is never used; without a keychain every call fails with
// ErrorCode::KeychainUnavailable and a message that points to environment-variable keys.
// Nothing here logs a key.
namespace switchboard::core::providers {

class KeyResolver;

inline constexpr auto kKeychainService = "Switchboard";

// Blocking: each runs the keychain job in a local event loop, so they suit the CLI and worker
// threads, never the GUI thread. A read of a provider without a stored key fails NotFound.
Result<QByteArray> readKeychainKey(const QString &providerName);
Result<void> writeKeychainKey(const QString &providerName, const QByteArray &key);
Result<void> deleteKeychainKey(const QString &providerName); // no stored key is not an error

// Asynchronous, for the console: done runs on context's thread once the job has finished,
// and not at all if context is destroyed first.
void readKeychainKeyAsync(const QString &providerName, QObject *context,
                          std::function<void(Result<QByteArray>)> done);
void writeKeychainKeyAsync(const QString &providerName, const QByteArray &key, QObject *context,
                           std::function<void(Result<void>)> done);
void deleteKeychainKeyAsync(const QString &providerName, QObject *context,
                            std::function<void(Result<void>)> done);

// Reads the key of every enabled keychain-sourced provider into the resolver (blocking). A
// provider whose key cannot be read is left out, so that its calls fail with the resolver's
// own message; the first such error is returned for the caller to show, after all were tried.
Result<void> loadKeychainKeys(KeyResolver &resolver, const std::vector<ProviderConfig> &providers);
// The same without blocking, for the console and the gateway at startup: the keys are read
// one after another, each put into the resolver on context's thread as it arrives, and done
// runs there once all were tried (with the first error, as above). Nothing runs once context
// is destroyed, so the resolver must live at least as long as context.
void loadKeychainKeysAsync(KeyResolver &resolver, const std::vector<ProviderConfig> &providers, QObject *context,
                           std::function<void(Result<void>)> done);

// The message for a machine without a keychain: what to do instead.
QString keychainUnavailableMessage();

} // namespace switchboard::core::providers
