#pragma once

#include "common/page.h"

namespace switchboard::ui {

class PromptsPage final : public Page
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PromptsPage)

public:
    explicit PromptsPage(QWidget *parent = nullptr);

protected:
    EmptyState::Content emptyContent() const override;
};

} // namespace switchboard::ui
