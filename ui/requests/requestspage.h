#pragma once

#include "common/page.h"

namespace switchboard::ui {

class RequestsPage final : public Page
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RequestsPage)

public:
    explicit RequestsPage(QWidget *parent = nullptr);

protected:
    EmptyState::Content emptyContent() const override;
};

} // namespace switchboard::ui
