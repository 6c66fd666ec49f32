#pragma once

class QTableView;

namespace switchboard::ui {

// The look the Models & Pins tables share: whole rows selected, no grid, no row numbers,
// sortable only where a proxy is set.
void styleTable(QTableView *table);

} // namespace switchboard::ui
