#include "common/tablecells.h"

#include <QTableWidgetItem>
#include <QToolButton>

namespace switchboard::ui {

QTableWidgetItem *tableCell(const QString &text, bool number)
{
    auto *item = new QTableWidgetItem(text);
    item->setTextAlignment(number ? (Qt::AlignRight | Qt::AlignVCenter) : (Qt::AlignLeft | Qt::AlignVCenter));
    return item;
}

QToolButton *toolButton(const QString &text, const QString &tip, QWidget *parent)
{
    auto *button = new QToolButton(parent);
    button->setText(text);
    button->setToolTip(tip);
    return button;
}

} // namespace switchboard::ui
