#include "store/datasetrepository.h"

#include "store/auditlogrepository.h"
#include "store/callrepository.h"
#include "store/connection.h"

#include <QDateTime>
#include <QSet>

namespace switchboard::core::store {

Result<std::vector<evals::DatasetSummary>> DatasetRepository::list()
{
    auto query = m_connection.exec(QStringLiteral(
        "SELECT d.id, d.name, d.description, d.version, d.updated_ms, "
        "(SELECT COUNT(*) FROM dataset_items i WHERE i.dataset_id = d.id AND i.removed_version IS NULL) "
        "FROM datasets d ORDER BY d.name"));
    if (!query)
        return std::unexpected(query.error());
    std::vector<evals::DatasetSummary> out;
    while (query->next())
        out.push_back({ query->value(0).toLongLong(), query->value(1).toString(), query->value(2).toString(),
                        query->value(3).toLongLong(), query->value(5).toLongLong(), query->value(4).toLongLong() });
    if (auto read = m_connection.readCompleted(*query); !read)
        return std::unexpected(read.error());
    return out;
}

Result<std::optional<evals::DatasetSummary>> DatasetRepository::find(const QString &name)
{
    auto all = list();
    if (!all)
        return std::unexpected(all.error());
    for (evals::DatasetSummary &summary : *all)
        if (summary.name == name)
            return std::optional<evals::DatasetSummary>(std::move(summary));
    return std::optional<evals::DatasetSummary>();
}

Result<std::vector<evals::DatasetItem>> DatasetRepository::items(const QString &name, std::optional<qint64> version)
{
    auto query = version ? m_connection.exec(QStringLiteral(
                               "SELECT i.id, i.input_json, i.reference_output, i.assertions_json, i.source_call_id "
                               "FROM dataset_items i JOIN datasets d ON d.id = i.dataset_id WHERE d.name = ? "
                               "AND i.added_version <= ? AND (i.removed_version IS NULL OR i.removed_version > ?) ORDER BY i.id"),
                                             { name, *version, *version })
                         : m_connection.exec(QStringLiteral(
                               "SELECT i.id, i.input_json, i.reference_output, i.assertions_json, i.source_call_id "
                               "FROM dataset_items i JOIN datasets d ON d.id = i.dataset_id "
                               "WHERE d.name = ? AND i.removed_version IS NULL ORDER BY i.id"),
                                             { name });
    if (!query)
        return std::unexpected(query.error());
    std::vector<evals::DatasetItem> out;
    while (query->next()) {
        evals::DatasetItem item;
        item.id = query->value(0).toLongLong();
        item.input = nlohmann::json::parse(query->value(1).toString().toStdString(), nullptr, false);
        item.referenceOutput = query->value(2).toString();
        item.assertions = nlohmann::json::parse(query->value(3).toString().toStdString(), nullptr, false);
        item.sourceCallId = query->value(4).toString();
        out.push_back(std::move(item));
    }
    if (auto read = m_connection.readCompleted(*query); !read)
        return std::unexpected(read.error());
    return out;
}

Result<DatasetRepository::Added> DatasetRepository::addItems(const QString &name, const std::vector<evals::DatasetItem> &items,
                                                           const QString &actor)
{
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty())
        return fail(ErrorCode::InvalidArgument, QStringLiteral("Name the dataset to add to."));
    Added added;
    Result<void> written = m_connection.writeTransaction([&]() -> Result<void> {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        auto found = m_connection.exec(QStringLiteral("SELECT id, version FROM datasets WHERE name = ?"), { trimmed });
        if (!found)
            return std::unexpected(found.error());
        qint64 id = 0;
        qint64 version = 1; // the version this change makes
        const bool existed = found->next();
        if (existed) {
            id = found->value(0).toLongLong();
            version = found->value(1).toLongLong() + 1;
        } else {
            auto created = m_connection.exec(QStringLiteral("INSERT INTO datasets (name, description, version, created_ms, "
                                                            "updated_ms) VALUES (?, '', 1, ?, ?)"),
                                             { trimmed, now, now });
            if (!created)
                return std::unexpected(created.error());
            auto newId = m_connection.exec(QStringLiteral("SELECT id FROM datasets WHERE name = ?"), { trimmed });
            if (!newId)
                return std::unexpected(newId.error());
            if (!newId->next())
                return fail(ErrorCode::StoreFailure, QStringLiteral("The new dataset could not be read back."));
            id = newId->value(0).toLongLong();
        }
        QSet<QString> present;
        auto sources = m_connection.exec(QStringLiteral("SELECT source_call_id FROM dataset_items WHERE dataset_id = ? AND "
                                                        "removed_version IS NULL AND source_call_id IS NOT NULL"),
                                         { id });
        if (!sources)
            return std::unexpected(sources.error());
        while (sources->next())
            present.insert(sources->value(0).toString());
        for (const evals::DatasetItem &item : items) {
            if (!item.sourceCallId.isEmpty() && present.contains(item.sourceCallId)) {
                ++added.alreadyThere;
                continue;
            }
            present.insert(item.sourceCallId);
            auto inserted = m_connection.exec(
                QStringLiteral("INSERT INTO dataset_items (dataset_id, added_version, input_json, reference_output, "
                               "assertions_json, source_call_id) VALUES (?, ?, ?, ?, ?, ?)"),
                { id, version, QString::fromStdString(item.input.dump()), item.referenceOutput,
                  QString::fromStdString(item.assertions.dump()),
                  item.sourceCallId.isEmpty() ? QVariant() : QVariant(item.sourceCallId) });
            if (!inserted)
                return std::unexpected(inserted.error());
            ++added.added;
        }
        if (added.added == 0) { // nothing new: the dataset stays as it was
            added.version = existed ? version - 1 : 1;
            return {};
        }
        if (auto bumped = m_connection.exec(QStringLiteral("UPDATE datasets SET version = ?, updated_ms = ? WHERE id = ?"),
                                            { version, now, id });
            !bumped)
            return std::unexpected(bumped.error());
        added.version = version;
        return AuditLogRepository(m_connection)
            .append(now, actor, QStringLiteral("dataset.add"), QStringLiteral("dataset"), trimmed,
                    QStringLiteral("%1 item(s) added").arg(added.added),
                    QStringLiteral("{\"version\": %1}").arg(version));
    });
    if (!written)
        return std::unexpected(written.error());
    return added;
}

Result<DatasetRepository::Added> DatasetRepository::addCalls(const QString &name, const QStringList &callIds,
                                                            const QString &actor)
{
    std::vector<evals::DatasetItem> items;
    CallRepository calls(m_connection);
    for (const QString &id : callIds) {
        auto call = calls.load(id.trimmed());
        if (!call)
            return std::unexpected(call.error());
        if (!*call)
            return fail(ErrorCode::NotFound, QStringLiteral("The workspace has no call %1.").arg(id.trimmed()));
        auto item = evals::itemFromCall(**call);
        if (!item)
            return std::unexpected(item.error());
        items.push_back(std::move(*item));
    }
    return addItems(name, items, actor);
}

} // namespace switchboard::core::store
