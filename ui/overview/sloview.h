#pragma once

#include "analytics/slostatus.h"
#include "store/workspacelocation.h"

#include <QWidget>

class QLabel;
class QTableWidget;
class QToolButton;

namespace switchboard::ui {

class StoreClient;

// Each feature's service level objectives: the share of calls that met each one over its
// window, the error budget spent, how fast the last 24 hours spend it, and whether it holds.
// Objectives are set and removed here (audited); reads and writes run on a worker.
class SloView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SloView)

public:
    explicit SloView(QWidget *parent = nullptr);

    void setLocation(const std::optional<core::store::WorkspaceLocation> &location);
    void refresh();
    void saveSlo(const core::store::Slo &slo);
    void removeSlo(const QString &feature, const QString &reason);
    QTableWidget *table() const { return m_table; }
    const std::vector<core::analytics::SloStatus> &statuses() const { return m_statuses; }
    // The table as CSV, for the panel's export.
    QByteArray csv() const;

Q_SIGNALS:
    void refreshed();
    void failed(const QString &message);

private:
    void show(const std::vector<core::analytics::SloStatus> &statuses);
    void askToSet();
    void askToRemove();

    StoreClient *m_store;
    QTableWidget *m_table;
    QLabel *m_empty;
    QToolButton *m_set;
    QToolButton *m_remove;
    std::vector<core::analytics::SloStatus> m_statuses;
    quint64 m_generation = 0;
};

} // namespace switchboard::ui
