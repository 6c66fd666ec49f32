#include "overview/timechartview.h"

#include "overview/chartstyle.h"

#include <QAreaSeries>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QLineSeries>
#include <QMouseEvent>
#include <QToolTip>
#include <QValueAxis>

#include <cmath>

namespace switchboard::ui {
namespace {

constexpr qint64 kHourMs = 3'600'000;
constexpr qint64 kDayMs = 86'400'000;

QString axisFormat(qint64 grainMs, qint64 spanMs)
{
    if (grainMs >= kDayMs)
        return QStringLiteral("MMM d");
    if (spanMs > kDayMs / 2)
        return QStringLiteral("ddd HH:mm");
    return QStringLiteral("HH:mm");
}

QString bucketLabel(qint64 bucketMs, qint64 grainMs)
{
    const QDateTime start = QDateTime::fromMSecsSinceEpoch(bucketMs);
    if (grainMs >= kDayMs)
        return QDateTime::fromMSecsSinceEpoch(bucketMs, Qt::UTC).toString(QStringLiteral("ddd d MMM yyyy")) + QStringLiteral(" (UTC)");
    const QDateTime end = QDateTime::fromMSecsSinceEpoch(bucketMs + grainMs);
    return start.toString(QStringLiteral("ddd d MMM HH:mm")) + QStringLiteral("–") + end.toString(QStringLiteral("HH:mm"));
}

double valueAt(const TimeChartView::Series &series, std::size_t bucket)
{
    const double value = bucket < series.values.size() ? series.values[bucket] : 0.0;
    return std::isnan(value) ? 0.0 : value;
}

} // namespace

TimeChartView::TimeChartView(Mode mode, QWidget *parent) : QChartView(parent), m_mode(mode)
{
    setRenderHint(QPainter::Antialiasing);
    setMouseTracking(true);
    setMinimumHeight(220);
    setFrameShape(QFrame::NoFrame);
    setChart(new QChart);
    styleChart(chart(), palette());
}

void TimeChartView::setData(std::vector<qint64> bucketsMs, qint64 grainMs, std::vector<Series> series,
                            const QString &axisTitle, std::function<QString(double)> valueText)
{
    m_buckets = std::move(bucketsMs);
    m_grainMs = grainMs;
    m_series = std::move(series);
    m_axisTitle = axisTitle;
    m_valueText = std::move(valueText);
    rebuild();
}

void TimeChartView::rebuild()
{
    // The theme first: setting it later would repaint the series in the theme's colours.
    auto *built = new QChart;
    styleChart(built, palette());
    double top = 0;
    std::vector<double> floor(m_buckets.size(), 0.0);
    for (const Series &series : m_series) {
        if (m_mode == Mode::Lines) {
            auto *line = new QLineSeries;
            line->setName(series.name);
            QList<QPointF> points;
            for (std::size_t i = 0; i < m_buckets.size(); ++i) {
                const double value = i < series.values.size() ? series.values[i] : std::nan("");
                if (std::isnan(value))
                    continue;
                points.append(QPointF(double(m_buckets[i] + m_grainMs / 2), value));
                top = std::max(top, value);
            }
            line->replace(points);
            QPen pen(series.color);
            pen.setWidthF(2.0);
            if (series.dashed)
                pen.setStyle(Qt::DashLine);
            line->setPen(pen);
            built->addSeries(line);
            continue;
        }
        // A band per series on top of the ones before, flat across each bucket.
        auto *upper = new QLineSeries;
        auto *lower = new QLineSeries;
        QList<QPointF> upperPoints;
        QList<QPointF> lowerPoints;
        for (std::size_t i = 0; i < m_buckets.size(); ++i) {
            const double base = floor[i];
            floor[i] += valueAt(series, i);
            top = std::max(top, floor[i]);
            for (qint64 x : { m_buckets[i], m_buckets[i] + m_grainMs }) {
                lowerPoints.append(QPointF(double(x), base));
                upperPoints.append(QPointF(double(x), floor[i]));
            }
        }
        upper->replace(upperPoints);
        lower->replace(lowerPoints);
        auto *area = new QAreaSeries(upper, lower);
        upper->setParent(area);
        lower->setParent(area);
        area->setName(series.name);
        QColor fill = series.color;
        fill.setAlpha(200);
        area->setBrush(fill);
        area->setPen(QPen(series.color.darker(115), 0.8));
        built->addSeries(area);
    }

    auto *x = new QDateTimeAxis;
    const qint64 first = m_buckets.empty() ? 0 : m_buckets.front();
    const qint64 last = m_buckets.empty() ? m_grainMs : m_buckets.back() + m_grainMs;
    x->setRange(QDateTime::fromMSecsSinceEpoch(first), QDateTime::fromMSecsSinceEpoch(last));
    x->setFormat(axisFormat(m_grainMs, last - first));
    x->setTickCount(7);
    auto *y = new QValueAxis;
    setNiceRange(y, top > 0 ? top * 1.05 : 1.0);
    y->setTitleText(m_axisTitle);
    built->addAxis(x, Qt::AlignBottom);
    built->addAxis(y, Qt::AlignLeft);
    for (QAbstractSeries *series : built->series()) {
        series->attachAxis(x);
        series->attachAxis(y);
    }
    built->legend()->setVisible(m_series.size() > 1);
    styleAxis(x, palette());
    styleAxis(y, palette());
    QChart *old = chart();
    setChart(built);
    delete old;
}

int TimeChartView::bucketAt(const QPoint &pos) const
{
    if (m_buckets.empty() || !chart()->plotArea().contains(mapToScene(pos)))
        return -1;
    const double x = chart()->mapToValue(mapToScene(pos)).x();
    const auto index = static_cast<qint64>(std::floor((x - double(m_buckets.front())) / double(m_grainMs)));
    return index >= 0 && index < qint64(m_buckets.size()) ? int(index) : -1;
}

QString TimeChartView::tooltipFor(int bucket) const
{
    if (bucket < 0 || bucket >= int(m_buckets.size()))
        return {};
    QString text = QStringLiteral("<b>") + bucketLabel(m_buckets[std::size_t(bucket)], m_grainMs).toHtmlEscaped()
        + QStringLiteral("</b>");
    double total = 0;
    // Top of the stack first, as the bands are drawn.
    for (auto it = m_series.rbegin(); it != m_series.rend(); ++it) {
        const double value = std::size_t(bucket) < it->values.size() ? it->values[std::size_t(bucket)] : std::nan("");
        if (m_mode == Mode::StackedAreas && (std::isnan(value) || value == 0))
            continue;
        total += std::isnan(value) ? 0 : value;
        text += QStringLiteral("<br><span style='color:%1'>■</span> %2: %3")
                    .arg(it->color.name(), it->name.toHtmlEscaped(),
                         std::isnan(value) ? tr("no calls") : m_valueText(value).toHtmlEscaped());
    }
    if (m_mode == Mode::StackedAreas && m_series.size() > 1)
        text += QStringLiteral("<br>") + tr("Total: %1").arg(m_valueText(total).toHtmlEscaped());
    return text;
}

QString TimeChartView::seriesAt(const QPoint &pos) const
{
    const int bucket = bucketAt(pos);
    if (bucket < 0 || m_series.empty())
        return {};
    const double y = chart()->mapToValue(mapToScene(pos)).y();
    if (m_mode == Mode::StackedAreas) {
        double top = 0;
        for (const Series &series : m_series) {
            top += valueAt(series, std::size_t(bucket));
            if (y <= top)
                return series.name;
        }
        return {};
    }
    const Series *nearest = nullptr;
    for (const Series &series : m_series) {
        if (!nearest || std::abs(valueAt(series, std::size_t(bucket)) - y) < std::abs(valueAt(*nearest, std::size_t(bucket)) - y))
            nearest = &series;
    }
    return nearest->name;
}

void TimeChartView::mouseMoveEvent(QMouseEvent *event)
{
    const int bucket = bucketAt(event->position().toPoint());
    if (bucket >= 0)
        QToolTip::showText(event->globalPosition().toPoint(), tooltipFor(bucket), this);
    else
        QToolTip::hideText();
    setCursor(bucket >= 0 ? Qt::PointingHandCursor : Qt::ArrowCursor);
    QChartView::mouseMoveEvent(event);
}

void TimeChartView::mouseReleaseEvent(QMouseEvent *event)
{
    const int bucket = bucketAt(event->position().toPoint());
    if (event->button() == Qt::LeftButton && bucket >= 0)
        Q_EMIT bucketClicked(m_buckets[std::size_t(bucket)], seriesAt(event->position().toPoint()));
    QChartView::mouseReleaseEvent(event);
}

void TimeChartView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        rebuild();
    QChartView::changeEvent(event);
}

} // namespace switchboard::ui
