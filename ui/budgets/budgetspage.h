#pragma once

#include "common/page.h"

namespace switchboard::ui {

class BudgetsPage final : public Page
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BudgetsPage)

public:
    explicit BudgetsPage(QWidget *parent = nullptr);

protected:
    EmptyState::Content emptyContent() const override;
};

} // namespace switchboard::ui
