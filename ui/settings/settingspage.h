#pragma once

#include "common/page.h"

class QFormLayout;
class QLabel;

namespace switchboard::ui {

class GatewayKeysPanel;
class LocalGatewayPanel;
class MessageBanner;
class StoreClient;

// The open workspace's identity and where things live, the local gateway (start and stop it
// on the open workspace) and the gateway keys (create, shown once; revoke).
class SettingsPage final : public Page
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SettingsPage)

public:
    explicit SettingsPage(QWidget *parent = nullptr);

    void setWorkspace(const core::store::WorkspaceSummary &summary) override;
    void clearWorkspace() override;

    LocalGatewayPanel *gatewayPanel() const { return m_gateway; }
    GatewayKeysPanel *keysPanel() const { return m_keys; }

Q_SIGNALS:
    void openWorkspaceRequested();
    void newWorkspaceRequested();

protected:
    EmptyState::Content emptyContent() const override;
    void showEvent(QShowEvent *event) override;

private:
    QWidget *buildContent();
    QLabel *addValue(QFormLayout *form, const QString &label);

    QLabel *m_name = nullptr;
    QLabel *m_location = nullptr;
    QLabel *m_id = nullptr;
    QLabel *m_schema = nullptr;
    QLabel *m_created = nullptr;
    QLabel *m_contents = nullptr;
    StoreClient *m_store;
    LocalGatewayPanel *m_gateway;
    GatewayKeysPanel *m_keys;
    MessageBanner *m_banner;
};

} // namespace switchboard::ui
