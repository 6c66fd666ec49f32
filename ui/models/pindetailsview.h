#pragma once

#include "models/keystatus.h"
#include "models/modelsnapshot.h"

#include <QWidget>

class QLabel;

namespace switchboard::ui {

// Where the selected pin sends its calls: the model's snapshot, limits and price, and the
// provider with the status of its key; what an operator checks before and after a repin.
class PinDetailsView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PinDetailsView)

public:
    explicit PinDetailsView(QWidget *parent = nullptr);

    // catalogue and provider may be null: the pin names a model or provider the workspace
    // does not describe.
    void setPin(const core::store::Pin &pin, const CatalogueEntry *catalogue,
        const core::ProviderConfig *provider, KeyStatus keyStatus);
    void clear();

private:
    QLabel *m_title;
    QLabel *m_snapshot;
    QLabel *m_limits;
    QLabel *m_price;
    QLabel *m_provider;
    QLabel *m_version;
};

} // namespace switchboard::ui
