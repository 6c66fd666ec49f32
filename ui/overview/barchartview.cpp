#include "overview/barchartview.h"

#include "overview/chartstyle.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QCursor>
#include <QHorizontalBarSeries>
#include <QHorizontalStackedBarSeries>
#include <QStackedBarSeries>
#include <QToolTip>
#include <QValueAxis>

namespace switchboard::ui {

BarChartView::BarChartView(Qt::Orientation orientation, QWidget *parent)
    : QChartView(parent), m_orientation(orientation)
{
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(220);
    setFrameShape(QFrame::NoFrame);
    setChart(new QChart);
    styleChart(chart(), palette());
}

void BarChartView::setData(const QStringList &categories, std::vector<Set> sets, const QString &axisTitle,
                           std::function<QString(double)> valueText)
{
    m_categories = categories;
    m_sets = std::move(sets);
    m_axisTitle = axisTitle;
    m_valueText = std::move(valueText);
    const bool horizontal = m_orientation == Qt::Horizontal;
    // A colour per category (Qt 6.4 colours whole sets only): one stacked set per category,
    // holding its own bar alone.
    const bool perCategory = m_sets.size() == 1 && !m_sets.front().colors.empty();
    QAbstractBarSeries *series = nullptr;
    if (perCategory)
        series = horizontal ? static_cast<QAbstractBarSeries *>(new QHorizontalStackedBarSeries)
                            : static_cast<QAbstractBarSeries *>(new QStackedBarSeries);
    else
        series = horizontal ? static_cast<QAbstractBarSeries *>(new QHorizontalBarSeries)
                            : static_cast<QAbstractBarSeries *>(new QBarSeries);
    double top = 0;
    const auto addSet = [&](const QString &name, const QColor &color, const QList<qreal> &values, int set) {
        auto *bars = new QBarSet(name);
        bars->append(values);
        bars->setColor(color);
        bars->setBorderColor(color);
        for (qreal value : values)
            top = std::max(top, double(value));
        connect(bars, &QBarSet::hovered, this, [this, set](bool over, int index) {
            if (over)
                QToolTip::showText(QCursor::pos(), tooltipFor(index, set), this);
            else
                QToolTip::hideText();
        });
        connect(bars, &QBarSet::clicked, this, [this, set](int index) { Q_EMIT barClicked(index, m_sets[std::size_t(set)].name); });
        series->append(bars);
    };
    if (perCategory) {
        const Set &only = m_sets.front();
        for (int c = 0; c < int(only.values.size()); ++c) {
            QList<qreal> values(qsizetype(only.values.size()), 0.0);
            values[c] = only.values[std::size_t(c)];
            addSet(m_categories.value(c), c < int(only.colors.size()) ? only.colors[std::size_t(c)] : only.color, values, 0);
        }
    } else {
        for (int s = 0; s < int(m_sets.size()); ++s) {
            const Set &set = m_sets[std::size_t(s)];
            addSet(set.name, set.color, QList<qreal>(set.values.begin(), set.values.end()), s);
        }
    }
    series->setBarWidth(m_sets.size() > 1 ? 0.8 : 0.6);
    if (perCategory)
        series->setBarWidth(0.6);

    auto *built = new QChart;
    styleChart(built, palette()); // before the series take their colours
    built->addSeries(series);
    auto *categoryAxis = new QBarCategoryAxis;
    categoryAxis->append(m_categories);
    auto *valueAxis = new QValueAxis;
    setNiceRange(valueAxis, top > 0 ? top * 1.05 : 1.0);
    valueAxis->setTitleText(axisTitle);
    built->addAxis(categoryAxis, horizontal ? Qt::AlignLeft : Qt::AlignBottom);
    built->addAxis(valueAxis, horizontal ? Qt::AlignBottom : Qt::AlignLeft);
    series->attachAxis(categoryAxis);
    series->attachAxis(valueAxis);
    built->legend()->setVisible(m_sets.size() > 1 && !perCategory);
    styleAxis(categoryAxis, palette());
    styleAxis(valueAxis, palette());
    QChart *old = chart();
    setChart(built);
    delete old;
}

QString BarChartView::tooltipFor(int category, int set) const
{
    if (category < 0 || category >= m_categories.size() || set < 0 || set >= int(m_sets.size()))
        return {};
    const Set &bars = m_sets[std::size_t(set)];
    const double value = std::size_t(category) < bars.values.size() ? bars.values[std::size_t(category)] : 0.0;
    QString text = QStringLiteral("<b>") + m_categories.at(category).toHtmlEscaped() + QStringLiteral("</b><br>");
    if (m_sets.size() > 1)
        text += bars.name.toHtmlEscaped() + QStringLiteral(": ");
    return text + m_valueText(value).toHtmlEscaped();
}

void BarChartView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange && !m_categories.isEmpty())
        setData(QStringList(m_categories), std::vector<Set>(m_sets), m_axisTitle, m_valueText);
    QChartView::changeEvent(event);
}

} // namespace switchboard::ui
