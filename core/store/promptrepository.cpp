#include "promptrepository.h"

#include "prompts/templatecheck.h"
#include "store/auditlogrepository.h"
#include "store/connection.h"
#include "store/labelgaterepository.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>

namespace switchboard::core::store {

using prompts::LabelChange;
using prompts::Prompt;
using prompts::PromptContent;
using prompts::PromptLabel;
using prompts::PromptSummary;
using prompts::PromptVersion;

namespace {

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

QString tagsJson(const QStringList &tags)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(tags)).toJson(QJsonDocument::Compact));
}

QStringList tagsFrom(const QString &json)
{
    QStringList tags;
    for (const QJsonValue &tag : QJsonDocument::fromJson(json.toUtf8()).array())
        tags.push_back(tag.toString());
    return tags;
}

std::optional<qint64> optionalAt(const QSqlQuery &row, int column)
{
    return row.isNull(column) ? std::nullopt : std::optional<qint64>(row.value(column).toLongLong());
}

QStringList cleanTags(const QStringList &tags)
{
    QStringList out;
    for (const QString &tag : tags) {
        const QString trimmed = tag.trimmed();
        if (!trimmed.isEmpty() && !out.contains(trimmed))
            out.push_back(trimmed);
    }
    return out;
}

Result<PromptVersion> versionFrom(const QSqlQuery &row)
{
    PromptVersion version;
    version.number = row.value(0).toLongLong();
    const QByteArray text = row.value(1).toString().toUtf8();
    auto json = nlohmann::json::parse(text.constData(), text.constData() + text.size(), nullptr, false);
    auto content = prompts::contentFromJson(json);
    if (!content)
        return fail(ErrorCode::StoreCorrupt, QStringLiteral("Version %1 of this prompt cannot be read (%2). Restore the "
                                                            "workspace from a backup or export the other versions.")
                                                 .arg(version.number)
                                                 .arg(content.error().message));
    version.content = std::move(*content);
    version.contentHash = row.value(2).toString();
    version.commitMessage = row.value(3).toString();
    version.author = row.value(4).toString();
    version.createdMs = row.value(5).toLongLong();
    return version;
}

QString promptNotFound(const QString &name)
{
    return QStringLiteral("There is no prompt named \"%1\". Check the name, or create it first.").arg(name);
}

} // namespace

Result<qint64> PromptRepository::idOf(const QString &name)
{
    auto query = m_connection.exec(QStringLiteral("SELECT id FROM prompts WHERE name = ?"), { name });
    if (!query)
        return std::unexpected(query.error());
    if (!query->next())
        return fail(ErrorCode::NotFound, promptNotFound(name));
    return query->value(0).toLongLong();
}

Result<void> PromptRepository::audit(const QString &action, const QString &subject, const QString &reason,
                                     const QString &actor, const QString &detailsJson)
{
    AuditEntry entry;
    entry.atMs = nowMs();
    entry.actor = actor;
    entry.action = action;
    entry.subjectKind = QStringLiteral("prompt");
    entry.subject = subject;
    entry.reason = reason;
    entry.detailsJson = detailsJson;
    auto appended = AuditLogRepository(m_connection).append(entry);
    if (!appended)
        return std::unexpected(appended.error());
    return {};
}

Result<std::vector<PromptSummary>> PromptRepository::list(const QString &search)
{
    const QString pattern = QLatin1Char('%') + search.trimmed() + QLatin1Char('%');
    auto query = m_connection.exec(
        QStringLiteral("SELECT p.id, p.name, p.description, p.tags_json, p.updated_ms, "
                       "(SELECT MAX(number) FROM prompt_versions v WHERE v.prompt_id = p.id), "
                       "(SELECT v.content_json FROM prompt_versions v WHERE v.prompt_id = p.id ORDER BY v.number DESC LIMIT 1) "
                       "FROM prompts p WHERE p.name LIKE ? OR p.description LIKE ? OR p.tags_json LIKE ? ORDER BY p.name"),
        { pattern, pattern, pattern });
    if (!query)
        return std::unexpected(query.error());
    std::vector<PromptSummary> out;
    std::vector<qint64> ids;
    while (query->next()) {
        PromptSummary summary;
        ids.push_back(query->value(0).toLongLong());
        summary.name = query->value(1).toString();
        summary.description = query->value(2).toString();
        summary.tags = tagsFrom(query->value(3).toString());
        summary.updatedMs = query->value(4).toLongLong();
        summary.latestVersion = query->value(5).toLongLong();
        const QByteArray content = query->value(6).toString().toUtf8();
        const auto json = nlohmann::json::parse(content.constData(), content.constData() + content.size(), nullptr, false);
        if (auto parsed = prompts::contentFromJson(json))
            summary.model = parsed->model.target();
        out.push_back(std::move(summary));
    }
    if (auto read = m_connection.readCompleted(*query); !read)
        return std::unexpected(read.error());
    auto labels = m_connection.exec(QStringLiteral("SELECT prompt_id, label, version FROM prompt_labels ORDER BY label"));
    if (!labels)
        return std::unexpected(labels.error());
    while (labels->next()) {
        const auto at = std::find(ids.begin(), ids.end(), labels->value(0).toLongLong());
        if (at == ids.end())
            continue;
        PromptSummary &summary = out[std::size_t(at - ids.begin())];
        const QString label = labels->value(1).toString();
        const qint64 version = labels->value(2).toLongLong();
        if (label == prompts::kProductionLabel)
            summary.productionVersion = version;
        summary.labels.push_back(QStringLiteral("%1: %2").arg(label).arg(version));
    }
    if (auto read = m_connection.readCompleted(*labels); !read)
        return std::unexpected(read.error());
    return out;
}

Result<PromptVersion> PromptRepository::version(const QString &name, qint64 number)
{
    auto id = idOf(name);
    if (!id)
        return std::unexpected(id.error());
    auto query = m_connection.exec(QStringLiteral("SELECT number, content_json, content_hash, commit_message, author, created_ms "
                                                  "FROM prompt_versions WHERE prompt_id = ? AND number = ?"),
                                   { *id, number });
    if (!query)
        return std::unexpected(query.error());
    if (!query->next())
        return fail(ErrorCode::NotFound, QStringLiteral("Prompt \"%1\" has no version %2.").arg(name).arg(number));
    return versionFrom(*query);
}

Result<Prompt> PromptRepository::load(const QString &name)
{
    auto head = m_connection.exec(
        QStringLiteral("SELECT id, name, description, tags_json, created_ms, updated_ms FROM prompts WHERE name = ?"), { name });
    if (!head)
        return std::unexpected(head.error());
    if (!head->next())
        return fail(ErrorCode::NotFound, promptNotFound(name));
    const qint64 id = head->value(0).toLongLong();
    Prompt prompt;
    prompt.name = head->value(1).toString();
    prompt.description = head->value(2).toString();
    prompt.tags = tagsFrom(head->value(3).toString());
    prompt.createdMs = head->value(4).toLongLong();
    prompt.updatedMs = head->value(5).toLongLong();

    auto versions = m_connection.exec(QStringLiteral("SELECT number, content_json, content_hash, commit_message, author, created_ms "
                                                     "FROM prompt_versions WHERE prompt_id = ? ORDER BY number"),
                                      { id });
    if (!versions)
        return std::unexpected(versions.error());
    while (versions->next()) {
        auto version = versionFrom(*versions);
        if (!version)
            return std::unexpected(version.error());
        prompt.versions.push_back(std::move(*version));
    }
    auto labels = m_connection.exec(
        QStringLiteral("SELECT label, version, updated_ms FROM prompt_labels WHERE prompt_id = ? ORDER BY label"), { id });
    if (!labels)
        return std::unexpected(labels.error());
    while (labels->next())
        prompt.labels.push_back({ labels->value(0).toString(), labels->value(1).toLongLong(), labels->value(2).toLongLong() });
    auto history = m_connection.exec(QStringLiteral("SELECT label, from_version, to_version, reason, author, at_ms "
                                                    "FROM prompt_label_history WHERE prompt_id = ? ORDER BY at_ms, id"),
                                     { id });
    if (!history)
        return std::unexpected(history.error());
    while (history->next())
        prompt.history.push_back({ history->value(0).toString(), optionalAt(*history, 1), optionalAt(*history, 2),
                                   history->value(3).toString(), history->value(4).toString(), history->value(5).toLongLong() });
    return prompt;
}

Result<void> PromptRepository::create(const QString &name, const QString &description, const QStringList &tags,
                                      const QString &actor)
{
    if (const QString problem = prompts::promptNameProblem(name); !problem.isEmpty())
        return fail(ErrorCode::InvalidArgument, problem);
    return m_connection.writeTransaction([&]() -> Result<void> {
        const qint64 at = nowMs();
        auto inserted = m_connection.exec(
            QStringLiteral("INSERT INTO prompts (name, description, tags_json, created_ms, updated_ms) VALUES (?, ?, ?, ?, ?)"),
            { name, description, tagsJson(cleanTags(tags)), at, at });
        if (!inserted) {
            if (inserted.error().code == ErrorCode::Conflict)
                return fail(ErrorCode::Conflict,
                            QStringLiteral("A prompt named \"%1\" already exists; open it, or choose another name.").arg(name));
            return std::unexpected(inserted.error());
        }
        return audit(QStringLiteral("prompt.create"), name, {}, actor);
    });
}

Result<void> PromptRepository::updateDetails(const QString &name, const QString &description, const QStringList &tags,
                                             const QString &actor)
{
    return m_connection.writeTransaction([&]() -> Result<void> {
        auto id = idOf(name);
        if (!id)
            return std::unexpected(id.error());
        auto updated = m_connection.exec(
            QStringLiteral("UPDATE prompts SET description = ?, tags_json = ?, updated_ms = ?, row_version = row_version + 1 "
                           "WHERE id = ?"),
            { description, tagsJson(cleanTags(tags)), nowMs(), *id });
        if (!updated)
            return std::unexpected(updated.error());
        return audit(QStringLiteral("prompt.details"), name, {}, actor);
    });
}

Result<PromptRepository::Saved> PromptRepository::saveVersion(const QString &name, const PromptContent &content,
                                                              const QString &commitMessage, const QString &author,
                                                              std::optional<qint64> latestSeen)
{
    // A template is checked when it is saved, not first when it runs.
    if (const auto problems = prompts::validateForSave(content); !problems.empty()) {
        QStringList lines;
        for (const prompts::TemplateProblem &problem : problems)
            lines.push_back(problem.text);
        return fail(ErrorCode::InvalidArgument,
                    QStringLiteral("Not saved: fix the templates first.\n%1").arg(lines.join(QLatin1Char('\n'))));
    }
    Saved saved;
    auto written = m_connection.writeTransaction([&]() -> Result<void> {
        auto id = idOf(name);
        if (!id)
            return std::unexpected(id.error());
        const QString hash = prompts::contentHash(content);
        auto same = m_connection.exec(
            QStringLiteral("SELECT number FROM prompt_versions WHERE prompt_id = ? AND content_hash = ? ORDER BY number DESC"),
            { *id, hash });
        if (!same)
            return std::unexpected(same.error());
        if (same->next()) {
            saved.version = same->value(0).toLongLong();
            return {};
        }
        auto last = m_connection.exec(QStringLiteral("SELECT number, author, created_ms FROM prompt_versions WHERE prompt_id = ? "
                                                     "ORDER BY number DESC LIMIT 1"),
                                      { *id });
        if (!last)
            return std::unexpected(last.error());
        const bool any = last->next();
        const qint64 newest = any ? last->value(0).toLongLong() : 0;
        if (latestSeen && newest > *latestSeen)
            return fail(ErrorCode::Conflict,
                        QStringLiteral("Not saved: %1 saved version %2 of %3 at %4, after you began from version %5. Your edits "
                                       "are kept; compare them with version %2, then save again to add yours after it.")
                            .arg(last->value(1).toString())
                            .arg(newest)
                            .arg(name, QDateTime::fromMSecsSinceEpoch(last->value(2).toLongLong()).toString(QStringLiteral("HH:mm")))
                            .arg(*latestSeen));
        saved.version = newest + 1;
        saved.created = true;
        const qint64 at = nowMs();
        const QString json = QString::fromStdString(prompts::toJson(content).dump());
        if (auto inserted = m_connection.exec(
                QStringLiteral("INSERT INTO prompt_versions (prompt_id, number, content_json, content_hash, commit_message, "
                               "author, created_ms) VALUES (?, ?, ?, ?, ?, ?, ?)"),
                { *id, saved.version, json, hash, commitMessage, author, at });
            !inserted)
            return std::unexpected(inserted.error());
        if (auto touched = m_connection.exec(QStringLiteral("UPDATE prompts SET updated_ms = ? WHERE id = ?"), { at, *id });
            !touched)
            return std::unexpected(touched.error());
        return audit(QStringLiteral("prompt.version"), name, commitMessage, author,
                     QStringLiteral("{\"version\":%1}").arg(saved.version));
    });
    if (!written)
        return std::unexpected(written.error());
    return saved;
}

Result<void> PromptRepository::moveLabel(const QString &name, const QString &label, std::optional<qint64> version,
                                         const QString &reason, const QString &actor)
{
    if (const QString problem = prompts::labelProblem(label); !problem.isEmpty())
        return fail(ErrorCode::InvalidArgument, problem);
    if (reason.trimmed().isEmpty())
        return fail(ErrorCode::InvalidArgument, QStringLiteral("Say why the label moves: the reason goes into the label "
                                                               "history and the audit log."));
    return m_connection.writeTransaction([&]() -> Result<void> {
        auto id = idOf(name);
        if (!id)
            return std::unexpected(id.error());
        if (version) {
            auto exists = m_connection.exec(QStringLiteral("SELECT 1 FROM prompt_versions WHERE prompt_id = ? AND number = ?"),
                                            { *id, *version });
            if (!exists)
                return std::unexpected(exists.error());
            if (!exists->next())
                return fail(ErrorCode::NotFound, QStringLiteral("Prompt \"%1\" has no version %2.").arg(name).arg(*version));
            if (auto gated = LabelGateRepository(m_connection).check(name, label, *version); !gated)
                return gated;
        }
        auto current = m_connection.exec(QStringLiteral("SELECT version FROM prompt_labels WHERE prompt_id = ? AND label = ?"),
                                         { *id, label });
        if (!current)
            return std::unexpected(current.error());
        const std::optional<qint64> from = current->next() ? std::optional<qint64>(current->value(0).toLongLong()) : std::nullopt;
        if (from == version)
            return {};
        if (!from && !version)
            return fail(ErrorCode::NotFound, QStringLiteral("Prompt \"%1\" has no label \"%2\" to remove.").arg(name, label));
        const qint64 at = nowMs();
        auto changed = version ? m_connection.exec(QStringLiteral("INSERT INTO prompt_labels (prompt_id, label, version, updated_ms) "
                                                                  "VALUES (?, ?, ?, ?) ON CONFLICT (prompt_id, label) DO UPDATE "
                                                                  "SET version = excluded.version, updated_ms = excluded.updated_ms"),
                                                   { *id, label, *version, at })
                               : m_connection.exec(QStringLiteral("DELETE FROM prompt_labels WHERE prompt_id = ? AND label = ?"),
                                                   { *id, label });
        if (!changed)
            return std::unexpected(changed.error());
        if (auto logged = m_connection.exec(QStringLiteral("INSERT INTO prompt_label_history (prompt_id, label, from_version, "
                                                           "to_version, reason, author, at_ms) VALUES (?, ?, ?, ?, ?, ?, ?)"),
                                            { *id, label, nullableValue(from), nullableValue(version), reason, actor, at });
            !logged)
            return std::unexpected(logged.error());
        const auto side = [](const std::optional<qint64> &v) { return v ? QString::number(*v) : QStringLiteral("none"); };
        return audit(QStringLiteral("label.move"), name, reason, actor,
                     QString::fromUtf8(QJsonDocument(QJsonObject { { QStringLiteral("label"), label },
                                                                   { QStringLiteral("from"), side(from) },
                                                                   { QStringLiteral("to"), side(version) } })
                                           .toJson(QJsonDocument::Compact)));
    });
}

Result<void> PromptRepository::insertWhole(const Prompt &prompt, const QString &actor)
{
    return insertAll({ prompt }, actor);
}

Result<void> PromptRepository::insertAll(const std::vector<Prompt> &batch, const QString &actor)
{
    for (const Prompt &prompt : batch)
        if (const QString problem = prompts::promptNameProblem(prompt.name); !problem.isEmpty())
            return fail(ErrorCode::InvalidArgument, problem);
    // Transactions do not nest, so the whole batch is one and each prompt is written inside it.
    return m_connection.writeTransaction([&]() -> Result<void> {
        for (const Prompt &prompt : batch)
            if (auto done = insertOne(prompt, actor); !done)
                return done;
        return {};
    });
}

Result<void> PromptRepository::insertOne(const Prompt &prompt, const QString &actor)
{
    auto inserted = m_connection.exec(
        QStringLiteral("INSERT INTO prompts (name, description, tags_json, created_ms, updated_ms) VALUES (?, ?, ?, ?, ?)"),
        { prompt.name, prompt.description, tagsJson(cleanTags(prompt.tags)), prompt.createdMs, prompt.updatedMs });
    if (!inserted) {
        if (inserted.error().code == ErrorCode::Conflict)
            return fail(ErrorCode::Conflict, QStringLiteral("A prompt named \"%1\" already exists in this workspace.")
                                                 .arg(prompt.name));
        return std::unexpected(inserted.error());
    }
    const qint64 id = inserted->lastInsertId().toLongLong();
    for (const PromptVersion &version : prompt.versions) {
        const QString json = QString::fromStdString(prompts::toJson(version.content).dump());
        if (auto done = m_connection.exec(
                QStringLiteral("INSERT INTO prompt_versions (prompt_id, number, content_json, content_hash, commit_message, "
                               "author, created_ms) VALUES (?, ?, ?, ?, ?, ?, ?)"),
                { id, version.number, json, prompts::contentHash(version.content), version.commitMessage, version.author,
                  version.createdMs });
            !done)
            return std::unexpected(done.error());
    }
    for (const PromptLabel &label : prompt.labels) {
        if (auto done = m_connection.exec(
                QStringLiteral("INSERT INTO prompt_labels (prompt_id, label, version, updated_ms) VALUES (?, ?, ?, ?)"),
                { id, label.label, label.version, label.updatedMs });
            !done)
            return std::unexpected(done.error());
    }
    for (const LabelChange &change : prompt.history) {
        if (auto done = m_connection.exec(QStringLiteral("INSERT INTO prompt_label_history (prompt_id, label, from_version, "
                                                         "to_version, reason, author, at_ms) VALUES (?, ?, ?, ?, ?, ?, ?)"),
                                          { id, change.label, nullableValue(change.fromVersion), nullableValue(change.toVersion),
                                            change.reason, change.author, change.atMs });
            !done)
            return std::unexpected(done.error());
    }
    return audit(QStringLiteral("prompt.import"), prompt.name, {}, actor,
                 QStringLiteral("{\"versions\":%1}").arg(prompt.versions.size()));
}

Result<void> PromptRepository::remove(const QString &name, const QString &reason, const QString &actor)
{
    if (reason.trimmed().isEmpty())
        return fail(ErrorCode::InvalidArgument, QStringLiteral("Say why the prompt is deleted: the reason goes into the audit log."));
    return m_connection.writeTransaction([&]() -> Result<void> {
        auto id = idOf(name);
        if (!id)
            return std::unexpected(id.error());
        // Label history and versions go with it (ON DELETE CASCADE); the audit log keeps the fact.
        for (const char *table : { "prompt_label_history", "prompt_labels", "prompt_versions" }) {
            if (auto done = m_connection.exec(QStringLiteral("DELETE FROM %1 WHERE prompt_id = ?").arg(QLatin1String(table)), { *id });
                !done)
                return std::unexpected(done.error());
        }
        if (auto done = m_connection.exec(QStringLiteral("DELETE FROM prompts WHERE id = ?"), { *id }); !done)
            return std::unexpected(done.error());
        return audit(QStringLiteral("prompt.delete"), name, reason, actor);
    });
}

} // namespace switchboard::core::store
