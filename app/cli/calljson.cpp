#include "calljson.h"

namespace switchboard::cli {

using namespace switchboard::core;

QJsonObject callJson(const CallRecord &call)
{
    QJsonObject out { { QStringLiteral("id"), call.id },
                      { QStringLiteral("started_ms"), call.startedMs },
                      { QStringLiteral("origin"), nameOf(call.origin) },
                      { QStringLiteral("tenant"), call.tenant },
                      { QStringLiteral("feature"), call.feature },
                      { QStringLiteral("user"), call.userId },
                      { QStringLiteral("alias"), call.alias },
                      { QStringLiteral("provider"), call.provider },
                      { QStringLiteral("model"), call.model },
                      { QStringLiteral("status"), nameOf(call.status) },
                      { QStringLiteral("latency_us"), call.latencyUs },
                      { QStringLiteral("input_tokens"), call.inputTokens },
                      { QStringLiteral("output_tokens"), call.outputTokens },
                      { QStringLiteral("cost_micros"), call.costMicros },
                      { QStringLiteral("cache_hit"), call.cacheHit } };
    if (!call.parentId.isEmpty())
        out.insert(QStringLiteral("parent_id"), call.parentId);
    if (call.failure)
        out.insert(QStringLiteral("failure"), nameOf(*call.failure));
    if (!call.errorMessage.isEmpty())
        out.insert(QStringLiteral("error"), call.errorMessage);
    if (call.promptVersion)
        out.insert(QStringLiteral("prompt"), QString(call.promptName + u'@' + QString::number(call.promptVersion)));
    if (call.ttftUs)
        out.insert(QStringLiteral("ttft_us"), *call.ttftUs);
    return out;
}

} // namespace switchboard::cli
