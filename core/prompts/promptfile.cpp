#include "promptfile.h"

#include "prompts/jsonfields.h"
#include "prompts/templatecheck.h"

#include "model/enumnames.h"
#include "prompts/foreignpromptfile.h"

#include <QFileInfo>

#include <algorithm>
#include <map>

namespace switchboard::core::prompts {

using nlohmann::json;

namespace {

constexpr EnumNames<PromptFileFormat, 4> kFormats { { { PromptFileFormat::Detect, "detect" },
                                                     { PromptFileFormat::Switchboard, "switchboard" },
                                                     { PromptFileFormat::Langfuse, "langfuse" },
                                                     { PromptFileFormat::Promptfoo, "promptfoo" } } };

std::string toStd(const QString &text)
{
    return text.toStdString();
}

QString toQt(const json &value)
{
    return value.is_string() ? QString::fromStdString(value.get_ref<const std::string &>()) : QString();
}

json optionalNumber(const std::optional<qint64> &value)
{
    return value ? json(*value) : json(nullptr);
}

PromptVersion readVersion(const json &value, const QString &path, QStringList &problems)
{
    PromptVersion version;
    JsonFields fields(value, path, problems);
    version.number = fields.integer("number", true).value_or(0);
    if (fields.ok() && version.number < 1 && fields.member("number", false))
        fields.note(fields.path("number"), QStringLiteral("must be 1 or more"));
    bool contentRead = false;
    if (const json *content = fields.member("content", true)) {
        if (auto read = contentFromJson(*content, fields.path("content"), problems)) {
            // Templates are checked as saving checks them: nothing enters that could not render.
            for (const TemplateProblem &problem : validateForSave(*read))
                problems.push_back(fields.path("content") + QLatin1String(": ") + problem.text);
            version.content = std::move(*read);
            contentRead = true;
        }
    }
    const QString hash = fields.string("content_hash", true);
    // Only content that could be read has a hash to compare.
    if (contentRead && !hash.isEmpty() && hash != contentHash(version.content))
        fields.note(fields.path("content_hash"),
                    QStringLiteral("does not match the content: the file was edited or damaged after export. Export "
                                   "the prompt again, or correct the content."));
    version.contentHash = hash;
    version.commitMessage = fields.string("commit_message", false);
    version.author = fields.string("author", false);
    version.createdMs = fields.integer("created_ms", true).value_or(0);
    return version;
}

std::optional<qint64> historyVersion(JsonFields &fields, const char *key, const Prompt &prompt)
{
    const std::optional<qint64> number = fields.integer(key, false);
    if (number && !prompt.version(*number))
        fields.note(fields.path(key), QStringLiteral("version %1 is not in the prompt's versions").arg(*number));
    return number;
}

Prompt readPrompt(const json &value, const QString &path, QStringList &problems)
{
    Prompt prompt;
    JsonFields fields(value, path, problems);
    prompt.name = fields.string("name", true);
    if (const QString problem = promptNameProblem(prompt.name); fields.member("name", false) && !problem.isEmpty())
        fields.note(fields.path("name"), problem);
    prompt.description = fields.string("description", false);
    prompt.tags = fields.strings("tags");
    prompt.createdMs = fields.integer("created_ms", true).value_or(0);
    prompt.updatedMs = fields.integer("updated_ms", true).value_or(0);
    std::map<qint64, QString> seen;
    fields.array("versions", [&](const json &item, const QString &itemPath) {
        PromptVersion version = readVersion(item, itemPath, problems);
        if (version.number > 0) {
            if (const auto it = seen.find(version.number); it != seen.end())
                problems.push_back(itemPath + QStringLiteral(".number: version %1 appears twice (also %2)")
                                                  .arg(version.number)
                                                  .arg(it->second));
            else
                seen.emplace(version.number, itemPath);
        }
        prompt.versions.push_back(std::move(version));
    });
    std::stable_sort(prompt.versions.begin(), prompt.versions.end(),
                     [](const PromptVersion &a, const PromptVersion &b) { return a.number < b.number; });
    fields.array("labels", [&](const json &item, const QString &itemPath) {
        JsonFields label(item, itemPath, problems);
        PromptLabel out { label.string("label", true), label.integer("version", true).value_or(0), label.integer("updated_ms", true).value_or(0) };
        if (const QString problem = labelProblem(out.label); label.ok() && !out.label.isEmpty() && !problem.isEmpty())
            label.note(label.path("label"), problem);
        if (out.label != kLatestLabel && !out.label.isEmpty() && prompt.labelled(out.label))
            label.note(label.path("label"), QStringLiteral("\"%1\" is given twice; a label points at one version").arg(out.label));
        if (out.version > 0 && !prompt.version(out.version))
            label.note(label.path("version"), QStringLiteral("points at version %1, which is not in the prompt's versions").arg(out.version));
        prompt.labels.push_back(std::move(out));
    });
    std::stable_sort(prompt.labels.begin(), prompt.labels.end(),
                     [](const PromptLabel &a, const PromptLabel &b) { return a.label < b.label; });
    fields.array("label_history", [&](const json &item, const QString &itemPath) {
        JsonFields entry(item, itemPath, problems);
        LabelChange change;
        change.label = entry.string("label", true);
        if (const QString problem = labelProblem(change.label); entry.ok() && !change.label.isEmpty() && !problem.isEmpty())
            entry.note(entry.path("label"), problem);
        change.fromVersion = historyVersion(entry, "from", prompt);
        change.toVersion = historyVersion(entry, "to", prompt);
        if (entry.ok() && !change.fromVersion && !change.toVersion && !entry.member("from", false) && !entry.member("to", false))
            entry.note(itemPath, QStringLiteral("a label move needs a from or a to version"));
        change.reason = entry.string("reason", false);
        change.author = entry.string("author", false);
        change.atMs = entry.integer("at_ms", true).value_or(0);
        prompt.history.push_back(std::move(change));
    });
    return prompt;
}

bool isTextFile(const QString &fileName)
{
    const QString suffix = QFileInfo(fileName).suffix().toLower();
    return suffix == QLatin1String("txt") || suffix == QLatin1String("prompt") || suffix == QLatin1String("md");
}

// The name given in the options replaces the file's only prompt's name.
void applyName(const PromptFileOptions &options, PromptFileContents &out, QStringList &problems)
{
    if (options.name.isEmpty() || out.format == PromptFileFormat::Promptfoo)
        return;
    if (out.prompts.size() != 1) {
        problems.push_back(QStringLiteral("name: a new name works for a file of one prompt; this file has %1")
                               .arg(out.prompts.size()));
        return;
    }
    out.prompts.front().name = options.name;
}

void checkNames(const PromptFileContents &out, const PromptFileOptions &options, QStringList &problems)
{
    std::map<QString, std::size_t> first;
    for (std::size_t i = 0; i < out.prompts.size(); ++i) {
        const QString &name = out.prompts[i].name;
        if (!options.name.isEmpty())
            if (const QString problem = promptNameProblem(name); !problem.isEmpty())
                problems.push_back(QStringLiteral("name: ") + problem);
        if (name.isEmpty())
            continue;
        if (const auto it = first.find(name); it != first.end())
            problems.push_back(QStringLiteral("prompts[%1].name: \"%2\" is also the name of prompts[%3]; a file holds each "
                                              "prompt once")
                                   .arg(i)
                                   .arg(name)
                                   .arg(it->second));
        else
            first.emplace(name, i);
    }
}

void readSwitchboard(const json &root, PromptFileContents &out, QStringList &problems)
{
    const QString kind = root.is_object() ? toQt(root.value("format", json())) : QString();
    if (kind != QLatin1String(kPromptFileFormat)) {
        problems.push_back(QStringLiteral("format: expected \"%1\"; this is not a Switchboard prompt file (for Langfuse or "
                                          "promptfoo files, say which with --format)")
                               .arg(QLatin1String(kPromptFileFormat)));
        return;
    }
    const json version = root.value("version", json());
    if (!version.is_number_integer())
        problems.push_back(QStringLiteral("version: expected the file format's version number (%1)").arg(kPromptFileVersion));
    else if (version.get<qint64>() != kPromptFileVersion)
        problems.push_back(QStringLiteral("version: this file is format version %1, and this Switchboard reads version %2; "
                                          "update Switchboard to read it")
                               .arg(version.get<qint64>())
                               .arg(kPromptFileVersion));
    const json prompts = root.value("prompts", json());
    if (!prompts.is_array()) {
        problems.push_back(QStringLiteral("prompts: expected a list of prompts"));
        return;
    }
    for (std::size_t i = 0; i < prompts.size(); ++i)
        out.prompts.push_back(readPrompt(prompts[i], JsonFields::index(QStringLiteral("prompts"), i), problems));
}

} // namespace

QString nameOf(PromptFileFormat format)
{
    return enumName(kFormats, format);
}

std::optional<PromptFileFormat> promptFileFormatFromString(QStringView name)
{
    return enumValue(kFormats, name);
}

json exportPrompts(const std::vector<Prompt> &prompts)
{
    json list = json::array();
    for (const Prompt &prompt : prompts) {
        json tags = json::array();
        for (const QString &tag : prompt.tags)
            tags.push_back(toStd(tag));
        json versions = json::array();
        for (const PromptVersion &version : prompt.versions)
            versions.push_back({ { "number", version.number },
                                 { "content", toJson(version.content) },
                                 { "content_hash", toStd(contentHash(version.content)) },
                                 { "commit_message", toStd(version.commitMessage) },
                                 { "author", toStd(version.author) },
                                 { "created_ms", version.createdMs } });
        json labels = json::array();
        for (const PromptLabel &label : prompt.labels)
            labels.push_back({ { "label", toStd(label.label) }, { "version", label.version }, { "updated_ms", label.updatedMs } });
        json history = json::array();
        for (const LabelChange &change : prompt.history)
            history.push_back({ { "label", toStd(change.label) },
                                { "from", optionalNumber(change.fromVersion) },
                                { "to", optionalNumber(change.toVersion) },
                                { "reason", toStd(change.reason) },
                                { "author", toStd(change.author) },
                                { "at_ms", change.atMs } });
        list.push_back({ { "name", toStd(prompt.name) },
                         { "description", toStd(prompt.description) },
                         { "tags", std::move(tags) },
                         { "created_ms", prompt.createdMs },
                         { "updated_ms", prompt.updatedMs },
                         { "versions", std::move(versions) },
                         { "labels", std::move(labels) },
                         { "label_history", std::move(history) } });
    }
    return { { "format", kPromptFileFormat }, { "version", kPromptFileVersion }, { "prompts", std::move(list) } };
}

QByteArray exportPromptBytes(const std::vector<Prompt> &prompts)
{
    const std::string text = exportPrompts(prompts).dump(2) + '\n';
    return QByteArray(text.data(), qsizetype(text.size()));
}

Result<PromptFileContents> readPromptFile(const QByteArray &bytes, const PromptFileOptions &options)
{
    PromptFileContents out;
    QStringList problems;
    const bool textForm = options.format == PromptFileFormat::Promptfoo && isTextFile(options.fileName);
    json root;
    if (!textForm) {
        try {
            root = json::parse(bytes.constData(), bytes.constData() + bytes.size());
        } catch (const json::parse_error &error) {
            if (options.format == PromptFileFormat::Detect && isTextFile(options.fileName)) {
                out.format = PromptFileFormat::Promptfoo;
                foreign::readPromptfooText(bytes, options, out, problems);
            } else {
                problems.push_back(QStringLiteral("%1: the file is not valid JSON (%2); fix the JSON and import again")
                                       .arg(JsonFields::lineAndColumn(bytes, error.byte))
                                       .arg(QString::fromUtf8(error.what()).section(QLatin1Char(':'), -1).trimmed()));
            }
        }
    }
    if (textForm) {
        out.format = PromptFileFormat::Promptfoo;
        foreign::readPromptfooText(bytes, options, out, problems);
    } else if (problems.isEmpty() && out.prompts.empty() && !root.is_discarded() && !root.is_null()) {
        PromptFileFormat format = options.format;
        if (format == PromptFileFormat::Detect) {
            format = root.is_object() && root.contains("format") ? PromptFileFormat::Switchboard
                : foreign::looksLikePromptfooChat(root)          ? PromptFileFormat::Promptfoo
                : foreign::looksLikeLangfuse(root)               ? PromptFileFormat::Langfuse
                                                                 : PromptFileFormat::Switchboard;
        }
        out.format = format;
        // Foreign files can hold any JSON where a string or list is expected; a type the
        // readers did not check for is one more problem, not a crash.
        try {
            if (format == PromptFileFormat::Switchboard)
                readSwitchboard(root, out, problems);
            else if (format == PromptFileFormat::Langfuse)
                foreign::readLangfuse(root, options, out, problems);
            else
                foreign::readPromptfooChat(root, options, out, problems);
        } catch (const json::exception &error) {
            problems.push_back(QStringLiteral("a value has an unexpected type (%1); check the file against the %2 format")
                                   .arg(QString::fromUtf8(error.what()), nameOf(format)));
        }
    } else if (problems.isEmpty() && out.prompts.empty() && out.format != PromptFileFormat::Promptfoo) {
        problems.push_back(QStringLiteral("the file is empty; export prompts into it first"));
    }
    applyName(options, out, problems);
    checkNames(out, options, problems);
    if (!problems.isEmpty())
        return fail(ErrorCode::InvalidArgument, problems.join(QLatin1Char('\n')));
    return out;
}

Result<std::vector<Prompt>> readPromptFile(const QByteArray &bytes)
{
    PromptFileOptions options;
    options.format = PromptFileFormat::Switchboard;
    auto read = readPromptFile(bytes, options);
    if (!read)
        return std::unexpected(read.error());
    return std::move(read->prompts);
}

} // namespace switchboard::core::prompts
