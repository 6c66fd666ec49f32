#pragma once

#include "store/pinrepository.h"

#include <QWidget>
#include <vector>

class QPushButton;
class QTableView;

namespace switchboard::ui {

class PinDetailsView;
class PinHistoryView;
class PinTableModel;

// The pins over the selected one's details and history, and the buttons that pin a new alias
// or repin the selected one.
class PinsPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PinsPanel)

public:
    explicit PinsPanel(QWidget *parent = nullptr);

    // Selects `select`, else keeps the selected alias when it is still there, else the first.
    void setPins(std::vector<core::store::Pin> pins, const QString &select = {});
    void selectPin(const QString &alias);
    QString currentAlias() const;
    std::optional<core::store::Pin> currentPin() const;

    PinTableModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    PinDetailsView *details() const { return m_details; }
    PinHistoryView *history() const { return m_history; }
    QPushButton *newPinButton() const { return m_newPin; }
    QPushButton *repinButton() const { return m_repin; }

Q_SIGNALS:
    void pinSelected(const QString &alias); // empty: none
    void newPinRequested();
    void repinRequested(const QString &alias);

private:
    void selectionChanged();

    PinTableModel *m_model;
    QTableView *m_table;
    PinDetailsView *m_details;
    PinHistoryView *m_history;
    QPushButton *m_newPin;
    QPushButton *m_repin;
};

} // namespace switchboard::ui
