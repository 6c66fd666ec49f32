// Langfuse's prompt objects, as its export, a single object or its API's list page.
#include "foreignpromptfile.h"

#include "prompts/foreignshared.h"

#include <QDateTime>
#include <QRegularExpression>

#include <map>

namespace switchboard::core::prompts::foreign {

using nlohmann::json;

namespace {

// Langfuse's text is plain {{var}} (no sections): Mustache's special tags would change meaning.
void checkLangfuseText(const QString &text, const QString &path, QStringList &problems)
{
    static const QRegularExpression special(QStringLiteral("\\{\\{\\s*[#^/{&>!=]"));
    if (const auto match = special.match(text); match.hasMatch())
        problems.push_back(path + QStringLiteral(": \"%1\" at character %2 is text to Langfuse but a Mustache tag to "
                                                 "Switchboard; change it in Langfuse and export again")
                                      .arg(text.mid(match.capturedStart(), 4))
                                      .arg(match.capturedStart() + 1));
}

QString plainVariables(const QString &text)
{
    QString out = text;
    return out.replace(plainVariable(), QStringLiteral("{{\\1}}"));
}

// Langfuse's model parameters in config; whatever else is there is noted as not kept.
ModelConfig readConfig(const json &config, QStringList &ignored)
{
    ModelConfig model;
    for (auto it = config.begin(); it != config.end(); ++it) {
        const std::string &key = it.key();
        const json &value = it.value();
        if (key == "model" && value.is_string())
            model.model = toQt(value);
        else if (key == "temperature" && value.is_number())
            model.temperature = value.get<double>();
        else if (key == "top_p" && value.is_number())
            model.topP = value.get<double>();
        else if ((key == "max_tokens" || key == "max_output_tokens") && value.is_number_integer())
            model.maxOutputTokens = value.get<qint64>();
        else if (key == "seed" && value.is_number_integer())
            model.seed = value.get<qint64>();
        else if (key == "stop" && value.is_string())
            model.stop = QStringList { toQt(value) };
        else if (key == "stop" && value.is_array() && std::all_of(value.begin(), value.end(), [](const json &s) { return s.is_string(); }))
            for (const json &stop : value)
                model.stop.push_back(toQt(stop));
        else if (key == "response_format" && value.is_object() && value.value("type", std::string()) == "json_object")
            model.responseFormat.kind = ResponseFormat::Kind::JsonObject;
        else if (key == "response_format" && value.is_object() && value.value("type", std::string()) == "json_schema"
                 && value.contains("json_schema") && value["json_schema"].is_object()) {
            const json &schema = value["json_schema"];
            model.responseFormat.kind = ResponseFormat::Kind::JsonSchema;
            model.responseFormat.schemaName = toQt(schema.value("name", json()));
            model.responseFormat.strict = schema.value("strict", false);
            model.responseFormat.schema = schema.value("schema", json::object());
        } else
            ignored.push_back(QString::fromStdString(key));
    }
    return model;
}

qint64 timeOf(const json &item, const char *key, qint64 fallback)
{
    const QDateTime when = QDateTime::fromString(toQt(item.value(key, json())), Qt::ISODateWithMs);
    return when.isValid() ? when.toMSecsSinceEpoch() : fallback;
}

} // namespace

bool looksLikeLangfuse(const json &root)
{
    const auto promptObject = [](const json &item) { return item.is_object() && item.contains("name"); };
    if (root.is_object())
        return root.contains("data") || (promptObject(root) && root.contains("prompt"));
    return root.is_array() && !root.empty() && promptObject(root.front());
}

void readLangfuse(const json &root, const PromptFileOptions &options, PromptFileContents &out, QStringList &problems)
{
    std::vector<std::pair<const json *, QString>> items;
    if (root.is_object() && root.contains("data")) {
        if (!root["data"].is_array())
            problems.push_back(QStringLiteral("data: expected the list of prompts"));
        else
            for (std::size_t i = 0; i < root["data"].size(); ++i)
                items.emplace_back(&root["data"][i], at(QStringLiteral("data"), i));
    } else if (root.is_object()) {
        items.emplace_back(&root, QString());
    } else if (root.is_array()) {
        for (std::size_t i = 0; i < root.size(); ++i)
            items.emplace_back(&root[i], at(QString(), i));
    } else {
        problems.push_back(QStringLiteral("expected Langfuse prompt objects, a list of them, or {\"data\": [...]}"));
    }
    std::map<QString, std::size_t> byName;
    std::map<std::pair<QString, qint64>, QString> versionAt;
    const qint64 now = nowMs();
    for (const auto &[item, path] : items) {
        const QString where = path.isEmpty() ? QStringLiteral("(prompt)") : path;
        if (!item->is_object()) {
            problems.push_back(where + QStringLiteral(": expected a prompt object"));
            continue;
        }
        if (!item->contains("prompt")) {
            problems.push_back(where + (item->contains("versions")
                                            ? QStringLiteral(": a prompt list entry has no prompt text; fetch each version "
                                                             "(GET /api/public/v2/prompts/NAME?version=N) and import those")
                                            : QStringLiteral(": missing prompt; a Langfuse prompt has its text or messages "
                                                             "there")));
            continue;
        }
        const QString name = toQt(item->value("name", json()));
        if (name.isEmpty())
            problems.push_back(at(path, "name") + QStringLiteral(": missing; every prompt needs its name"));
        else if (const QString problem = promptNameProblem(name); options.name.isEmpty() && !problem.isEmpty())
            problems.push_back(at(path, "name") + QStringLiteral(": ") + problem + QStringLiteral(" Import it with another name."));
        const auto [slot, added] = byName.emplace(name, out.prompts.size());
        if (added) {
            Prompt prompt;
            prompt.name = name;
            prompt.createdMs = prompt.updatedMs = 0;
            out.prompts.push_back(std::move(prompt));
        }
        Prompt &prompt = out.prompts[slot->second];

        const json *versionValue = item->contains("version") ? &(*item)["version"] : nullptr;
        if (versionValue && (!versionValue->is_number_integer() || versionValue->get<qint64>() < 1))
            problems.push_back(at(path, "version") + QStringLiteral(": expected a version number of 1 or more"));
        PromptVersion version;
        version.number = versionValue && versionValue->is_number_integer() ? versionValue->get<qint64>()
                                                                           : qint64(prompt.versions.size()) + 1;
        if (const auto [seen, fresh] = versionAt.emplace(std::pair(name, version.number), at(path, "version")); !fresh)
            problems.push_back(at(path, "version") + QStringLiteral(": version %1 of \"%2\" appears twice (also %3)")
                                                         .arg(version.number)
                                                         .arg(name, seen->second));

        const QString type = toQt(item->value("type", json("text")));
        const json &body = (*item)["prompt"];
        PromptContent content;
        std::vector<std::pair<QString, QString>> renames { { at(path, "model."), at(path, "config.") },
                                                           { QStringLiteral("max_output_tokens"), QStringLiteral("max_tokens") } };
        if (type == QLatin1String("text") && body.is_string()) {
            content.messages.push_back({ Role::User, plainVariables(toQt(body)), {}, {} });
            checkLangfuseText(toQt(body), at(path, "prompt"), problems);
            renames.insert(renames.begin(), { at(path, "messages[0].template"), at(path, "prompt") });
        } else if (type == QLatin1String("chat") && body.is_array()) {
            for (std::size_t i = 0; i < body.size(); ++i) {
                const json &message = body[i];
                const QString messagePath = at(at(path, "prompt"), i);
                MessageTemplate converted;
                if (message.is_object() && message.value("type", std::string()) == "placeholder")
                    problems.push_back(messagePath + QStringLiteral(": the message placeholder \"%1\" has no Switchboard "
                                                                    "equivalent; replace it with messages in Langfuse first")
                                                         .arg(toQt(message.value("name", json()))));
                else if (!message.is_object() || !message.contains("role") || !message["role"].is_string()
                         || !message.contains("content") || !message["content"].is_string())
                    problems.push_back(messagePath + QStringLiteral(": expected {\"role\": ..., \"content\": \"...\"}"));
                else {
                    const auto role = roleFromString(toQt(message["role"]));
                    if (!role)
                        problems.push_back(at(messagePath, "role") + QStringLiteral(": unknown role \"%1\"; use system, "
                                                                                    "developer, user, assistant or tool")
                                                                        .arg(toQt(message["role"])));
                    converted.role = role.value_or(Role::User);
                    converted.text = plainVariables(toQt(message["content"]));
                    checkLangfuseText(toQt(message["content"]), at(messagePath, "content"), problems);
                }
                content.messages.push_back(std::move(converted));
            }
            renames.insert(renames.begin(), { at(path, "messages["), at(path, "prompt[") });
            renames.insert(renames.begin(), { QStringLiteral("].template"), QStringLiteral("].content") });
        } else {
            problems.push_back(at(path, "prompt") + QStringLiteral(": expected a string for type \"text\" or a list of "
                                                                   "messages for type \"chat\" (type is \"%1\")")
                                                        .arg(type));
        }
        if (item->contains("config") && (*item)["config"].is_object()) {
            QStringList ignored;
            content.model = readConfig((*item)["config"], ignored);
            if (!ignored.isEmpty())
                out.notes.push_back(QStringLiteral("%1 version %2: config keys not kept: %3")
                                        .arg(name)
                                        .arg(version.number)
                                        .arg(ignored.join(QLatin1String(", "))));
        }
        content.variables = declaredVariables(content.messages);
        if (auto checked = checkedContent(content, path, renames, problems))
            version.content = std::move(*checked);
        version.contentHash = contentHash(version.content);
        version.commitMessage = toQt(item->value("commitMessage", json()));
        if (version.commitMessage.isEmpty())
            version.commitMessage = QStringLiteral("Imported from Langfuse");
        version.author = options.author;
        version.createdMs = timeOf(*item, "createdAt", now);

        const json tags = item->value("tags", json::array());
        for (const json &tag : tags)
            if (tag.is_string() && !prompt.tags.contains(toQt(tag)))
                prompt.tags.push_back(toQt(tag));
        const json labels = item->value("labels", json::array());
        for (std::size_t i = 0; i < labels.size(); ++i) {
            const QString label = toQt(labels[i]);
            if (label == kLatestLabel)
                continue; // always the newest version here too
            if (const QString problem = labelProblem(label); !problem.isEmpty()) {
                problems.push_back(at(at(path, "labels"), i) + QStringLiteral(": ") + problem);
                continue;
            }
            if (const auto other = prompt.labelled(label)) {
                problems.push_back(at(at(path, "labels"), i) + QStringLiteral(": \"%1\" is also on version %2 of \"%3\"")
                                                                   .arg(label)
                                                                   .arg(*other)
                                                                   .arg(name));
                continue;
            }
            prompt.labels.push_back({ label, version.number, now });
            prompt.history.push_back({ label, std::nullopt, version.number, QStringLiteral("Imported from Langfuse"),
                                       options.author, now });
        }
        prompt.createdMs = prompt.createdMs == 0 ? version.createdMs : std::min(prompt.createdMs, version.createdMs);
        prompt.updatedMs = std::max(prompt.updatedMs, version.createdMs);
        prompt.versions.push_back(std::move(version));
    }
    for (Prompt &prompt : out.prompts) {
        std::stable_sort(prompt.versions.begin(), prompt.versions.end(),
                         [](const PromptVersion &a, const PromptVersion &b) { return a.number < b.number; });
        std::stable_sort(prompt.labels.begin(), prompt.labels.end(),
                         [](const PromptLabel &a, const PromptLabel &b) { return a.label < b.label; });
    }
}

} // namespace switchboard::core::prompts::foreign
