#include "promptdiff.h"

#include <dtl/dtl.hpp>

#include <QStringList>

namespace switchboard::core::prompts {

using nlohmann::json;

namespace {

const QString kUnset = QStringLiteral("(not set)");

QString number(const std::optional<double> &value)
{
    return value ? QString::number(*value) : kUnset;
}

QString integer(const std::optional<qint64> &value)
{
    return value ? QString::number(*value) : kUnset;
}

QString formatOf(const ResponseFormat &format)
{
    switch (format.kind) {
    case ResponseFormat::Kind::Text: return QStringLiteral("text");
    case ResponseFormat::Kind::JsonObject: return QStringLiteral("json_object");
    case ResponseFormat::Kind::JsonSchema:
        return QStringLiteral("json_schema %1%2: %3")
            .arg(format.schemaName, format.strict ? QStringLiteral(" (strict)") : QString(),
                 QString::fromStdString(format.schema.dump()));
    }
    return {};
}

QString toolsOf(const std::vector<ToolDefinition> &tools)
{
    if (tools.empty())
        return kUnset;
    QStringList out;
    for (const ToolDefinition &tool : tools)
        out.push_back(QStringLiteral("%1 %2").arg(tool.name, QString::fromStdString(tool.parameters.dump())));
    return out.join(QStringLiteral("; "));
}

QString describe(const PromptVariable &variable)
{
    QString text = nameOf(variable.type) + (variable.required ? QStringLiteral(", required") : QStringLiteral(", optional"));
    if (!variable.defaultValue.is_null())
        text += QStringLiteral(", default ") + QString::fromStdString(variable.defaultValue.dump());
    if (!variable.choices.isEmpty())
        text += QStringLiteral(", one of ") + variable.choices.join(QStringLiteral("|"));
    if (!variable.description.isEmpty())
        text += QStringLiteral(", \"%1\"").arg(variable.description);
    return text;
}

// Pairs messages by a diff of (role, text): equal messages anchor the alignment; between two
// anchors, removed and added messages pair up as changes while both remain.
std::vector<MessageDiff> diffMessages(const std::vector<MessageTemplate> &before, const std::vector<MessageTemplate> &after)
{
    std::vector<QString> a;
    std::vector<QString> b;
    for (const MessageTemplate &message : before)
        a.push_back(nameOf(message.role) + u'\n' + message.text);
    for (const MessageTemplate &message : after)
        b.push_back(nameOf(message.role) + u'\n' + message.text);
    dtl::Diff<QString> diff(a, b);
    diff.compose();
    std::vector<MessageDiff> out;
    std::vector<std::size_t> removed; // indexes into before, waiting for a partner
    std::vector<std::size_t> added;
    const auto flush = [&] {
        const std::size_t paired = std::min(removed.size(), added.size());
        for (std::size_t i = 0; i < paired; ++i) {
            const MessageTemplate &left = before[removed[i]];
            const MessageTemplate &right = after[added[i]];
            out.push_back({ ChangeKind::Changed, left.role, right.role, diffWords(left.text, right.text) });
        }
        for (std::size_t i = paired; i < removed.size(); ++i)
            out.push_back({ ChangeKind::Removed, before[removed[i]].role, std::nullopt,
                            { { DiffPiece::Removed, before[removed[i]].text } } });
        for (std::size_t i = paired; i < added.size(); ++i)
            out.push_back({ ChangeKind::Added, std::nullopt, after[added[i]].role, { { DiffPiece::Added, after[added[i]].text } } });
        removed.clear();
        added.clear();
    };
    for (const auto &[key, info] : diff.getSes().getSequence()) {
        if (info.type == dtl::SES_DELETE) {
            removed.push_back(std::size_t(info.beforeIdx - 1));
        } else if (info.type == dtl::SES_ADD) {
            added.push_back(std::size_t(info.afterIdx - 1));
        } else {
            flush();
            const MessageTemplate &message = before[std::size_t(info.beforeIdx - 1)];
            out.push_back({ ChangeKind::Same, message.role, message.role, { { DiffPiece::Same, message.text } } });
        }
    }
    flush();
    return out;
}

std::vector<VariableDiff> diffVariables(const PromptContent &before, const PromptContent &after)
{
    std::vector<VariableDiff> out;
    for (const PromptVariable &variable : before.variables) {
        const PromptVariable *now = after.variable(variable.name);
        if (!now)
            out.push_back({ ChangeKind::Removed, variable.name, describe(variable), {} });
        else
            out.push_back({ *now == variable ? ChangeKind::Same : ChangeKind::Changed, variable.name, describe(variable),
                            describe(*now) });
    }
    for (const PromptVariable &variable : after.variables)
        if (!before.variable(variable.name))
            out.push_back({ ChangeKind::Added, variable.name, {}, describe(variable) });
    return out;
}

std::vector<FieldChange> diffModel(const ModelConfig &before, const ModelConfig &after)
{
    const auto target = [](const ModelConfig &model) { return model.target().isEmpty() ? kUnset : model.target(); };
    const auto stops = [](const ModelConfig &model) { return model.stop.isEmpty() ? kUnset : model.stop.join(QStringLiteral(", ")); };
    std::vector<FieldChange> out {
        { QStringLiteral("model"), target(before), target(after), false },
        { QStringLiteral("temperature"), number(before.temperature), number(after.temperature), false },
        { QStringLiteral("top_p"), number(before.topP), number(after.topP), false },
        { QStringLiteral("max_output_tokens"), integer(before.maxOutputTokens), integer(after.maxOutputTokens), false },
        { QStringLiteral("seed"), integer(before.seed), integer(after.seed), false },
        { QStringLiteral("stop"), stops(before), stops(after), false },
        { QStringLiteral("response_format"), formatOf(before.responseFormat), formatOf(after.responseFormat), false },
        { QStringLiteral("tools"), toolsOf(before.tools), toolsOf(after.tools), false },
    };
    for (FieldChange &field : out)
        field.changed = field.before != field.after;
    return out;
}

QString counted(qsizetype count, const char *what, const char *how)
{
    return QStringLiteral("%1 %2%3 %4").arg(count).arg(QLatin1String(what)).arg(count == 1 ? QString() : QStringLiteral("s"))
        .arg(QLatin1String(how));
}

} // namespace

bool PromptDiff::identical() const
{
    const auto same = [](const auto &item) { return item.change == ChangeKind::Same; };
    return std::all_of(messages.begin(), messages.end(), same) && std::all_of(variables.begin(), variables.end(), same)
        && std::none_of(fields.begin(), fields.end(), [](const FieldChange &field) { return field.changed; });
}

QString PromptDiff::summary() const
{
    if (identical())
        return QStringLiteral("identical");
    QStringList parts;
    const auto count = [](const auto &items, ChangeKind kind) {
        return std::count_if(items.begin(), items.end(), [kind](const auto &item) { return item.change == kind; });
    };
    for (const auto &[kind, how] : { std::pair { ChangeKind::Changed, "changed" }, std::pair { ChangeKind::Added, "added" },
                                     std::pair { ChangeKind::Removed, "removed" } }) {
        if (const auto n = count(messages, kind))
            parts.push_back(counted(n, "message", how));
    }
    for (const auto &[kind, how] : { std::pair { ChangeKind::Changed, "changed" }, std::pair { ChangeKind::Added, "added" },
                                     std::pair { ChangeKind::Removed, "removed" } }) {
        if (const auto n = count(variables, kind))
            parts.push_back(counted(n, "variable", how));
    }
    for (const FieldChange &field : fields) {
        if (!field.changed)
            continue;
        const bool shortValues = field.before.size() <= 40 && field.after.size() <= 40;
        parts.push_back(shortValues ? QStringLiteral("%1 %2 → %3").arg(field.field, field.before, field.after)
                                    : QStringLiteral("%1 changed").arg(field.field));
    }
    return parts.join(QStringLiteral(", "));
}

PromptDiff diffVersions(const PromptContent &before, const PromptContent &after)
{
    return { diffMessages(before.messages, after.messages), diffVariables(before, after), diffModel(before.model, after.model) };
}

} // namespace switchboard::core::prompts
