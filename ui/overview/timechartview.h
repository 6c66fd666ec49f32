#pragma once

#include <QChartView>
#include <QString>
#include <QStringList>

#include <functional>
#include <vector>

namespace switchboard::ui {

// A chart over time, one value per bucket and series: lines (percentiles) or stacked areas
// (cost by feature, failures by category). Hovering shows every series' exact value at the
// bucket under the pointer; a click says which bucket and which series (the band under the
// pointer when stacked, the nearest line otherwise).
class TimeChartView final : public QChartView
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TimeChartView)

public:
    enum class Mode { Lines, StackedAreas };

    struct Series
    {
        QString name;
        QColor color;
        std::vector<double> values; // one per bucket; NaN where there is nothing to show
        bool dashed = false;        // lines only: so a line on top of another still shows
    };

    explicit TimeChartView(Mode mode, QWidget *parent = nullptr);

    // valueText formats a value for the axis title's unit and the tooltip, e.g. "1.24 s".
    void setData(std::vector<qint64> bucketsMs, qint64 grainMs, std::vector<Series> series, const QString &axisTitle,
                 std::function<QString(double)> valueText);

    // The bucket index under a point of the view, or -1.
    int bucketAt(const QPoint &pos) const;
    // What the tooltip says for a bucket.
    QString tooltipFor(int bucket) const;
    // The series a click at pos picks, or empty.
    QString seriesAt(const QPoint &pos) const;
    bool isEmpty() const { return m_buckets.empty(); }

Q_SIGNALS:
    void bucketClicked(qint64 bucketMs, const QString &series);

protected:
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void rebuild();

    Mode m_mode;
    std::vector<qint64> m_buckets;
    qint64 m_grainMs = 0;
    std::vector<Series> m_series;
    QString m_axisTitle;
    std::function<QString(double)> m_valueText;
};

} // namespace switchboard::ui
