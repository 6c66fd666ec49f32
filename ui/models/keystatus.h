#pragma once

#include "model/error.h"
#include "model/providerconfig.h"

#include <QIcon>
#include <QString>

namespace switchboard::ui {

// Whether a provider has an API key to call with: never the key, only whether there is one.
enum class KeyStatus
{
    Checking, // asking the system keychain
    Set,
    Missing,
    NotNeeded, // simulated, or configured without a key (a local server)
    KeychainUnavailable, // no keychain service on this machine
    KeychainError, // the keychain answered with an error (locked, access refused)
};

// What can be known at once: everything but a keychain key, which is Checking until the
// keychain answers (see keyStatusFromKeychain). An environment variable that is set but empty
// counts as missing, as it does at call time.
KeyStatus immediateKeyStatus(const core::ProviderConfig &provider);
// The status a keychain read gives. Takes only whether the read worked and its error: the
// caller drops the key itself at once.
KeyStatus keyStatusFromKeychain(bool found, core::ErrorCode code);

QString keyStatusText(KeyStatus status);
// Why the status is what it is, and what to do about it; for tooltips.
QString keyStatusHint(KeyStatus status, const core::ProviderConfig &provider);
QIcon keyStatusIcon(KeyStatus status);
QString keySourceText(const core::ProviderConfig &provider);

} // namespace switchboard::ui
