#pragma once

#include <QString>
#include <QStringList>

class QTreeWidget;
class QWidget;

namespace switchboard::ui {

// A flat, sortable-looking list of rows as the console's tables show them: no tree
// decoration, uniform rows, alternating colours, the last column stretched.
QTreeWidget *makeTable(const QStringList &headers, const QString &objectName, QWidget *parent = nullptr);
// Sizes every column but the last to its contents.
void fitColumns(QTreeWidget *table);
// A time as lists show it, in the user's locale.
QString shortTime(qint64 ms);

} // namespace switchboard::ui
