#pragma once

#include "common/page.h"

namespace switchboard::ui {

class OverviewPage final : public Page
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OverviewPage)

public:
    explicit OverviewPage(QWidget *parent = nullptr);

protected:
    EmptyState::Content emptyContent() const override;
};

} // namespace switchboard::ui
