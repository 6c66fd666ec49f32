#pragma once

#include <QColor>
#include <QString>

class QPalette;

class QChart;
class QAbstractAxis;
class QValueAxis;

namespace switchboard::ui {

// Charts follow the system palette: light or dark theme, no background of their own, axis
// labels and legend in the palette's text colour.
void styleChart(QChart *chart, const QPalette &palette);
void styleAxis(QAbstractAxis *axis, const QPalette &palette);
// From zero to a round number above top in four round steps, labelled with as many decimals
// as the step needs (never exponents).
void setNiceRange(QValueAxis *axis, double top);
// A fixed sequence of distinguishable colours for series; the same index, the same colour.
QColor seriesColor(int index);
// A colour per failure category, so a category keeps its colour in every chart.
QColor failureColor(const QString &category);

} // namespace switchboard::ui
