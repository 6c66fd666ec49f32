#pragma once

#include "store/budgetrepository.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;

namespace switchboard::ui {

// Sets a budget: what it covers (the workspace, a tenant, a feature or a gateway key), per
// day or month, its limit and the thresholds that raise alerts. OK stays disabled, with the
// reason shown, until the budget is valid.
class BudgetDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BudgetDialog)

public:
    struct Choices
    {
        QStringList tenants;
        QStringList features;
        std::vector<std::pair<QString, qint64>> keys; // name, id
    };

    BudgetDialog(const Choices &choices, QWidget *parent = nullptr);

    core::store::Budget budget() const;
    QComboBox *scope() const { return m_scope; }
    QComboBox *value() const { return m_value; }
    QComboBox *period() const { return m_period; }
    QDoubleSpinBox *limit() const { return m_limit; }
    QLineEdit *thresholds() const { return m_thresholds; }
    QCheckBox *hardLimit() const { return m_hard; }
    QString problem() const;

private:
    void fillValues();
    void fillEnforcement();
    void updateOk();

    Choices m_choices;
    QComboBox *m_scope;
    QComboBox *m_value;
    QComboBox *m_period;
    QDoubleSpinBox *m_limit;
    QLineEdit *m_thresholds;
    QCheckBox *m_hard;
    QLabel *m_enforcement;
    QLabel *m_problem;
    QDialogButtonBox *m_buttons;
};

} // namespace switchboard::ui
