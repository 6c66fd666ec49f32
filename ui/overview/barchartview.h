#pragma once

#include <QChartView>
#include <QStringList>

#include <functional>
#include <vector>

namespace switchboard::ui {

// Bars by category (failure categories, token bins), one set of bars per series. Hovering a
// bar shows its exact value; clicking one says which category and series.
class BarChartView final : public QChartView
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BarChartView)

public:
    struct Set
    {
        QString name;
        QColor color;
        std::vector<double> values; // one per category
        std::vector<QColor> colors; // per category, overriding color where given
    };

    explicit BarChartView(Qt::Orientation orientation, QWidget *parent = nullptr);

    void setData(const QStringList &categories, std::vector<Set> sets, const QString &axisTitle,
                 std::function<QString(double)> valueText);
    QString tooltipFor(int category, int set) const;
    bool isEmpty() const { return m_categories.isEmpty(); }

Q_SIGNALS:
    void barClicked(int category, const QString &set);

protected:
    void changeEvent(QEvent *event) override;

private:
    Qt::Orientation m_orientation;
    QStringList m_categories;
    std::vector<Set> m_sets;
    QString m_axisTitle;
    std::function<QString(double)> m_valueText;
};

} // namespace switchboard::ui
