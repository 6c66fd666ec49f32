#include "routing/ruledescription.h"

namespace switchboard::core::routing {
namespace {

void addAnyOf(QStringList &parts, const char *what, const QStringList &values)
{
    if (!values.isEmpty())
        parts << QLatin1String(what) + (values.size() == 1 ? QLatin1String(" is ") : QLatin1String(" is one of "))
                + values.join(QLatin1String(", "));
}

QString seconds(qint64 ms)
{
    return ms % 1000 == 0 ? QStringLiteral("%1 s").arg(ms / 1000) : QStringLiteral("%1 ms").arg(ms);
}

} // namespace

QString describeConditions(const RuleConditions &when)
{
    QStringList parts;
    addAnyOf(parts, "model asked", when.models);
    addAnyOf(parts, "key", when.gatewayKeys);
    addAnyOf(parts, "tenant", when.tenants);
    addAnyOf(parts, "feature", when.features);
    addAnyOf(parts, "user tier", when.userTiers);
    addAnyOf(parts, "prompt", when.prompts);
    addAnyOf(parts, "prompt label", when.promptLabels);
    if (!when.tagsAll.isEmpty())
        parts << QLatin1String("tagged ") + when.tagsAll.join(QLatin1String(" and "));
    if (when.minInputTokens && when.maxInputTokens)
        parts << QStringLiteral("%1 to %2 input tokens").arg(*when.minInputTokens).arg(*when.maxInputTokens);
    else if (when.minInputTokens)
        parts << QStringLiteral("at least %1 input tokens").arg(*when.minInputTokens);
    else if (when.maxInputTokens)
        parts << QStringLiteral("at most %1 input tokens").arg(*when.maxInputTokens);
    return parts.isEmpty() ? QStringLiteral("every call") : parts.join(QLatin1String("; "));
}

QString describePlan(const RulePlan &then)
{
    QStringList parts;
    if (!then.split.empty()) {
        int total = 0;
        for (const WeightedTarget &arm : then.split)
            total += arm.weight;
        QStringList arms;
        for (const WeightedTarget &arm : then.split)
            arms << QStringLiteral("%1 %2 %").arg(arm.target).arg(total > 0 ? 100.0 * arm.weight / total : 0.0, 0, 'g', 3);
        parts << arms.join(QLatin1String(" / "))
                + (then.stickyPerUser ? QLatin1String(" (sticky per user)") : QLatin1String(" (per call)"));
    } else {
        parts << (then.target.isEmpty() ? QStringLiteral("the model asked for") : then.target);
    }
    if (!then.fallbacks.isEmpty())
        parts << QLatin1String("then ") + then.fallbacks.join(QLatin1String(", then "));
    if (!then.shadow.isEmpty())
        parts << QLatin1String("shadow ") + then.shadow;
    if (then.timeoutMs)
        parts << QLatin1String("timeout ") + seconds(*then.timeoutMs);
    if (then.maxOutputTokens)
        parts << QStringLiteral("output ≤ %1 tokens").arg(*then.maxOutputTokens);
    if (then.cache.mode == CachePolicy::Mode::Exact)
        parts << QStringLiteral("cache %1").arg(seconds(then.cache.ttlSeconds * 1000));
    return parts.join(QLatin1String("; "));
}

} // namespace switchboard::core::routing
