#pragma once

#include "model/error.h"
#include "prompts/prompt.h"

#include <optional>
#include <vector>

namespace switchboard::core::store {

class Connection;

// The prompt registry's storage: prompts, their immutable numbered versions, labels and the
// history of every label move. Each change is one transaction with its audit entry. Content
// is checked by the caller (prompts::PromptRegistry validates templates before saving).
class PromptRepository final
{
public:
    struct Saved
    {
        qint64 version = 0;
        bool created = false; // false: identical content was already this version
    };

    explicit PromptRepository(Connection &connection) : m_connection(connection) { }

    // Every prompt whose name, description or tags contain `search` (all when empty), by name.
    Result<std::vector<prompts::PromptSummary>> list(const QString &search = {});
    // The whole prompt: details, versions, labels, history. NotFound when there is none.
    Result<prompts::Prompt> load(const QString &name);
    Result<prompts::PromptVersion> version(const QString &name, qint64 number);

    // A new prompt without versions; Conflict when the name is taken.
    Result<void> create(const QString &name, const QString &description, const QStringList &tags,
                        const QString &actor);
    Result<void> updateDetails(const QString &name, const QString &description, const QStringList &tags,
                               const QString &actor);
    // Appends a version, unless a version already has this exact content: then it answers that
    // version and writes nothing.
    // `latestSeen` is the newest version the author had when they began: when another has been
    // saved since (by a second console, say), nothing is saved and Conflict says by whom and
    // when, so that no edit silently buries another. nullopt saves whatever is newest.
    Result<Saved> saveVersion(const QString &name, const prompts::PromptContent &content,
                              const QString &commitMessage, const QString &author,
                              std::optional<qint64> latestSeen = std::nullopt);
    // Points a label at a version (nullopt removes it), with the reason in the label history
    // and the audit log. Moving a label where it already points changes nothing.
    Result<void> moveLabel(const QString &name, const QString &label, std::optional<qint64> version,
                           const QString &reason, const QString &actor);
    // Writes a whole prompt as it is (numbers, authors, times, labels, history), for import.
    // Conflict when a prompt of that name exists.
    Result<void> insertWhole(const prompts::Prompt &prompt, const QString &actor);
    // The same for several prompts in one transaction: all are written or none.
    Result<void> insertAll(const std::vector<prompts::Prompt> &batch, const QString &actor);
    // Deletes the prompt with its versions, labels and label history; the audit log keeps the
    // fact and the reason. Export it first to be able to bring it back.
    Result<void> remove(const QString &name, const QString &reason, const QString &actor);

private:
    // Writes one prompt inside the caller's transaction.
    Result<void> insertOne(const prompts::Prompt &prompt, const QString &actor);
    Result<qint64> idOf(const QString &name);
    Result<void> audit(const QString &action, const QString &subject, const QString &reason, const QString &actor,
                       const QString &detailsJson = QStringLiteral("{}"));

    Connection &m_connection;
};

} // namespace switchboard::core::store
