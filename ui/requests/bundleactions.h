#pragma once

#include "replay/reprobundle.h"

#include <QObject>
#include <QStringList>

namespace switchboard::ui {

class StoreClient;

// Exports chosen calls as a reproduction bundle and imports one, on a worker thread: the
// file is read or written there, never on the GUI thread.
class BundleActions final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BundleActions)

public:
    BundleActions(StoreClient &store, QObject *parent = nullptr);

    void exportCalls(const QStringList &callIds, const QString &path, const QString &author);
    void importFile(const QString &path, const QString &author);

Q_SIGNALS:
    void exported(const QString &path, int calls);
    // The first of the bundle's calls, to open.
    void imported(const switchboard::core::replay::ImportReport &report, const QString &firstCallId);
    void failed(const QString &message);

private:
    StoreClient &m_store;
};

} // namespace switchboard::ui

Q_DECLARE_METATYPE(switchboard::core::replay::ImportReport)
