#pragma once

#include "model/providerconfig.h"
#include "models/modelsnapshot.h"
#include "store/pinrepository.h"

#include <QDialog>
#include <optional>
#include <vector>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace switchboard::ui {

// Binds an alias to a model: a new pin, or a repin of an existing one. The model comes from
// the provider's catalogue or is typed; a reason is required (OK stays disabled without one),
// and a floating target is warned about before it is pinned.
class RepinDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RepinDialog)

public:
    struct Choice
    {
        QString alias;
        QString provider;
        QString model;
        QString reason;
    };

    // current: the pin being changed; none for a new pin, whose alias is typed.
    RepinDialog(const std::vector<core::ProviderConfig> &providers,
        const std::vector<CatalogueEntry> &catalogue,
        const std::optional<core::store::Pin> &current, QWidget *parent = nullptr);

    Choice choice() const;
    bool targetIsFloating() const;

    // Named for tests.
    QLineEdit *aliasEdit() const { return m_alias; }
    QComboBox *providerBox() const { return m_provider; }
    QComboBox *modelBox() const { return m_model; }
    QLineEdit *reasonEdit() const { return m_reason; }
    QLabel *floatingWarning() const { return m_floating; }
    QPushButton *okButton() const { return m_ok; }

private:
    void fillModels();
    void updateState();

    std::vector<CatalogueEntry> m_catalogue;
    std::optional<core::store::Pin> m_current;
    QLineEdit *m_alias;
    QComboBox *m_provider;
    QComboBox *m_model;
    QLabel *m_modelInfo;
    QLabel *m_floating;
    QLineEdit *m_reason;
    QLabel *m_problem;
    QPushButton *m_ok;
};

} // namespace switchboard::ui
