#include "routing/snapshotname.h"

#include <QRegularExpression>

namespace switchboard::core::routing {

bool isFloatingModelName(const QString &model)
{
    // Dated or versioned endings, as the providers spell them: -2024-08-06, -20241022,
    // @20240620 (Vertex), -0613 (OpenAI's month and day), -05-20 (Gemini previews), -002
    // (Gemini's stable versions).
    static const QRegularExpression snapshot(QStringLiteral(
        "(?:[-@]\\d{4}-\\d{2}-\\d{2}|[-@]\\d{8}|-\\d{4}|-\\d{2}-\\d{2}|-\\d{3})$"));
    const QString name = model.trimmed();
    if (name.endsWith(QLatin1String("-latest"), Qt::CaseInsensitive))
        return true;
    return !snapshot.match(name).hasMatch();
}

} // namespace switchboard::core::routing
