#pragma once

#include "store/alertrepository.h"

#include <QSplitter>

class QTableWidget;
class QTextBrowser;

namespace switchboard::ui {

// The alerts as on-call reads them: a row each (state, rule, what was seen, first and last
// seen, resolved, acknowledged by), open ones first as the store lists them, and under it the
// selected alert whole: its summary, when, its rule's runbook and how its webhook went.
class AlertListView final : public QSplitter
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AlertListView)

public:
    explicit AlertListView(QWidget *parent = nullptr);

    // Keeps the selected alert selected when it is still listed.
    void setAlerts(std::vector<core::store::Alert> alerts);
    const core::store::Alert *selected() const;
    // Selects the alert with this id; false when it is not listed.
    bool select(qint64 alertId);
    QTableWidget *table() const { return m_table; }
    QTextBrowser *detail() const { return m_detail; }

Q_SIGNALS:
    void selectionChanged();

private:
    void showSelected();

    QTableWidget *m_table;
    QTextBrowser *m_detail;
    std::vector<core::store::Alert> m_alerts;
};

// "Firing", "Acknowledged" or "Resolved".
QString alertState(const core::store::Alert &alert);

} // namespace switchboard::ui
