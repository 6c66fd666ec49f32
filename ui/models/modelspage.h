#pragma once

#include "common/page.h"

namespace switchboard::ui {

class ModelsPage final : public Page
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ModelsPage)

public:
    explicit ModelsPage(QWidget *parent = nullptr);

protected:
    EmptyState::Content emptyContent() const override;
};

} // namespace switchboard::ui
