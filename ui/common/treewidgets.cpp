#include "common/treewidgets.h"

#include <QDateTime>
#include <QHeaderView>
#include <QLocale>
#include <QTreeWidget>

namespace switchboard::ui {

QTreeWidget *makeTable(const QStringList &headers, const QString &objectName, QWidget *parent)
{
    auto *table = new QTreeWidget(parent);
    table->setHeaderLabels(headers);
    table->setRootIsDecorated(false);
    table->setUniformRowHeights(true);
    table->setAlternatingRowColors(true);
    table->setObjectName(objectName);
    table->header()->setStretchLastSection(true);
    return table;
}

void fitColumns(QTreeWidget *table)
{
    for (int column = 0; column < table->columnCount() - 1; ++column)
        table->resizeColumnToContents(column);
}

QString shortTime(qint64 ms)
{
    return QLocale().toString(QDateTime::fromMSecsSinceEpoch(ms), QLocale::ShortFormat);
}

} // namespace switchboard::ui
