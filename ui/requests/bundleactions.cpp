#include "requests/bundleactions.h"

#include "common/storeclient.h"

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

BundleActions::BundleActions(StoreClient &store, QObject *parent) : QObject(parent), m_store(store) { }

void BundleActions::exportCalls(const QStringList &callIds, const QString &path, const QString &author)
{
    m_store.submit<int>(
        [callIds, path, author](core::store::Connection &connection) -> core::Result<int> {
            auto bundle = core::replay::collectBundle(connection, callIds);
            if (!bundle)
                return std::unexpected(bundle.error());
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

void BundleActions::importFile(const QString &path, const QString &author)
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

} // namespace switchboard::ui
