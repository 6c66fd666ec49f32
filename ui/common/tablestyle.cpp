#include "common/tablestyle.h"

#include <QHeaderView>
#include <QTableView>

namespace switchboard::ui {

void styleTable(QTableView *table)
{
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setAlternatingRowColors(true);
    table->setShowGrid(false);
    table->setWordWrap(false);
    table->verticalHeader()->hide();
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 12);
    table->horizontalHeader()->setHighlightSections(false);
    table->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    table->horizontalHeader()->setMinimumSectionSize(60);
}

void fitColumns(QTableView *table, bool stretchLast)
{
    constexpr int kRoom = 20;
    table->resizeColumnsToContents();
    QHeaderView *header = table->horizontalHeader();
    const int sized = stretchLast ? header->count() - 1 : header->count();
    for (int column = 0; column < sized; ++column)
        header->resizeSection(column, header->sectionSize(column) + kRoom);
    header->setStretchLastSection(stretchLast);
}

} // namespace switchboard::ui
