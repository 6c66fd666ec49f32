#include "budgets/budgetdialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>

namespace switchboard::ui {

using core::store::Budget;

BudgetDialog::BudgetDialog(const Choices &choices, QWidget *parent)
    : QDialog(parent)
    , m_choices(choices)
    , m_scope(new QComboBox(this))
    , m_value(new QComboBox(this))
    , m_period(new QComboBox(this))
    , m_limit(new QDoubleSpinBox(this))
    , m_thresholds(new QLineEdit(QStringLiteral("50, 80, 100"), this))
    , m_hard(new QCheckBox(tr("Hard limit: the gateway refuses calls once it is spent"), this))
    , m_enforcement(new QLabel(this))
    , m_problem(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Set Budget"));
    setObjectName(QStringLiteral("budget-dialog"));
    m_scope->addItem(tr("Whole workspace"), int(Budget::Scope::Workspace));
    m_scope->addItem(tr("Tenant"), int(Budget::Scope::Tenant));
    m_scope->addItem(tr("Feature"), int(Budget::Scope::Feature));
    m_scope->addItem(tr("Gateway key"), int(Budget::Scope::Key));
    m_value->setEditable(true);
    m_period->addItem(tr("per day (UTC)"), int(Budget::Period::Day));
    m_period->addItem(tr("per month (UTC)"), int(Budget::Period::Month));
    m_period->setCurrentIndex(1);
    m_limit->setPrefix(QStringLiteral("$"));
    m_limit->setDecimals(2);
    m_limit->setRange(0, 10'000'000);
    m_limit->setValue(100);
    m_thresholds->setToolTip(tr("Percentages of the limit at which an alert is raised, lowest first"));
    m_enforcement->setWordWrap(true);
    m_enforcement->setForegroundRole(QPalette::PlaceholderText);
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("color: #dc2626;"));

    auto *form = new QFormLayout(this);
    form->addRow(tr("Covers"), m_scope);
    form->addRow(tr("Which"), m_value);
    form->addRow(tr("Period"), m_period);
    form->addRow(tr("Limit"), m_limit);
    form->addRow(tr("Alert at (%)"), m_thresholds);
    form->addRow(QString(), m_hard);
    form->addRow(m_enforcement);
    form->addRow(m_problem);
    form->addRow(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_scope, &QComboBox::currentIndexChanged, this, [this] {
        fillValues();
        updateOk();
    });
    for (auto *combo : { m_value, m_period })
        connect(combo, &QComboBox::currentTextChanged, this, &BudgetDialog::updateOk);
    connect(m_limit, &QDoubleSpinBox::valueChanged, this, &BudgetDialog::updateOk);
    connect(m_thresholds, &QLineEdit::textChanged, this, &BudgetDialog::updateOk);
    connect(m_hard, &QCheckBox::toggled, this, &BudgetDialog::fillEnforcement);
    fillValues();
    updateOk();
    resize(440, sizeHint().height());
}

void BudgetDialog::fillValues()
{
    const auto scope = static_cast<Budget::Scope>(m_scope->currentData().toInt());
    m_value->clear();
    m_value->setEnabled(scope != Budget::Scope::Workspace);
    m_value->setEditable(scope == Budget::Scope::Tenant || scope == Budget::Scope::Feature);
    if (scope == Budget::Scope::Tenant)
        m_value->addItems(m_choices.tenants);
    else if (scope == Budget::Scope::Feature)
        m_value->addItems(m_choices.features);
    else if (scope == Budget::Scope::Key) {
        for (const auto &[name, id] : m_choices.keys)
            m_value->addItem(name, QString::number(id));
    }
    // A key's budget is always enforced; the others when asked.
    const QSignalBlocker quiet(m_hard);
    m_hard->setEnabled(scope != Budget::Scope::Key);
    if (scope == Budget::Scope::Key)
        m_hard->setChecked(true);
    fillEnforcement();
}

void BudgetDialog::fillEnforcement()
{
    const auto scope = static_cast<Budget::Scope>(m_scope->currentData().toInt());
    m_enforcement->setText(scope == Budget::Scope::Key ? tr("A key's budget is a hard limit: the gateway refuses the key's calls once it is "
                                                            "spent, until the period resets.")
                               : m_hard->isChecked()
                               ? tr("The gateway refuses the calls it covers once it is spent, whichever key they come "
                                    "with, until the period resets.")
                               : tr("Alerts at the thresholds only; the gateway does not refuse calls over this budget."));
    // The explanation's length changes with the choice: the dialog grows to keep it whole.
    if (layout())
        resize(width(), std::max(height(), layout()->totalHeightForWidth(width())));
}

core::store::Budget BudgetDialog::budget() const
{
    Budget b;
    b.scope = static_cast<Budget::Scope>(m_scope->currentData().toInt());
    b.period = static_cast<Budget::Period>(m_period->currentData().toInt());
    b.limitMicros = qRound64(m_limit->value() * 1e6);
    b.hardLimit = b.scope == Budget::Scope::Key || m_hard->isChecked();
    if (b.scope == Budget::Scope::Key) {
        b.scopeValue = m_value->currentData().toString();
        b.keyName = m_value->currentText();
    } else if (b.scope != Budget::Scope::Workspace) {
        b.scopeValue = m_value->currentText().trimmed();
    }
    b.thresholds.clear();
    static const QRegularExpression separators(QStringLiteral("[,;\\s%]+"));
    for (const QString &part : m_thresholds->text().split(separators, Qt::SkipEmptyParts)) {
        bool ok = false;
        const int value = part.toInt(&ok);
        b.thresholds.push_back(ok ? value : -1);
    }
    return b;
}

QString BudgetDialog::problem() const
{
    return m_problem->text();
}

void BudgetDialog::updateOk()
{
    const QString problem = core::store::BudgetRepository::problemWith(budget());
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(problem.isEmpty());
}

} // namespace switchboard::ui
