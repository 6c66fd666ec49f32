#include "alerts/alertruledialog.h"

#include "model/failurecategory.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>

namespace switchboard::ui {
namespace {

using core::store::AlertRule;
using Kind = AlertRule::Kind;

bool isRate(Kind kind)
{
    return kind == Kind::ErrorRate || kind == Kind::FailureCategory;
}

} // namespace

AlertRuleDialog::AlertRuleDialog(const Choices &choices, const AlertRule &rule, QWidget *parent)
    : QDialog(parent)
    , m_choices(choices)
    , m_id(rule.id)
    , m_name(new QLineEdit(rule.name, this))
    , m_kind(new QComboBox(this))
    , m_scope(new QComboBox(this))
    , m_value(new QComboBox(this))
    , m_category(new QComboBox(this))
    , m_threshold(new QDoubleSpinBox(this))
    , m_minutes(new QSpinBox(this))
    , m_minCalls(new QSpinBox(this))
    , m_runbook(new QPlainTextEdit(rule.runbook, this))
    , m_webhook(new QLineEdit(rule.webhook, this))
    , m_enabled(new QCheckBox(tr("Judge this rule"), this))
    , m_explanation(new QLabel(this))
    , m_problem(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(rule.id == 0 ? tr("New Alert Rule") : tr("Change Alert Rule"));
    setObjectName(QStringLiteral("alert-rule-dialog"));
    m_name->setPlaceholderText(tr("e.g. Support answers rate limited"));
    m_kind->addItem(tr("Error rate above"), int(Kind::ErrorRate));
    m_kind->addItem(tr("A failure category's share above"), int(Kind::FailureCategory));
    m_kind->addItem(tr("p95 latency above"), int(Kind::P95Latency));
    m_kind->addItem(tr("Cost per minute above its usual rate"), int(Kind::CostSpike));
    m_kind->addItem(tr("A budget crosses one of its thresholds"), int(Kind::Budget));
    m_kind->addItem(tr("Answers drift from the week before"), int(Kind::Drift));
    m_kind->setCurrentIndex(m_kind->findData(int(rule.kind)));
    for (const auto category : core::kAllFailureCategories)
        m_category->addItem(core::displayName(category), core::nameOf(category));
    if (const int found = m_category->findData(rule.category); found >= 0)
        m_category->setCurrentIndex(found);
    m_value->setEditable(true);
    m_minutes->setRange(1, 1440);
    m_minutes->setSuffix(tr(" min"));
    m_minutes->setValue(rule.forMinutes);
    m_minCalls->setRange(1, 1'000'000);
    m_minCalls->setValue(int(rule.minCalls));
    m_minCalls->setToolTip(tr("Fewer calls than this in the window are too few to judge: no alert opens"));
    m_runbook->setPlaceholderText(tr("What on-call looks at first, what they may change, whom they call."));
    m_runbook->setTabChangesFocus(true);
    m_runbook->setFixedHeight(m_runbook->fontMetrics().lineSpacing() * 4 + 12);
    m_webhook->setPlaceholderText(tr("https://… or env:SLACK_WEBHOOK_URL (empty: shown here only)"));
    m_webhook->setToolTip(tr("Receives a JSON body Slack's incoming webhooks accept. A Slack webhook's address is a "
                             "secret: keep it in an environment variable and write env:NAME here."));
    // An address is shown as dots unless it is being edited: its path is often a secret.
    m_webhook->setEchoMode(QLineEdit::PasswordEchoOnEdit);
    m_enabled->setChecked(rule.enabled);
    m_explanation->setWordWrap(true);
    m_explanation->setForegroundRole(QPalette::PlaceholderText);
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("color: #dc2626;"));

    auto *form = new QFormLayout(this);
    form->addRow(tr("Name"), m_name);
    form->addRow(tr("Alert when"), m_kind);
    form->addRow(tr("Watches"), m_scope);
    form->addRow(tr("Which"), m_value);
    form->addRow(tr("Category"), m_category);
    form->addRow(tr("Threshold"), m_threshold);
    form->addRow(tr("Over the last"), m_minutes);
    form->addRow(tr("At least (calls)"), m_minCalls);
    form->addRow(m_explanation);
    form->addRow(tr("Runbook"), m_runbook);
    form->addRow(tr("Webhook"), m_webhook);
    form->addRow(QString(), m_enabled);
    form->addRow(m_problem);
    form->addRow(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_kind, &QComboBox::currentIndexChanged, this, [this] {
        // A drift rule compares a day with a week; the others judge minutes.
        const bool drift = static_cast<Kind>(m_kind->currentData().toInt()) == Kind::Drift;
        m_minutes->setValue(drift ? 1440 : 10);
        m_minCalls->setValue(drift ? 200 : 20);
        showKind();
        updateOk();
    });
    connect(m_scope, &QComboBox::currentIndexChanged, this, [this] {
        fillValues();
        updateOk();
    });
    connect(m_value, &QComboBox::currentTextChanged, this, &AlertRuleDialog::updateOk);
    connect(m_category, &QComboBox::currentIndexChanged, this, &AlertRuleDialog::updateOk);
    connect(m_threshold, &QDoubleSpinBox::valueChanged, this, &AlertRuleDialog::updateOk);
    connect(m_name, &QLineEdit::textChanged, this, &AlertRuleDialog::updateOk);
    connect(m_webhook, &QLineEdit::textChanged, this, &AlertRuleDialog::updateOk);

    showKind();
    // The rule's own scope, value and threshold, over the defaults showKind() set.
    if (const int found = m_scope->findData(rule.value.isEmpty() ? QString() : rule.dimension); found >= 0)
        m_scope->setCurrentIndex(found);
    fillValues();
    if (rule.kind == Kind::Budget) {
        if (const int found = m_value->findData(rule.value); found >= 0)
            m_value->setCurrentIndex(found);
    } else if (!rule.value.isEmpty()) {
        m_value->setCurrentText(rule.value);
    }
    if (rule.id != 0 || rule.threshold > 0)
        m_threshold->setValue(isRate(rule.kind) ? rule.threshold * 100.0 : rule.threshold);
    updateOk();
    resize(520, sizeHint().height());
}

void AlertRuleDialog::showKind()
{
    const auto kind = static_cast<Kind>(m_kind->currentData().toInt());
    auto *form = static_cast<QFormLayout *>(layout());
    const bool traffic = kind != Kind::Budget;
    const bool drift = kind == Kind::Drift;
    form->setRowVisible(m_category, kind == Kind::FailureCategory);
    if (auto *label = qobject_cast<QLabel *>(form->labelForField(m_threshold)))
        label->setText(drift ? tr("Significance") : tr("Threshold"));
    if (auto *label = qobject_cast<QLabel *>(form->labelForField(m_minCalls)))
        label->setText(drift ? tr("At least (answered calls)") : tr("At least (calls)"));
    m_minCalls->setToolTip(drift ? tr("Fewer answered calls than this in either window are too few to judge: the "
                                      "feature is left out")
                                 : tr("Fewer calls than this in the window are too few to judge: no alert opens"));
    form->setRowVisible(m_threshold, traffic);
    form->setRowVisible(m_minutes, traffic);
    form->setRowVisible(m_minCalls, traffic);
    {
        const QSignalBlocker quiet(m_scope);
        m_scope->clear();
        if (drift) {
            m_scope->addItem(tr("Each feature with traffic"), QString());
            m_scope->addItem(tr("One feature"), QStringLiteral("feature"));
        } else if (traffic) {
            m_scope->addItem(tr("All gateway traffic"), QString());
            m_scope->addItem(tr("One feature"), QStringLiteral("feature"));
            m_scope->addItem(tr("One model"), QStringLiteral("model"));
        } else {
            m_scope->addItem(tr("Every budget"), QString());
            m_scope->addItem(tr("One budget"), QStringLiteral("budget"));
        }
    }
    fillValues();
    const QSignalBlocker quiet(m_threshold);
    m_threshold->setSingleStep(1);
    switch (kind) {
    case Kind::ErrorRate:
    case Kind::FailureCategory:
        m_threshold->setRange(0, 100);
        m_threshold->setDecimals(1);
        m_threshold->setSuffix(QStringLiteral(" %"));
        m_threshold->setValue(kind == Kind::ErrorRate ? 5 : 10);
        m_explanation->setText(tr("Share of the window's calls, among gateway calls (replays and evals are not counted)."));
        break;
    case Kind::P95Latency:
        m_threshold->setRange(0, 600'000);
        m_threshold->setDecimals(0);
        m_threshold->setSuffix(tr(" ms"));
        m_threshold->setValue(5000);
        m_explanation->setText(tr("The time 95 % of the window's calls finish within, from the rollups' histograms (about 2 % exact)."));
        break;
    case Kind::CostSpike:
        m_threshold->setRange(0, 1000);
        m_threshold->setDecimals(1);
        m_threshold->setSuffix(QStringLiteral(" ×"));
        m_threshold->setValue(3);
        m_explanation->setText(tr("Spend per minute in the window against its average over the 24 hours before."));
        break;
    case Kind::Budget:
        m_explanation->setText(tr("Fires at each budget's own alert thresholds (set on the Budgets page), and tells "
                                  "again when a higher one is crossed."));
        break;
    case Kind::Drift:
        m_threshold->setRange(0.001, 0.2);
        m_threshold->setDecimals(3);
        m_threshold->setSingleStep(0.005);
        m_threshold->setSuffix(QString());
        m_threshold->setValue(0.01);
        m_explanation->setText(tr("Compares each feature's answered gateway calls over the last window with the 7 days "
                                  "before it: output length and cost per call (Kolmogorov–Smirnov test), refusal and "
                                  "invalid-output rates (two-proportion z-test) and the finish-reason mix (chi-square "
                                  "test). A metric drifts when its p-value is below the significance and the change is "
                                  "large enough to matter. Judged every ten minutes."));
        break;
    }
}

void AlertRuleDialog::fillValues()
{
    const QString dimension = m_scope->currentData().toString();
    const QSignalBlocker quiet(m_value);
    m_value->clear();
    m_value->setEnabled(!dimension.isEmpty());
    m_value->setEditable(dimension == QLatin1String("feature") || dimension == QLatin1String("model"));
    if (dimension == QLatin1String("feature"))
        m_value->addItems(m_choices.features);
    else if (dimension == QLatin1String("model"))
        m_value->addItems(m_choices.models);
    else if (dimension == QLatin1String("budget")) {
        for (const auto &[text, id] : m_choices.budgets)
            m_value->addItem(text, QString::number(id));
    }
}

AlertRule AlertRuleDialog::rule() const
{
    AlertRule rule;
    rule.id = m_id;
    rule.name = m_name->text().trimmed();
    rule.kind = static_cast<Kind>(m_kind->currentData().toInt());
    rule.dimension = m_scope->currentData().toString();
    if (rule.dimension == QLatin1String("budget"))
        rule.value = m_value->currentData().toString();
    else if (!rule.dimension.isEmpty())
        rule.value = m_value->currentText().trimmed();
    if (rule.kind == Kind::FailureCategory)
        rule.category = m_category->currentData().toString();
    if (rule.kind != Kind::Budget)
        rule.threshold = isRate(rule.kind) ? m_threshold->value() / 100.0 : m_threshold->value();
    rule.forMinutes = m_minutes->value();
    rule.minCalls = m_minCalls->value();
    rule.runbook = m_runbook->toPlainText().trimmed();
    rule.webhook = m_webhook->text().trimmed();
    rule.enabled = m_enabled->isChecked();
    return rule;
}

QString AlertRuleDialog::problem() const
{
    return m_problem->text();
}

void AlertRuleDialog::updateOk()
{
    QString problem = core::store::AlertRepository::problemWith(rule());
    if (problem.isEmpty() && m_scope->currentData().toString() == QLatin1String("budget") && m_value->count() == 0)
        problem = tr("There is no budget to watch yet: set one on the Budgets page, or watch every budget.");
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(problem.isEmpty());
}

} // namespace switchboard::ui
