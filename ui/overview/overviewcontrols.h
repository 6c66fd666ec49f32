#pragma once

#include "analytics/overview.h"

#include <QWidget>

class QComboBox;
class QDateTimeEdit;

namespace switchboard::ui {

// What the Overview shows: a time range (last hour, day, week, 30 days, or custom) and a
// filter by tenant, feature, model and prompt.
class OverviewControls final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OverviewControls)

public:
    enum Range { LastHour, LastDay, LastWeek, LastMonth, Custom };

    explicit OverviewControls(QWidget *parent = nullptr);

    void setRange(Range range);
    void setCustomRange(qint64 fromMs, qint64 toMs);
    Range range() const;
    // The range ends at nowMs unless it is custom.
    core::analytics::OverviewQuery query(qint64 nowMs) const;
    core::analytics::TrafficFilter filter() const;
    void setFilter(const core::analytics::TrafficFilter &filter);
    // "hour", "day", "week", "30 days", "period": what the change is measured against.
    QString periodName() const;
    // The values the pickers offer (the current choice stays offered).
    void setDimensions(const core::analytics::TrafficDimensions &dimensions);
    QComboBox *picker(int index) const; // 0 tenant, 1 feature, 2 model, 3 prompt

Q_SIGNALS:
    void changed();

private:
    QComboBox *m_range;
    QDateTimeEdit *m_from;
    QDateTimeEdit *m_to;
    std::vector<QComboBox *> m_pickers;
};

} // namespace switchboard::ui
