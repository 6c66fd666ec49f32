#pragma once

#include <QString>

#include <optional>

class QWidget;

namespace switchboard::ui {

// Asks why a change is made (for the audit log); OK stays disabled until there is a reason.
// Empty when the user cancels. The dialog's object name is "reason-dialog", for tests.
std::optional<QString> askForReason(QWidget *parent, const QString &title, const QString &question);

} // namespace switchboard::ui
