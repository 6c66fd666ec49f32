#pragma once

#include "common/page.h"

namespace switchboard::ui {

class RequestsPage final : public Page
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RequestsPage)

public:
    explicit RequestsPage(QWidget *parent = nullptr);

    void setWorkspace(const core::store::WorkspaceSummary &summary) override;

protected:
    EmptyState::Content emptyContent() const override;

private:
    qint64 m_calls = 0;
};

} // namespace switchboard::ui
