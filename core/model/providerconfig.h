#pragma once

#include <QString>

#include <optional>

namespace switchboard::core {

enum class ProviderKind { OpenAi, Anthropic, Gemini, OpenAiCompatible, Simulated };
// Where the provider's API key comes from. The key itself is never part of this value.
enum class KeySource { None, Keychain, Environment };

QString nameOf(ProviderKind kind);
std::optional<ProviderKind> providerKindFromString(QStringView name);
QString nameOf(KeySource source);
std::optional<KeySource> keySourceFromString(QStringView name);

struct ProviderConfig
{
    qint64 id = 0;
    QString name;
    ProviderKind kind = ProviderKind::OpenAi;
    QString baseUrl;
    KeySource keySource = KeySource::None;
    QString keyEnvVar; // with KeySource::Environment
    QString settingsJson = QStringLiteral("{}");
    bool enabled = true;
    qint64 createdMs = 0;
    qint64 updatedMs = 0;

    friend bool operator==(const ProviderConfig &, const ProviderConfig &) = default;
};

} // namespace switchboard::core
