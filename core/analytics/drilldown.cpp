#include "analytics/drilldown.h"

namespace switchboard::core::analytics {

store::CallFilter drillDownFilter(const OverviewReport &report, const TrafficFilter &filter, const DrillDown &drill)
{
    store::CallFilter out;
    out.sinceMs = drill.bucketMs.value_or(report.fromMs);
    out.untilMs = drill.bucketMs ? *drill.bucketMs + report.grainMs : report.toMs;
    out.origin = CallOrigin::Gateway;
    out.tenant = drill.tenant.isEmpty() ? filter.tenant : drill.tenant;
    out.feature = drill.feature.isEmpty() ? filter.feature : drill.feature;
    out.model = drill.model.isEmpty() ? filter.model : drill.model;
    out.promptName = filter.prompt;
    out.failure = drill.failure;
    if (drill.failedOnly && !drill.failure)
        out.status = CallStatus::Failed;
    return out;
}

DrillDown costSeriesDrillDown(CostSplit split, const QString &series)
{
    DrillDown drill;
    if (series == kOtherSeries || series == QLatin1String("(none)"))
        return drill;
    (split == CostSplit::Feature ? drill.feature : split == CostSplit::Model ? drill.model : drill.tenant) = series;
    return drill;
}

} // namespace switchboard::core::analytics
