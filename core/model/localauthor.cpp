#include "localauthor.h"

#include <QSettings>

namespace switchboard::core {

QString localAuthor()
{
    const QString configured = QSettings().value(QStringLiteral("identity/author")).toString().trimmed();
    if (!configured.isEmpty())
        return configured;
    for (const char *variable : { "USER", "USERNAME", "LOGNAME" }) {
        const QString name = qEnvironmentVariable(variable).trimmed();
        if (!name.isEmpty())
            return name;
    }
    return QStringLiteral("unknown");
}

} // namespace switchboard::core
