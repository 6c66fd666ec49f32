#pragma once

#include "store/slorepository.h"

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QSpinBox;
class QDoubleSpinBox;

namespace switchboard::ui {

// Sets a feature's service level objectives; a field at 0 leaves that objective out. OK stays
// disabled, with the reason shown, until the objectives are valid.
class SloDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SloDialog)

public:
    SloDialog(const QStringList &features, const std::optional<core::store::Slo> &current, QWidget *parent = nullptr);

    core::store::Slo slo() const;
    QComboBox *feature() const { return m_feature; }
    QSpinBox *latency() const { return m_latency; }
    QDoubleSpinBox *errorRate() const { return m_errorRate; }
    QString problem() const;

private:
    void updateOk();

    QComboBox *m_feature;
    QSpinBox *m_latency;
    QSpinBox *m_ttft;
    QDoubleSpinBox *m_errorRate;
    QSpinBox *m_window;
    QLabel *m_problem;
    QDialogButtonBox *m_buttons;
};

} // namespace switchboard::ui
