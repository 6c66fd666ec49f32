#include "prompt.h"

#include <QRegularExpression>

namespace switchboard::core::prompts {

const PromptVersion *Prompt::version(qint64 number) const
{
    for (const PromptVersion &candidate : versions)
        if (candidate.number == number)
            return &candidate;
    return nullptr;
}

const PromptVersion *Prompt::latest() const
{
    return versions.empty() ? nullptr : &versions.back();
}

std::optional<qint64> Prompt::labelled(const QString &label) const
{
    if (label == kLatestLabel)
        return versions.empty() ? std::nullopt : std::optional<qint64>(versions.back().number);
    for (const PromptLabel &candidate : labels)
        if (candidate.label == label)
            return candidate.version;
    return std::nullopt;
}

QString promptNameProblem(QStringView name)
{
    // Path-like, so that prompts group by folder: support/answer, finance/extract-invoice.
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9_.-]*(/[A-Za-z0-9][A-Za-z0-9_.-]*)*$"));
    if (name.isEmpty())
        return QStringLiteral("A prompt needs a name, such as support/answer.");
    if (name.size() > 200)
        return QStringLiteral("A prompt name can be at most 200 characters long.");
    if (!pattern.match(name.toString()).hasMatch())
        return QStringLiteral("\"%1\" is not a prompt name: use letters, digits, - _ and ., with / between parts "
                              "(support/answer).")
            .arg(name);
    return {};
}

QString labelProblem(QStringView label)
{
    static const QRegularExpression pattern(QStringLiteral("^[a-z0-9][a-z0-9_.-]*$"));
    if (label.isEmpty())
        return QStringLiteral("A label needs a name, such as production or staging.");
    if (label == kLatestLabel)
        return QStringLiteral("\"latest\" always means the newest version and cannot be moved; choose another label.");
    if (label.size() > 64 || !pattern.match(label.toString()).hasMatch())
        return QStringLiteral("\"%1\" is not a label: use lower-case letters, digits, - _ and . (at most 64).").arg(label);
    return {};
}

} // namespace switchboard::core::prompts
