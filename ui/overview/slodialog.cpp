#include "overview/slodialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>

namespace switchboard::ui {

SloDialog::SloDialog(const QStringList &features, const std::optional<core::store::Slo> &current, QWidget *parent)
    : QDialog(parent)
    , m_feature(new QComboBox(this))
    , m_latency(new QSpinBox(this))
    , m_ttft(new QSpinBox(this))
    , m_errorRate(new QDoubleSpinBox(this))
    , m_window(new QSpinBox(this))
    , m_problem(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Set Service Level Objectives"));
    setObjectName(QStringLiteral("slo-dialog"));
    m_feature->setEditable(true);
    m_feature->addItems(features);
    for (QSpinBox *ms : { m_latency, m_ttft }) {
        ms->setRange(0, 600'000);
        ms->setSingleStep(100);
        ms->setSuffix(tr(" ms"));
        ms->setSpecialValueText(tr("no objective"));
    }
    m_errorRate->setRange(0, 99.99);
    m_errorRate->setDecimals(2);
    m_errorRate->setSuffix(QStringLiteral(" %"));
    m_errorRate->setSpecialValueText(tr("no objective"));
    m_window->setRange(1, 90);
    m_window->setSuffix(tr(" days"));
    m_window->setValue(30);
    m_latency->setValue(2000);
    m_errorRate->setValue(1.0);
    if (current) {
        m_feature->setCurrentText(current->feature);
        m_latency->setValue(int(current->latencyMs.value_or(0)));
        m_ttft->setValue(int(current->ttftMs.value_or(0)));
        m_errorRate->setValue(current->maxErrorRate.value_or(0) * 100.0);
        m_window->setValue(current->windowDays);
    }
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("color: #dc2626;"));

    auto *form = new QFormLayout(this);
    form->addRow(tr("Feature"), m_feature);
    form->addRow(tr("95 % of calls within"), m_latency);
    form->addRow(tr("95 % of first tokens within"), m_ttft);
    form->addRow(tr("Error rate at most"), m_errorRate);
    form->addRow(tr("Over the last"), m_window);
    form->addRow(m_problem);
    form->addRow(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_feature, &QComboBox::currentTextChanged, this, &SloDialog::updateOk);
    for (QSpinBox *spin : { m_latency, m_ttft, m_window })
        connect(spin, &QSpinBox::valueChanged, this, &SloDialog::updateOk);
    connect(m_errorRate, &QDoubleSpinBox::valueChanged, this, &SloDialog::updateOk);
    updateOk();
}

core::store::Slo SloDialog::slo() const
{
    core::store::Slo slo;
    slo.feature = m_feature->currentText().trimmed();
    if (m_latency->value() > 0)
        slo.latencyMs = m_latency->value();
    if (m_ttft->value() > 0)
        slo.ttftMs = m_ttft->value();
    if (m_errorRate->value() > 0)
        slo.maxErrorRate = m_errorRate->value() / 100.0;
    slo.windowDays = m_window->value();
    return slo;
}

QString SloDialog::problem() const
{
    return m_problem->text();
}

void SloDialog::updateOk()
{
    const QString problem = core::store::SloRepository::problemWith(slo());
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(problem.isEmpty());
}

} // namespace switchboard::ui
