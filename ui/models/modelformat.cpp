#include "models/modelformat.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QLocale>

namespace switchboard::ui {

QString dollarsPerMtok(qint64 micros)
{
    // Cents as a rule; more places only where cents would round a cheap model's price away.
    int places = 2;
    qint64 unit = 10'000; // micro-dollars in the last place shown
    while (places < 6 && micros % unit != 0) {
        ++places;
        unit /= 10;
    }
    return QLatin1Char('$') + QLocale().toString(double(micros) / 1e6, 'f', places);
}

QString tokenCount(qint64 tokens)
{
    if (tokens <= 0)
        return QCoreApplication::translate("ModelFormat", "unknown");
    return QLocale().toString(tokens);
}

QString shortDateTime(qint64 ms)
{
    return QLocale().toString(QDateTime::fromMSecsSinceEpoch(ms), QLocale::ShortFormat);
}

} // namespace switchboard::ui
