#pragma once

#include "common/page.h"

namespace switchboard::ui {

class RoutingPage final : public Page
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RoutingPage)

public:
    explicit RoutingPage(QWidget *parent = nullptr);

protected:
    EmptyState::Content emptyContent() const override;
};

} // namespace switchboard::ui
