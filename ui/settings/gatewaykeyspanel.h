#pragma once

#include "gateway/gatewaykey.h"

#include <QGroupBox>

#include <vector>

class QPushButton;
class QTreeWidget;

namespace switchboard::ui {

class StoreClient;

// The workspace's gateway keys: tenant, what each may call, limits and budgets, and whether
// it still opens the gateway; creates a key (its secret shown once) and revokes one with a
// reason.
class GatewayKeysPanel final : public QGroupBox
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GatewayKeysPanel)

public:
    GatewayKeysPanel(StoreClient *store, QWidget *parent = nullptr);

    void refresh();
    void clear();
    // The Create and Revoke paths after their dialogs; for the buttons and tests. A created
    // key's secret goes only to the dialog that shows it once.
    void create(const core::gateway::GatewayKey &key);
    void revoke(const QString &name, const QString &reason);
    QTreeWidget *table() const { return m_table; }

Q_SIGNALS:
    void listed();
    void created(const QString &name);
    void revoked(const QString &name);
    void failed(const QString &message);

private:
    void askToCreate();
    void askToRevoke();
    void updateButtons();

    StoreClient *m_store;
    QTreeWidget *m_table;
    QPushButton *m_create;
    QPushButton *m_revoke;
    QStringList m_aliases;
};

} // namespace switchboard::ui
