#pragma once

#include "prompts/promptcontent.h"

#include <QRegularExpression>

#include <nlohmann/json.hpp>

// What the readers of other tools' prompt files share (foreignpromptfile.cpp); not for use
// outside them.
namespace switchboard::core::prompts::foreign {

QString toQt(const nlohmann::json &value);
QString at(const QString &path, const char *key);
QString at(const QString &path, std::size_t index);
qint64 nowMs();
// A plain {{ name }} tag.
const QRegularExpression &plainVariable();
// Checks the converted content the way the registry would, with the problems' paths put back
// into the foreign file's terms (its messages list and field names).
std::optional<PromptContent> checkedContent(const PromptContent &content, const QString &path,
                                            const std::vector<std::pair<QString, QString>> &renames, QStringList &problems);

} // namespace switchboard::core::prompts::foreign
