#pragma once

#include <QString>

class QTableWidgetItem;
class QToolButton;
class QWidget;

namespace switchboard::ui {

// A cell of the console's item tables: text left-aligned, numbers right-aligned.
QTableWidgetItem *tableCell(const QString &text, bool number = false);
// A page's toolbar button, with what it does as its tip.
QToolButton *toolButton(const QString &text, const QString &tip, QWidget *parent);

} // namespace switchboard::ui
