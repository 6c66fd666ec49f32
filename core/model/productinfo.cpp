#include "model/productinfo.h"

#include <QCoreApplication>

namespace switchboard::core {

void applyProductIdentity()
{
    QCoreApplication::setOrganizationName(QStringLiteral("Switchboard"));
    QCoreApplication::setOrganizationDomain(QStringLiteral("switchboard.invalid"));
    QCoreApplication::setApplicationName(QStringLiteral("switchboard"));
    QCoreApplication::setApplicationVersion(productVersion());
}

QString productVersion()
{
    return QStringLiteral(SWITCHBOARD_VERSION);
}

} // namespace switchboard::core
