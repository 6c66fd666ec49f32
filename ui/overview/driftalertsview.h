#pragma once

#include "store/alertrepository.h"

#include <QFrame>

#include <vector>

class QLabel;
class QToolButton;
class QVBoxLayout;

namespace switchboard::ui {

// The open drift alerts, above the Overview's figures: a line per feature that drifted,
// saying what drifted with its figures, and a link to the alert on the Alerts page. Hidden
// while no drift alert is open.
class DriftAlertsView final : public QFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DriftAlertsView)

public:
    explicit DriftAlertsView(QWidget *parent = nullptr);

    void setAlerts(std::vector<core::store::Alert> alerts);
    const std::vector<core::store::Alert> &alerts() const { return m_alerts; }
    // The lines shown, as plain text (for tests and the PDF's reader).
    QStringList lines() const;
    QToolButton *openButton() const { return m_open; }

Q_SIGNALS:
    void alertWanted(qint64 alertId);

private:
    QLabel *m_title;
    QToolButton *m_open;
    QVBoxLayout *m_lines;
    std::vector<core::store::Alert> m_alerts;
    QStringList m_plain;
};

} // namespace switchboard::ui
