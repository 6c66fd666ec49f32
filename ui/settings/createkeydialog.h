#pragma once

#include "gateway/gatewaykey.h"

#include <QDialog>

class QDoubleSpinBox;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSpinBox;

namespace switchboard::ui {

// What a new gateway key carries: a name, its tenant, the aliases it may call (none ticked:
// all), requests and tokens per minute, and USD budgets per day and month (0: none).
class CreateKeyDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CreateKeyDialog)

public:
    CreateKeyDialog(const QStringList &aliases, QWidget *parent = nullptr);

    core::gateway::GatewayKey key() const;
    // For tests: the fields, filled as a user would.
    QLineEdit *nameEdit() const { return m_name; }
    QLineEdit *tenantEdit() const { return m_tenant; }
    QSpinBox *rpmEdit() const { return m_rpm; }
    QDoubleSpinBox *dailyBudgetEdit() const { return m_daily; }

private:
    void updateOk();

    QLineEdit *m_name;
    QLineEdit *m_tenant;
    QListWidget *m_aliases;
    QSpinBox *m_rpm;
    QSpinBox *m_tpm;
    QDoubleSpinBox *m_daily;
    QDoubleSpinBox *m_monthly;
    QPushButton *m_ok = nullptr;
};

// Shows a new key's secret, the only time it is ever shown, with a button that copies it.
void showSecretOnce(QWidget *parent, const QString &keyName, const QByteArray &secret);

} // namespace switchboard::ui
