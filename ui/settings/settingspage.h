#pragma once

#include "common/page.h"

class QFormLayout;
class QLabel;

namespace switchboard::ui {

// The open workspace's identity and where things live; later, providers' keys, the local
// gateway and redaction policy.
class SettingsPage final : public Page
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SettingsPage)

public:
    explicit SettingsPage(QWidget *parent = nullptr);

    void setWorkspace(const core::store::WorkspaceSummary &summary) override;

Q_SIGNALS:
    void openWorkspaceRequested();
    void newWorkspaceRequested();

protected:
    EmptyState::Content emptyContent() const override;

private:
    QWidget *buildContent();
    QLabel *addValue(QFormLayout *form, const QString &label);

    QLabel *m_name = nullptr;
    QLabel *m_location = nullptr;
    QLabel *m_id = nullptr;
    QLabel *m_schema = nullptr;
    QLabel *m_created = nullptr;
    QLabel *m_contents = nullptr;
};

} // namespace switchboard::ui
