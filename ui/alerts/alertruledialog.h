#pragma once

#include "store/alertrepository.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;

namespace switchboard::ui {

// Adds or changes an alert rule: what it watches, the condition and its threshold, the
// window and the calls it needs to judge, the runbook shown with the alert and the webhook
// told of it. OK stays disabled, with the reason shown, until the rule is valid.
class AlertRuleDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AlertRuleDialog)

public:
    struct Choices
    {
        QStringList features;
        QStringList models;
        std::vector<std::pair<QString, qint64>> budgets; // "Tenant acme, per day", id
    };

    // `rule` with id 0 adds one; otherwise the dialog changes it.
    AlertRuleDialog(const Choices &choices, const core::store::AlertRule &rule, QWidget *parent = nullptr);

    core::store::AlertRule rule() const;
    QString problem() const;
    QLineEdit *name() const { return m_name; }
    QComboBox *kind() const { return m_kind; }
    QComboBox *scope() const { return m_scope; }
    QComboBox *value() const { return m_value; }
    QDoubleSpinBox *threshold() const { return m_threshold; }
    QLineEdit *webhook() const { return m_webhook; }

private:
    void showKind();
    void fillValues();
    void updateOk();

    Choices m_choices;
    qint64 m_id;
    QLineEdit *m_name;
    QComboBox *m_kind;
    QComboBox *m_scope;
    QComboBox *m_value;
    QComboBox *m_category;
    QDoubleSpinBox *m_threshold;
    QSpinBox *m_minutes;
    QSpinBox *m_minCalls;
    QPlainTextEdit *m_runbook;
    QLineEdit *m_webhook;
    QCheckBox *m_enabled;
    QLabel *m_explanation;
    QLabel *m_problem;
    QDialogButtonBox *m_buttons;
};

} // namespace switchboard::ui
