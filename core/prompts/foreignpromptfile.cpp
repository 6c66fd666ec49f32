#include "foreignpromptfile.h"

#include "prompts/templatecheck.h"

#include <QDateTime>
#include <QFileInfo>
#include <QRegularExpression>

#include <map>

namespace switchboard::core::prompts::foreign {

using nlohmann::json;

namespace {

QString toQt(const json &value)
{
    return value.is_string() ? QString::fromStdString(value.get_ref<const std::string &>()) : QString();
}

QString at(const QString &path, const char *key)
{
    return path.isEmpty() ? QString::fromLatin1(key) : path + u'.' + QLatin1String(key);
}

QString at(const QString &path, std::size_t index)
{
    return path + QStringLiteral("[%1]").arg(index);
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

// Checks the converted content the way the registry would, with the problems' paths put back
// into the foreign file's terms (its messages list and field names).
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

// "line 3, column 7" of a position in `text`, whose first line is line `firstLine` of the file.
QString positionIn(const QString &text, qsizetype offset, qsizetype firstLine)
{
    const qsizetype line = firstLine + text.left(offset).count(u'\n');
    const qsizetype lastBreak = text.lastIndexOf(u'\n', offset > 0 ? offset - 1 : 0);
    const qsizetype column = lastBreak < 0 || lastBreak >= offset ? offset + 1 : offset - lastBreak;
    return QStringLiteral("line %1, column %2").arg(line).arg(column);
}

// Nunjucks to Mustache: plain {{ var }} becomes {{var}}; tags, comments, filters and
// expressions have no Mustache form and are reported where they are.
QString fromNunjucks(const QString &text, const QString &where, qsizetype firstLine, QStringList &problems)
{
    static const QRegularExpression construct(QStringLiteral("\\{%.*?%\\}|\\{#.*?#\\}|\\{\\{(.*?)\\}\\}"),
                                              QRegularExpression::DotMatchesEverythingOption);
    QString out;
    qsizetype done = 0;
    for (auto it = construct.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch match = it.next();
        out += QStringView(text).mid(done, match.capturedStart() - done);
        done = match.capturedEnd();
        const QString whole = match.captured(0);
        const QString place = where + QLatin1String(", ") + positionIn(text, match.capturedStart(), firstLine);
        if (!whole.startsWith(QLatin1String("{{"))) {
            problems.push_back(place + QStringLiteral(": \"%1\" is a Nunjucks tag or comment, which Switchboard's templates "
                                                      "cannot express; rewrite it as text with {{variables}}")
                                           .arg(whole.left(40)));
            continue;
        }
        const QString inner = match.captured(1).trimmed();
        if (plainVariable().match(whole).hasMatch() && plainVariable().match(whole).capturedLength() == whole.size()) {
            out += QLatin1String("{{") + inner + QLatin1String("}}");
        } else if (inner.contains(u'|')) {
            problems.push_back(place + QStringLiteral(": \"%1\" applies a Nunjucks filter, which Switchboard's templates "
                                                      "cannot express; pass the finished value as a variable")
                                           .arg(whole));
        } else {
            problems.push_back(place + QStringLiteral(": \"%1\" is not a plain variable; Switchboard's templates take "
                                                      "{{name}} only")
                                           .arg(whole));
        }
    }
    out += QStringView(text).mid(done);
    return out;
}

QString nameFromFile(const PromptFileOptions &options)
{
    if (!options.name.isEmpty())
        return options.name;
    QString name = QFileInfo(options.fileName).completeBaseName();
    name.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9_.-]+")), QStringLiteral("-"));
    while (name.startsWith(u'-') || name.startsWith(u'.') || name.startsWith(u'_'))
        name.remove(0, 1);
    return name.isEmpty() ? QStringLiteral("imported") : name;
}

Prompt promptfooPrompt(const PromptFileOptions &options)
{
    Prompt prompt;
    prompt.name = nameFromFile(options);
    prompt.createdMs = prompt.updatedMs = nowMs();
    return prompt;
}

void addPromptfooVersion(Prompt &prompt, PromptContent content, const PromptFileOptions &options)
{
    content.variables = declaredVariables(content.messages);
    PromptVersion version;
    version.number = qint64(prompt.versions.size()) + 1;
    version.contentHash = contentHash(content);
    version.content = std::move(content);
    version.commitMessage = QStringLiteral("Imported from promptfoo (%1, prompt %2)")
                                .arg(QFileInfo(options.fileName).fileName())
                                .arg(version.number);
    version.author = options.author;
    version.createdMs = prompt.createdMs;
    prompt.versions.push_back(std::move(version));
}

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

bool looksLikePromptfooChat(const json &root)
{
    return root.is_array() && !root.empty() && std::all_of(root.begin(), root.end(), [](const json &item) {
               return item.is_object() && item.contains("role") && item.contains("content") && !item.contains("name");
           });
}

void readPromptfooChat(const json &root, const PromptFileOptions &options, PromptFileContents &out, QStringList &problems)
{
    if (!root.is_array() || root.empty()) {
        problems.push_back(QStringLiteral("expected a promptfoo chat prompt: a list of {\"role\": ..., \"content\": ...}"));
        return;
    }
    Prompt prompt = promptfooPrompt(options);
    PromptContent content;
    for (std::size_t i = 0; i < root.size(); ++i) {
        const json &message = root[i];
        const QString path = at(QString(), i);
        MessageTemplate converted;
        if (!message.is_object() || !message.value("role", json()).is_string() || !message.value("content", json()).is_string()) {
            problems.push_back(path + QStringLiteral(": expected {\"role\": ..., \"content\": \"...\"}"));
        } else {
            const QString role = toQt(message["role"]);
            if (const auto known = roleFromString(role))
                converted.role = *known;
            else
                problems.push_back(at(path, "role") + QStringLiteral(": unknown role \"%1\"; use system, developer, user, "
                                                                     "assistant or tool")
                                                          .arg(role));
            converted.text = fromNunjucks(toQt(message["content"]), at(path, "content"), 1, problems);
        }
        content.messages.push_back(std::move(converted));
    }
    addPromptfooVersion(prompt, std::move(content), options);
    if (const QString problem = promptNameProblem(prompt.name); !problem.isEmpty())
        problems.push_back(QStringLiteral("name: ") + problem + QStringLiteral(" Give one with --name."));
    out.prompts.push_back(std::move(prompt));
}

void readPromptfooText(const QByteArray &bytes, const PromptFileOptions &options, PromptFileContents &out,
                       QStringList &problems)
{
    const QStringList lines = QString::fromUtf8(bytes).split(u'\n');
    Prompt prompt = promptfooPrompt(options);
    QStringList section;
    qsizetype sectionStart = 1;
    const auto finish = [&](qsizetype nextStart) {
        const QString raw = section.join(u'\n');
        section.clear();
        const qsizetype start = sectionStart;
        sectionStart = nextStart;
        if (raw.trimmed().isEmpty())
            return;
        const QString where = QStringLiteral("prompt %1").arg(prompt.versions.size() + 1);
        PromptContent content;
        content.messages.push_back({ Role::User, fromNunjucks(raw.trimmed(), where, start + raw.left(raw.indexOf(raw.trimmed())).count(u'\n'), problems), {}, {} });
        addPromptfooVersion(prompt, std::move(content), options);
    };
    for (qsizetype i = 0; i < lines.size(); ++i) {
        QString line = lines.at(i);
        if (line.endsWith(u'\r'))
            line.chop(1);
        if (line.trimmed() == QLatin1String("---"))
            finish(i + 2);
        else
            section.push_back(line);
    }
    finish(lines.size() + 1);
    if (prompt.versions.empty())
        problems.push_back(QStringLiteral("the file holds no prompts; promptfoo text files hold prompts separated by lines "
                                          "of ---"));
    if (const QString problem = promptNameProblem(prompt.name); !problem.isEmpty())
        problems.push_back(QStringLiteral("name: ") + problem + QStringLiteral(" Give one with --name."));
    out.prompts.push_back(std::move(prompt));
}

} // namespace switchboard::core::prompts::foreign
