#include "foreignpromptfile.h"

#include "prompts/foreignshared.h"
#include "prompts/jsonfields.h"
#include "prompts/templatecheck.h"

#include <QDateTime>

namespace switchboard::core::prompts::foreign {

using nlohmann::json;

QString toQt(const json &value)
{
    return value.is_string() ? QString::fromStdString(value.get_ref<const std::string &>()) : QString();
}

QString at(const QString &path, const char *key)
{
    return JsonFields::join(path, key);
}

QString at(const QString &path, std::size_t index)
{
    return JsonFields::index(path, index);
}

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

const QRegularExpression &plainVariable()
{
    static const QRegularExpression pattern(QStringLiteral("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_.-]*)\\s*\\}\\}"));
    return pattern;
}

std::optional<PromptContent> checkedContent(const PromptContent &content, const QString &path,
                                            const std::vector<std::pair<QString, QString>> &renames, QStringList &problems)
{
    QStringList found;
    auto checked = contentFromJson(toJson(content), path, found);
    if (checked)
        for (const TemplateProblem &problem : validateForSave(*checked))
            found.push_back(path + QLatin1String(": ") + problem.text);
    for (QString problem : found) {
        for (const auto &[from, to] : renames)
            problem.replace(from, to);
        problems.push_back(problem);
    }
    return found.isEmpty() ? checked : std::nullopt;
}

std::vector<PromptVariable> declaredVariables(const std::vector<MessageTemplate> &messages)
{
    std::vector<PromptVariable> out;
    for (const MessageTemplate &message : messages) {
        for (auto it = plainVariable().globalMatch(message.text); it.hasNext();) {
            const QString name = it.next().captured(1);
            if (std::none_of(out.begin(), out.end(), [&](const PromptVariable &v) { return v.name == name; })) {
                PromptVariable variable;
                variable.name = name;
                out.push_back(std::move(variable));
            }
        }
    }
    return out;
}

} // namespace switchboard::core::prompts::foreign
