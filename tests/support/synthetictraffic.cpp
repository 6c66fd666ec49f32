#include "synthetictraffic.h"

#include "model/callid.h"
#include "providers/sim/simrandom.h"
#include "store/batchwriter.h"
#include "store/connection.h"
#include "store/encodedcall.h"

#include <array>

namespace switchboard::tests {
namespace {

struct ModelProfile
{
    const char *name;
    double medianLatencyUs;
    qint64 inputPricePerMillion; // micro-dollars per token, times a million
    qint64 outputPricePerMillion;
};

constexpr std::array<ModelProfile, 4> kModels { {
    { "gpt-4o-2024-08-06", 900'000, 2'500'000, 10'000'000 },
    { "gpt-4o-mini-2024-07-18", 450'000, 150'000, 600'000 },
    { "claude-3-5-sonnet-20241022", 1'200'000, 3'000'000, 15'000'000 },
    { "claude-3-5-haiku-20241022", 600'000, 800'000, 4'000'000 },
} };

constexpr std::array<core::FailureCategory, 5> kFailures { core::FailureCategory::RateLimited,
                                                           core::FailureCategory::Timeout,
                                                           core::FailureCategory::ServerError,
                                                           core::FailureCategory::Overloaded,
                                                           core::FailureCategory::ContentFilter };

} // namespace

SyntheticTraffic::SyntheticTraffic(quint64 seed, qint64 fromMs, qint64 toMs, qint64 total)
    : m_seed(seed), m_fromMs(fromMs), m_toMs(toMs), m_total(std::max<qint64>(1, total))
{
}

core::store::RecordedCall SyntheticTraffic::call(qint64 n) const
{
    core::providers::sim::SimRandom random(m_seed * 0x9E3779B97F4A7C15ull + static_cast<quint64>(n));
    core::store::RecordedCall c;
    core::CallRecord &r = c.record;
    const qint64 span = m_toMs - m_fromMs;
    r.startedMs = m_fromMs + static_cast<qint64>(static_cast<double>(n) * static_cast<double>(span) / static_cast<double>(m_total));
    r.id = core::callIdAt(r.startedMs);
    const ModelProfile &model = kModels[static_cast<std::size_t>(random.below(int(kModels.size())))];
    r.provider = QLatin1String(model.name).startsWith(QLatin1String("gpt")) ? QStringLiteral("openai") : QStringLiteral("anthropic");
    r.model = QLatin1String(model.name);
    r.alias = QStringLiteral("chat");
    // Skewed: low-numbered features and tenants carry more traffic.
    r.feature = QStringLiteral("feature-%1").arg(std::min(random.below(8), random.below(8)));
    r.tenant = QStringLiteral("tenant-%1").arg(std::min(random.below(20), random.below(20)));
    const int prompt = random.below(5);
    r.promptName = prompt == 4 ? QString() : QStringLiteral("prompt-%1").arg(prompt);
    const double origin = random.uniform();
    r.origin = origin < 0.95 ? core::CallOrigin::Gateway : origin < 0.98 ? core::CallOrigin::Replay : core::CallOrigin::Eval;
    r.latencyUs = static_cast<qint64>(random.logNormal(model.medianLatencyUs, 0.6)) + 1;
    r.streamed = random.chance(0.7);
    if (r.streamed)
        r.ttftUs = static_cast<qint64>(static_cast<double>(r.latencyUs) * (0.1 + 0.3 * random.uniform())) + 1;
    r.inputTokens = static_cast<qint64>(random.logNormal(600, 0.9)) + 1;
    r.outputTokens = static_cast<qint64>(random.logNormal(150, 0.7)) + 1;
    r.cacheHit = random.chance(0.08);
    if (random.chance(0.04)) {
        r.status = core::CallStatus::Failed;
        r.failure = kFailures[static_cast<std::size_t>(random.below(int(kFailures.size())))];
        r.outputTokens = 0;
    }
    r.costMicros = r.cacheHit ? 0
                              : (r.inputTokens * model.inputPricePerMillion + r.outputTokens * model.outputPricePerMillion)
            / 1'000'000;
    c.requestJson = "{\"messages\":[]}";
    c.responseJson = "{}";
    return c;
}

core::Result<void> SyntheticTraffic::writeTo(core::store::Connection &connection,
                                             const std::function<void(core::store::RecordedCall &)> &adjust) const
{
    core::store::BatchWriter writer(connection, 16);
    std::vector<core::store::EncodedCall> batch;
    for (qint64 n = 0; n < m_total; ++n) {
        core::store::RecordedCall c = call(n);
        if (adjust)
            adjust(c);
        batch.push_back(core::store::encodeForWriting(std::move(c)));
        if (batch.size() == 1000 || n + 1 == m_total) {
            if (auto written = writer.write(batch); !written)
                return written;
            batch.clear();
        }
    }
    return {};
}

core::Result<core::store::WorkspaceSummary> SyntheticTraffic::writeToNew(
    const core::store::WorkspaceLocation &location, const std::function<void(core::store::RecordedCall &)> &adjust) const
{
    auto prepared = core::store::prepareWorkspace(location, core::store::Connection::Mode::CreateIfMissing);
    if (!prepared)
        return prepared;
    auto connection = core::store::Connection::open(location);
    if (!connection)
        return std::unexpected(connection.error());
    if (auto written = writeTo(**connection, adjust); !written)
        return std::unexpected(written.error());
    return prepared;
}

} // namespace switchboard::tests
