#pragma once

class QTableView;

namespace switchboard::ui {

// The look the console's tables share: whole rows selected, no grid, no row numbers,
// sortable only where a proxy is set.
void styleTable(QTableView *table);
// Sizes the columns to their contents with room to breathe; the last one takes the rest when
// it holds text (a right-aligned number would drift to the far edge).
void fitColumns(QTableView *table, bool stretchLast = true);

} // namespace switchboard::ui
