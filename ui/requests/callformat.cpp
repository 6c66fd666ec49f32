#include "requests/callformat.h"

#include <QDateTime>
#include <QLocale>

namespace switchboard::ui {

QString callTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QString callTimeShort(qint64 ms)
{
    const QDateTime at = QDateTime::fromMSecsSinceEpoch(ms);
    if (at.date() == QDate::currentDate())
        return at.toString(QStringLiteral("HH:mm:ss"));
    return QLocale().toString(at, QStringLiteral("MMM d HH:mm:ss"));
}

QString callOutcome(const core::CallRecord &call)
{
    if (call.failure)
        return core::displayName(*call.failure);
    if (call.cacheHit)
        return QObject::tr("cache hit");
    return core::nameOf(call.status);
}

QString duration(qint64 us)
{
    if (us < 1'000'000)
        return QStringLiteral("%1 ms").arg(QLocale().toString(double(us) / 1000.0, 'f', us < 10'000 ? 1 : 0));
    return QStringLiteral("%1 s").arg(QLocale().toString(double(us) / 1e6, 'f', us < 100'000'000 ? 2 : 0));
}

QString usd(qint64 micros)
{
    return u'$' + QLocale().toString(double(micros) / 1e6, 'f', micros < 10'000 ? 6 : 4);
}

QString money(qint64 micros)
{
    const double amount = double(micros) / 1e6;
    return u'$' + QLocale().toString(amount, 'f', amount >= 1 || micros == 0 ? 2 : 4);
}

QString tokens(const core::CallRecord &call)
{
    const QString text = QLocale().toString(call.inputTokens) + QLatin1String(" / ") + QLocale().toString(call.outputTokens);
    return call.tokensEstimated ? u'~' + text : text;
}

QString countOf(qint64 n, const QString &one, const QString &many)
{
    return n == 1 ? one : many.arg(QLocale().toString(n));
}

} // namespace switchboard::ui
