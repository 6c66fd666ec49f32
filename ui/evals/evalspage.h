#pragma once

#include "common/page.h"

namespace switchboard::ui {

class EvalsPage final : public Page
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EvalsPage)

public:
    explicit EvalsPage(QWidget *parent = nullptr);

protected:
    EmptyState::Content emptyContent() const override;
};

} // namespace switchboard::ui
