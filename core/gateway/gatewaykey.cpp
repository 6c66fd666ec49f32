#include "gateway/gatewaykey.h"

#include <QCryptographicHash>
#include <QRandomGenerator>

#include <array>

namespace switchboard::core::gateway {

QByteArray generateGatewaySecret()
{
    std::array<quint32, 8> words {};
    QRandomGenerator::system()->fillRange(words.data(), words.size());
    const QByteArray raw(reinterpret_cast<const char *>(words.data()), sizeof(words));
    return QByteArrayLiteral("sbk-") + raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

QString hashGatewaySecret(QByteArrayView secret)
{
    return QString::fromLatin1(QCryptographicHash::hash(secret, QCryptographicHash::Sha256).toHex());
}

QString prefixOfGatewaySecret(QByteArrayView secret)
{
    return QString::fromLatin1(secret.first(std::min<qsizetype>(secret.size(), 8)));
}

} // namespace switchboard::core::gateway
