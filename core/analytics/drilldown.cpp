#include "analytics/drilldown.h"

namespace switchboard::core::analytics {

store::CallFilter callFilterOf(const TrafficFilter &filter, qint64 fromMs, qint64 toMs)
{
    store::CallFilter out;
    out.sinceMs = fromMs;
    out.untilMs = toMs;
    out.origin = CallOrigin::Gateway;
    out.tenant = filter.tenant;
    out.feature = filter.feature;
    out.model = filter.model;
    out.promptName = filter.prompt;
    return out;
}

store::CallFilter drillDownFilter(const OverviewReport &report, const TrafficFilter &filter, const DrillDown &drill)
{
    TrafficFilter narrowed = filter;
    for (const auto &[value, field] : { std::pair { &drill.tenant, &narrowed.tenant }, { &drill.feature, &narrowed.feature },
                                        { &drill.model, &narrowed.model } }) {
        if (!value->isEmpty())
            *field = *value;
    }
    store::CallFilter out = callFilterOf(narrowed, drill.bucketMs.value_or(report.fromMs),
                                         drill.bucketMs ? *drill.bucketMs + report.grainMs : report.toMs);
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
