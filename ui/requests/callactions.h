#pragma once

#include "replay/reprobundle.h"

#include <QObject>
#include <QStringList>

namespace switchboard::ui {

class StoreClient;

// What the Requests page does with chosen calls, on a worker thread (files and the store are
// read and written there, never on the GUI thread): export them as a reproduction bundle,
// import one, add them to a dataset with their answers as the reference.
class CallActions final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CallActions)

public:
    CallActions(StoreClient &store, QObject *parent = nullptr);

    // redact: what was said taken out (support handing a user's calls over).
    void exportCalls(const QStringList &callIds, const QString &path, const QString &author, bool redact = false);
    void importFile(const QString &path, const QString &author);
    void listDatasets();
    void addToDataset(const QStringList &callIds, const QString &dataset, const QString &author);

Q_SIGNALS:
    void exported(const QString &path, int calls);
    // The first of the bundle's calls, to open.
    void imported(const switchboard::core::replay::ImportReport &report, const QString &firstCallId);
    void datasetsListed(const QStringList &names);
    // How many were added, and how many were in it already.
    void addedToDataset(const QString &dataset, int added, int alreadyThere, qint64 version);
    void failed(const QString &message);

private:
    StoreClient &m_store;
};

} // namespace switchboard::ui

Q_DECLARE_METATYPE(switchboard::core::replay::ImportReport)
