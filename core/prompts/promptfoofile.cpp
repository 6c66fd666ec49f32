// promptfoo's prompt files: a JSON chat array, or text prompts separated by lines of "---".
#include "foreignpromptfile.h"

#include "prompts/foreignshared.h"

#include <QFileInfo>
#include <QRegularExpression>

namespace switchboard::core::prompts::foreign {

using nlohmann::json;

namespace {

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

} // namespace

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
