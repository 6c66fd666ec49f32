#pragma once

#include "analytics/overview.h"
#include "store/callfilter.h"

#include <optional>

namespace switchboard::core::analytics {

// What a click on a dashboard's point or bar stands for, as a request-log filter: the same
// range (one bucket, or the whole range), the dashboard's filter, gateway traffic, and the
// series clicked. Opens exactly the calls the chart counted.
struct DrillDown
{
    std::optional<qint64> bucketMs; // nullopt: the whole range of the report
    QString feature;                // the series clicked, where it names one
    QString tenant;
    QString model;
    std::optional<FailureCategory> failure;
    bool failedOnly = false;
};

// The request-log filter for a dashboard's filter over [fromMs, toMs): gateway calls only.
store::CallFilter callFilterOf(const TrafficFilter &filter, qint64 fromMs, qint64 toMs);

store::CallFilter drillDownFilter(const OverviewReport &report, const TrafficFilter &filter, const DrillDown &drill);

// A series of a cost chart as a drill-down on the dimension it splits by ("Other" and
// "(none)" narrow nothing).
DrillDown costSeriesDrillDown(CostSplit split, const QString &series);

} // namespace switchboard::core::analytics
