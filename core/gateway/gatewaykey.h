#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <optional>

namespace switchboard::core::gateway {

// A key an application presents to the gateway (Authorization: Bearer, or x-api-key). The
// workspace keeps only its SHA-256 and first characters; the key itself is shown once.
struct GatewayKey
{
    qint64 id = 0;
    QString name;
    QString prefix; // "sbk-Xy3f", to recognise a key in lists
    QString tenant;
    QStringList allowedAliases; // empty: every alias
    qint64 requestsPerMinute = 0; // 0: unlimited
    qint64 tokensPerMinute = 0;
    std::optional<qint64> budgetMicrosPerDay; // USD micro-dollars; the gateway refuses past it
    std::optional<qint64> budgetMicrosPerMonth;
    qint64 createdMs = 0;
    std::optional<qint64> revokedMs;

    bool allows(const QString &alias) const { return allowedAliases.isEmpty() || allowedAliases.contains(alias); }
    friend bool operator==(const GatewayKey &, const GatewayKey &) = default;
};

// A fresh secret: "sbk-" and 43 characters of base64url from the system's random source.
QByteArray generateGatewaySecret();
// What the store keeps of a secret: hex SHA-256.
QString hashGatewaySecret(QByteArrayView secret);
// The shown beginning of a secret.
QString prefixOfGatewaySecret(QByteArrayView secret);

} // namespace switchboard::core::gateway
