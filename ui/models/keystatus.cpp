#include "models/keystatus.h"

#include "providers/keychain.h"

#include <QApplication>
#include <QCoreApplication>
#include <QStyle>

namespace switchboard::ui {

using core::KeySource;
using core::ProviderConfig;
using core::ProviderKind;

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("KeyStatus", text);
}

} // namespace

KeyStatus immediateKeyStatus(const ProviderConfig &provider)
{
    if (provider.kind == ProviderKind::Simulated)
        return KeyStatus::NotNeeded;
    switch (provider.keySource) {
    case KeySource::None:
        return KeyStatus::NotNeeded;
    case KeySource::Environment:
        return qEnvironmentVariableIsEmpty(provider.keyEnvVar.toLocal8Bit().constData())
            ? KeyStatus::Missing
            : KeyStatus::Set;
    case KeySource::Keychain:
        return KeyStatus::Checking;
    }
    return KeyStatus::Missing;
}

KeyStatus keyStatusFromKeychain(bool found, core::ErrorCode code)
{
    if (found)
        return KeyStatus::Set;
    switch (code) {
    case core::ErrorCode::NotFound:
        return KeyStatus::Missing;
    case core::ErrorCode::KeychainUnavailable:
        return KeyStatus::KeychainUnavailable;
    default:
        return KeyStatus::KeychainError;
    }
}

QString keyStatusText(KeyStatus status)
{
    switch (status) {
    case KeyStatus::Checking:
        return tr("Checking…");
    case KeyStatus::Set:
        return tr("Set");
    case KeyStatus::Missing:
        return tr("Missing");
    case KeyStatus::NotNeeded:
        return tr("Not needed");
    case KeyStatus::KeychainUnavailable:
        return tr("Keychain unavailable");
    case KeyStatus::KeychainError:
        return tr("Keychain error");
    }
    return {};
}

QString keyStatusHint(KeyStatus status, const ProviderConfig &provider)
{
    switch (status) {
    case KeyStatus::Checking:
        return tr("Asking the system keychain whether it holds a key for this provider.");
    case KeyStatus::Set:
        return provider.keySource == KeySource::Environment
            ? tr("The environment variable %1 is set for this program.").arg(provider.keyEnvVar)
            : tr("The system keychain holds a key for this provider.");
    case KeyStatus::Missing:
        return provider.keySource == KeySource::Environment
            ? tr("The environment variable %1 is not set: set it before starting the console and "
                 "the "
                 "gateway.")
                  .arg(provider.keyEnvVar)
            : tr("The system keychain holds no key for this provider. Store one with: "
                 "switchboard-cli provider set-key %1")
                  .arg(provider.name);
    case KeyStatus::NotNeeded:
        return provider.kind == ProviderKind::Simulated
            ? tr("The simulated provider runs on this machine and needs no key.")
            : tr("This provider is configured to be called without a key.");
    case KeyStatus::KeychainUnavailable:
        return core::providers::keychainUnavailableMessage();
    case KeyStatus::KeychainError:
        return tr("The system keychain could not be read. Unlock it and reopen the workspace, or "
                  "read the key from an "
                  "environment variable instead.");
    }
    return {};
}

QIcon keyStatusIcon(KeyStatus status)
{
    QStyle *style = QApplication::style();
    switch (status) {
    case KeyStatus::Set:
        return style->standardIcon(QStyle::SP_DialogApplyButton);
    case KeyStatus::Missing:
    case KeyStatus::KeychainError:
        return style->standardIcon(QStyle::SP_MessageBoxWarning);
    case KeyStatus::KeychainUnavailable:
        return style->standardIcon(QStyle::SP_MessageBoxInformation);
    case KeyStatus::Checking:
    case KeyStatus::NotNeeded:
        break;
    }
    return {};
}

QString keySourceText(const ProviderConfig &provider)
{
    switch (provider.keySource) {
    case KeySource::None:
        return tr("none");
    case KeySource::Keychain:
        return tr("system keychain");
    case KeySource::Environment:
        return tr("environment: %1").arg(provider.keyEnvVar);
    }
    return {};
}

} // namespace switchboard::ui
