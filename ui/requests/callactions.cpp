#include "requests/callactions.h"

#include "common/storeclient.h"
#include "store/datasetrepository.h"

#include <QFile>
#include <QSaveFile>

namespace switchboard::ui {

namespace {

struct Imported
{
    core::replay::ImportReport report;
    QString firstCallId;
};

} // namespace

CallActions::CallActions(StoreClient &store, QObject *parent) : QObject(parent), m_store(store) { }

void CallActions::exportCalls(const QStringList &callIds, const QString &path, const QString &author, bool redact)
{
    m_store.submit<int>(
        [callIds, path, author, redact](core::store::Connection &connection) -> core::Result<int> {
            auto bundle = core::replay::collectBundle(connection, callIds);
            if (!bundle)
                return std::unexpected(bundle.error());
            if (redact)
                core::replay::redactConversations(*bundle);
            bundle->exportedBy = author;
            const QByteArray bytes = core::replay::toBytes(*bundle);
            QSaveFile file(path);
            if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
                return core::fail(core::ErrorCode::Io, QObject::tr("Could not write %1: %2. Choose a folder you can write to.")
                                                           .arg(path, file.errorString()));
            return static_cast<int>(bundle->calls.size());
        },
        this,
        [this, path](const core::Result<int> &calls) {
            if (calls)
                Q_EMIT exported(path, *calls);
            else
                Q_EMIT failed(calls.error().message);
        });
}

void CallActions::importFile(const QString &path, const QString &author)
{
    m_store.submit<Imported>(
        [path, author](core::store::Connection &connection) -> core::Result<Imported> {
            QFile file(path);
            if (!file.open(QIODevice::ReadOnly))
                return core::fail(core::ErrorCode::Io, QObject::tr("Could not read %1: %2.").arg(path, file.errorString()));
            auto bundle = core::replay::bundleFromBytes(file.readAll());
            if (!bundle)
                return std::unexpected(bundle.error());
            auto report = core::replay::importBundle(connection, *bundle, author);
            if (!report)
                return std::unexpected(report.error());
            return Imported { std::move(*report), bundle->calls.front().record.id };
        },
        this,
        [this](const core::Result<Imported> &done) {
            if (done)
                Q_EMIT imported(done->report, done->firstCallId);
            else
                Q_EMIT failed(QObject::tr("%1 Nothing was imported.").arg(done.error().message));
        });
}

void CallActions::listDatasets()
{
    m_store.submit<QStringList>(
        [](core::store::Connection &connection) -> core::Result<QStringList> {
            auto datasets = core::store::DatasetRepository(connection).list();
            if (!datasets)
                return std::unexpected(datasets.error());
            QStringList names;
            for (const core::evals::DatasetSummary &dataset : *datasets)
                names << dataset.name;
            return names;
        },
        this,
        [this](const core::Result<QStringList> &names) {
            if (names)
                Q_EMIT datasetsListed(*names);
            else
                Q_EMIT failed(names.error().message);
        });
}

void CallActions::addToDataset(const QStringList &callIds, const QString &dataset, const QString &author)
{
    using Added = core::store::DatasetRepository::Added;
    m_store.submit<Added>(
        [callIds, dataset, author](core::store::Connection &connection) {
            return core::store::DatasetRepository(connection).addCalls(dataset, callIds, author);
        },
        this,
        [this, dataset](const core::Result<Added> &added) {
            if (added)
                Q_EMIT addedToDataset(dataset, added->added, added->alreadyThere, added->version);
            else
                Q_EMIT failed(QObject::tr("%1 Nothing was added.").arg(added.error().message));
        });
}

} // namespace switchboard::ui
