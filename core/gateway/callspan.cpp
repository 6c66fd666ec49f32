#include "gateway/callspan.h"

#include "execute/callspec.h"
#include "gateway/genaispan.h"
#include "gateway/spanexporter.h"

namespace switchboard::core::gateway {

QString genAiProviderName(ProviderKind kind, const QString &configuredName)
{
    switch (kind) {
    case ProviderKind::OpenAi: return QStringLiteral("openai");
    case ProviderKind::Anthropic: return QStringLiteral("anthropic");
    case ProviderKind::Gemini: return QStringLiteral("gcp.gemini");
    case ProviderKind::OpenAiCompatible:
    case ProviderKind::Simulated: return configuredName;
    }
    return configuredName;
}

void exportCall(SpanExporter *spans, const CallRecord &record, TraceContext trace, const std::vector<execute::Target> &targets)
{
    if (!spans || !trace.sampled)
        return;
    if (trace.traceId.isEmpty())
        trace = traceContextFor({});
    QString provider = record.provider;
    for (const execute::Target &target : targets)
        if (target.provider.name == record.provider)
            provider = genAiProviderName(target.provider.kind, record.provider);
    spans->add(genAiSpan(record, trace, provider));
}

} // namespace switchboard::core::gateway
